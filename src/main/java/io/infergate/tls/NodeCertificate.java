package io.infergate.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A node's certificate and key, signed by a {@link CertificateAuthority}; written as {@code NAME.crt}
 * (the node's certificate then the CA's: clients that pin the CA by its fingerprint must be sent
 * it) and {@code NAME.key}.
 */
public record NodeCertificate(String name, X509Certificate certificate, PrivateKey key, X509Certificate caCertificate) {

  /** Writes the two files into {@code dir}, created if absent; the key mode 0600; refuses to overwrite the key. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    PemFiles.writeKey(keyFile(dir), key);
    PemFiles.writeCertificates(certificateFile(dir), certificate, caCertificate);
  }

  public Path certificateFile(Path dir) {
    return dir.resolve(name + ".crt");
  }

  public Path keyFile(Path dir) {
    return dir.resolve(name + ".key");
  }

  @Override
  public String toString() {
    return "NodeCertificate[" + name + "]";
  }
}
