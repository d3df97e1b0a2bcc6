package io.infergate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCertificates;
import io.infergate.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http.ssl} with PEM files: the node serves HTTPS only, and the per-connection pieces that
 * hook the Netty pipeline (StrictFraming, the precheck) still see every request behind the TLS handler.
 */
class HttpsTest {

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static TestCertificates certificates;
  static HttpApi https;
  static int port;

  @BeforeAll
  static void start() {
    certificates = TestCertificates.create(conf.resolve("certs"));
    cluster = TestCluster.create(1, conf, 1, TestCluster.sqliteStore(conf))
        .httpSettings(new JsonObject().put("ssl", certificates.pemSettings()));
    cluster.startNode(0);
    port = cluster.node(0).httpPort();
    https = HttpApi.https(port, certificates.trustingCa());
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void requestsAreServedOverHttps() {
    assertThat(https.get("/").status()).isEqualTo(200);
    assertThat(https.get("/_inference/_all").json().getJsonArray("endpoints")).isNotNull();
  }

  @Test
  void aPlainHttpRequestOnTheTlsPortGetsNoHttpAnswer() throws Exception {
    assertThatThrownBy(() -> new HttpApi(port).get("/")).isInstanceOf(UncheckedIOException.class);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(answer).doesNotContain("HTTP/1.1");
    }
  }

  @Test
  void aClientThatDoesNotTrustTheCaIsRefused() throws Exception {
    javax.net.ssl.SSLContext defaults = javax.net.ssl.SSLContext.getDefault();
    assertThatThrownBy(() -> HttpApi.https(port, defaults).get("/")).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void anUnauthenticatedRequestIsStillRefusedByThePrecheck() {
    assertThat(https.anonymous().get("/_inference").status()).isEqualTo(401);
  }

  @Test
  void smuggledFramingIsStillRefusedBehindTls() {
    String smuggled = "GET /_inference HTTP/1.1\r\nHost: x\r\nAuthorization: " + https.basicAuthorization() + "\r\n\r\n";
    String chunk = "0\r\n\r\n";
    HttpApi.Response response = https.raw("POST /_inference/existing HTTP/1.1\r\nHost: x\r\nAuthorization: "
        + https.basicAuthorization() + "\r\nContent-Type: application/json\r\nContent-Length: "
        + (chunk.length() + smuggled.length()) + "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + smuggled);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("must not have both Content-Length and Transfer-Encoding")
        .doesNotContain("HTTP/1.1");
  }
}
