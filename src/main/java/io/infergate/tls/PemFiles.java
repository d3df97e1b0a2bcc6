package io.infergate.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/** Certificates and private keys (PKCS#8) as PEM files; a key file is created mode 0600, never widened first. */
final class PemFiles {

  private PemFiles() {
  }

  /** One certificate, or a chain (the leaf first) that a TLS server sends whole. */
  static void writeCertificates(Path file, X509Certificate... chain) throws IOException {
    StringBuilder text = new StringBuilder();
    for (X509Certificate certificate : chain) {
      text.append(pem(certificate));
    }
    Files.writeString(file, text, StandardCharsets.US_ASCII);
  }

  static void writeKey(Path file, PrivateKey key) throws IOException {
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(file.toString());
    }
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    }
    Files.writeString(file, pem(new JcaPKCS8Generator(key, null)), StandardCharsets.US_ASCII);
  }

  static X509Certificate readCertificate(Path file) throws IOException {
    Object read = parse(file);
    if (!(read instanceof X509CertificateHolder holder)) {
      throw new IOException(file + " holds no PEM certificate");
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  static PrivateKey readKey(Path file) throws IOException {
    Object read = parse(file);
    if (!(read instanceof PrivateKeyInfo info)) {
      throw new IOException(file + " holds no unencrypted PKCS#8 private key");
    }
    return new JcaPEMKeyConverter().getPrivateKey(info);
  }

  private static Object parse(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      return parser.readObject();
    }
  }

  private static String pem(X509Certificate certificate) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(certificate);
    }
    return text.toString();
  }

  private static String pem(PemObjectGenerator generator) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(generator);
    }
    return text.toString();
  }
}
