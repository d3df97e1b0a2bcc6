package io.infergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Conditions;
import io.infergate.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client can hold before it authenticates is bounded: a request that trickles in is cut at
 * the read timeout, an idle connection at the idle timeout, and connections beyond the limit are
 * closed as they arrive (small limits here, so that each is seen in seconds).
 */
class ConnectionLimitsTest {

  private static final int MAX_CONNECTIONS = 20;

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static int port;

  @BeforeAll
  static void start() {
    cluster = TestCluster.create(1, conf, 1, TestCluster.sqliteStore(conf)).httpSettings(new JsonObject()
        .put("read_timeout_ms", 1500).put("idle_timeout_seconds", 2).put("max_connections", MAX_CONNECTIONS));
    cluster.startNode(0);
    port = cluster.node(0).httpPort();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aBodySentAByteAtATimeIsCutAtTheReadTimeout() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(("PUT /_inference/sparse_embedding/slow HTTP/1.1\r\nHost: x\r\nAuthorization: "
          + cluster.http(0).basicAuthorization() + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      long started = System.nanoTime();
      boolean closed = false;
      for (int i = 0; i < 100 && !closed; i++) {
        try {
          socket.getOutputStream().write('{');
          socket.getOutputStream().flush();
        } catch (IOException reset) {
          closed = true;
        }
        Thread.sleep(100); // the slow client under test: a byte every 100 ms
        closed = closed || isClosed(socket);
      }
      assertThat(closed).as("the connection was closed").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
    }
  }

  @Test
  void anIdleConnectionIsClosed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      long started = System.nanoTime();
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    }
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAndTheNodeStillServes() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < MAX_CONNECTIONS + 10; i++) {
        held.add(new Socket("127.0.0.1", port));
      }
      Conditions.await(Duration.ofSeconds(10), "the connections beyond the limit closed",
          () -> held.stream().filter(ConnectionLimitsTest::isClosed).count() >= 10);
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
    Conditions.await(Duration.ofSeconds(10), "the node serves again",
        () -> cluster.http(0).get("/_inference").status() == 200);
  }

  /** True once the server has closed its side (a read sees the end of the stream). */
  private static boolean isClosed(Socket socket) {
    try {
      socket.setSoTimeout(1);
      InputStream in = socket.getInputStream();
      return in.read() == -1;
    } catch (java.net.SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }
}
