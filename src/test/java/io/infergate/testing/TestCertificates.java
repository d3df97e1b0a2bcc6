package io.infergate.testing;

import io.infergate.tls.CertificateAuthority;
import io.infergate.tls.NodeCertificate;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A CA and a node certificate for 127.0.0.1 and localhost, made with the certutil code into a
 * folder, with the settings that use them and client-side SSL contexts.
 */
public final class TestCertificates {

  private final Path dir;
  private final CertificateAuthority ca;
  private final NodeCertificate node;

  private TestCertificates(Path dir, CertificateAuthority ca, NodeCertificate node) {
    this.dir = dir;
    this.ca = ca;
    this.node = node;
  }

  public static TestCertificates create(Path dir) {
    try {
      CertificateAuthority ca = CertificateAuthority.create("Test CA", Duration.ofDays(1));
      ca.write(dir.resolve("ca"));
      NodeCertificate node = ca.issue("node", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
      node.write(dir);
      return new TestCertificates(dir, ca, node);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public CertificateAuthority ca() {
    return ca;
  }

  public NodeCertificate node() {
    return node;
  }

  public Path caCertificate() {
    return dir.resolve("ca").resolve(CertificateAuthority.CERTIFICATE_FILE);
  }

  /** An {@code ssl} section with TLS on and the node's PEM certificate and key. */
  public JsonObject pemSettings() {
    return new JsonObject().put("enabled", true).put("certificate", node.certificateFile(dir).toString())
        .put("key", node.keyFile(dir).toString());
  }

  /** The same, requiring client certificates signed by the CA. */
  public JsonObject clientCertificateSettings(String mode) {
    return pemSettings().put("certificate_authorities", new JsonArray().add(caCertificate().toString()))
        .put("client_authentication", mode);
  }

  /** The node's key and certificate chain as a PKCS#12 file with {@code password}. */
  public Path pkcs12(String password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("node", node.key(), password.toCharArray(),
          new Certificate[] {node.certificate(), ca.certificate()});
      Path file = dir.resolve("node.p12");
      try (var out = java.nio.file.Files.newOutputStream(file)) {
        store.store(out, password.toCharArray());
      }
      return file;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client context trusting the CA only. */
  public SSLContext trustingCa() {
    return context(false);
  }

  /** A client context trusting the CA and presenting the node's certificate as a client certificate. */
  public SSLContext withClientCertificate() {
    return context(true);
  }

  private SSLContext context(boolean presentCertificate) {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("ca", ca.certificate());
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      KeyManagerFactory keys = null;
      if (presentCertificate) {
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        own.setKeyEntry("node", node.key(), new char[0], new Certificate[] {node.certificate(), ca.certificate()});
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(own, new char[0]);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
