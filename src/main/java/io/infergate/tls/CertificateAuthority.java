package io.infergate.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority as {@code elasticsearch-certutil} makes one: an RSA key and a self-signed
 * CA certificate ({@code ca.crt}, {@code ca.key}), which signs node certificates carrying the
 * node's DNS names and IP addresses, usable as both TLS server and client (the event bus uses both).
 * Signed with the JDK's own providers; BouncyCastle only builds the certificates.
 */
public final class CertificateAuthority {

  public static final String CERTIFICATE_FILE = "ca.crt";
  public static final String KEY_FILE = "ca.key";
  private static final String SIGNATURE = "SHA256withRSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final PrivateKey key;

  private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
    this.certificate = certificate;
    this.key = key;
  }

  /** A new CA named {@code commonName}, valid for {@code validity}. */
  public static CertificateAuthority create(String commonName, Duration validity) throws GeneralSecurityException {
    KeyPair pair = rsaKeyPair();
    X500Name name = name(commonName);
    JcaX509v3CertificateBuilder builder = builder(name, name, pair, validity);
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
    } catch (CertIOException e) {
      throw new GeneralSecurityException(e);
    }
    return new CertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate());
  }

  /** The CA in {@code dir} ({@code ca.crt} and {@code ca.key}). */
  public static CertificateAuthority load(Path dir) throws IOException {
    return new CertificateAuthority(PemFiles.readCertificate(dir.resolve(CERTIFICATE_FILE)),
        PemFiles.readKey(dir.resolve(KEY_FILE)));
  }

  /** Writes {@code ca.crt} and {@code ca.key} (0600) into {@code dir}, created if absent; refuses to overwrite. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    PemFiles.writeKey(dir.resolve(KEY_FILE), key);
    PemFiles.writeCertificates(dir.resolve(CERTIFICATE_FILE), certificate);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public String fingerprint() {
    return Fingerprint.sha256(certificate);
  }

  /** A node certificate signed by this CA, with {@code dnsNames} and {@code ipAddresses} as its subject alternative names. */
  public NodeCertificate issue(String nodeName, List<String> dnsNames, List<String> ipAddresses, Duration validity)
      throws GeneralSecurityException {
    KeyPair pair = rsaKeyPair();
    JcaX509v3CertificateBuilder builder = builder(
        X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), name(nodeName), pair, validity);
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
          .addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
      if (!dnsNames.isEmpty() || !ipAddresses.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(dnsNames, ipAddresses));
      }
    } catch (CertIOException e) {
      throw new GeneralSecurityException(e);
    }
    return new NodeCertificate(nodeName, sign(builder, key), pair.getPrivate(), certificate);
  }

  private static GeneralNames alternativeNames(List<String> dnsNames, List<String> ipAddresses) {
    List<GeneralName> names = new ArrayList<>();
    dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
    for (String ip : ipAddresses) {
      try {
        names.add(new GeneralName(GeneralName.iPAddress, ip));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not an IP address: [" + ip + "]", e);
      }
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair pair,
      Duration validity) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, new BigInteger(159, RANDOM).add(BigInteger.ONE),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, pair.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair rsaKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048, RANDOM);
    return generator.generateKeyPair();
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }
}
