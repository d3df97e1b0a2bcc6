package io.infergate.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.events.BridgeClient.Frame;
import io.infergate.testing.Endpoints;
import io.infergate.testing.TestCertificates;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonObject;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code events.bridge_ssl}: subscribers connect over TLS, and a plain connection is never served a frame. */
class EventBridgeTlsTest {

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static TestCertificates certificates;
  static int port;

  @BeforeAll
  static void start() {
    certificates = TestCertificates.create(conf.resolve("certs"));
    cluster = TestCluster.create(1, conf, 1, TestCluster.sqliteStore(conf)).eventSettings(new JsonObject()
        .put("bridge_port", 0).put("bridge_ssl", certificates.pemSettings()));
    cluster.startNode(0);
    port = cluster.node(0).eventBridgePort();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aSubscriberOverTlsReceivesEvents() throws Exception {
    Socket socket = certificates.trustingCa().getSocketFactory().createSocket("127.0.0.1", port);
    try (BridgeClient client = BridgeClient.subscribed(BridgeClient.over(socket), cluster.node(0).vertx(),
        TestUsers.READER)) {
      assertThat(cluster.http(0).put("/_inference/sparse_embedding/bridge-tls", Endpoints.huggingFace()).status())
          .isEqualTo(200);
      Frame created = client.nextEvent("created", "bridge-tls");
      assertThat(Endpoints.containsSecret(created.text())).isFalse();
    }
  }

  @Test
  void aPlainConnectionGetsNoFrame() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      byte[] ping = new JsonObject().put("type", "ping").encode().getBytes(StandardCharsets.UTF_8);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeInt(ping.length);
      out.write(ping);
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(answer).doesNotContain("pong");
    }
  }
}
