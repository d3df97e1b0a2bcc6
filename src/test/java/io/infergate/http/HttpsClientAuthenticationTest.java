package io.infergate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCertificates;
import io.infergate.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http.ssl} with a PKCS#12 keystore and {@code client_authentication: required}: a client
 * without a certificate signed by {@code certificate_authorities} fails the handshake.
 */
class HttpsClientAuthenticationTest {

  private static final String PASSWORD = "keystore-pass-3f1";

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static TestCertificates certificates;
  static int port;

  @BeforeAll
  static void start() {
    certificates = TestCertificates.create(conf.resolve("certs"));
    JsonObject ssl = new JsonObject().put("enabled", true)
        .put("keystore", new JsonObject().put("path", certificates.pkcs12(PASSWORD).toString()))
        .put("certificate_authorities", certificates.caCertificate().toString())
        .put("client_authentication", "required");
    // the PKCS#12 file's password is a secure setting: in the node's keystore, not in its configuration
    cluster = TestCluster.create(1, conf, 1, TestCluster.sqliteStore(conf))
        .secureSetting("http.ssl.keystore.secure_password", PASSWORD)
        .httpSettings(new JsonObject().put("ssl", ssl));
    cluster.startNode(0);
    port = cluster.node(0).httpPort();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aClientWithACertificateSignedByTheCaIsServed() {
    assertThat(HttpApi.https(port, certificates.withClientCertificate()).get("/").status()).isEqualTo(200);
  }

  @Test
  void aClientWithoutACertificateIsRefused() {
    HttpApi noCertificate = HttpApi.https(port, certificates.trustingCa());
    assertThatThrownBy(() -> noCertificate.get("/")).isInstanceOf(UncheckedIOException.class);
  }
}
