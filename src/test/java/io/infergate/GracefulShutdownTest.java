package io.infergate;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.SseClient;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: a graceful stop ({@link InfergateNode#shutdown}) turns the readiness probe 503 at once
 * while the node still serves for the drain delay, then accepts no connection, ends event streams
 * with their last chunk (and bridge connections after a last {@code node_shutting_down} frame), and lets a request already under way finish; one still under way at the
 * deadline is cut, and the stop goes on at once. Two nodes started and stopped (about 15 s): with the
 * rolling-restart test in {@code -Pextended}, since the default suite is at its ten minutes.
 */
@Tag("long")
class GracefulShutdownTest {

  @TempDir
  Path conf;

  @Test
  void readyTurns503AtOnceAndARequestUnderWayFinishes() throws Exception {
    try (TestCluster cluster = TestCluster.create(1, conf, 1, TestCluster.sqliteStore(conf))
        .eventSettings(new JsonObject().put("bridge_port", 0))) {
      cluster.startNode(0);
      int port = cluster.node(0).httpPort();
      HttpApi anonymous = cluster.http(0).anonymous();
      assertThat(anonymous.get("/_infergate/ready").status()).isEqualTo(200);
      try (SseClient stream = SseClient.open(port, "/_inference/_events", TestUsers.READER, null);
          Socket slow = new Socket("127.0.0.1", port);
          Socket bridge = new Socket("127.0.0.1", cluster.node(0).eventBridgePort())) {
        stream.awaitComment("caught up");
        DataOutputStream bridgeOut = new DataOutputStream(bridge.getOutputStream());
        DataInputStream bridgeIn = new DataInputStream(bridge.getInputStream());
        bridge.setSoTimeout(30_000);
        writeFrame(bridgeOut, new JsonObject().put("type", "register").put("address", "infergate.events")
            .put("headers", new JsonObject().put("authorization", basic(TestUsers.READER))));
        writeFrame(bridgeOut, new JsonObject().put("type", "ping"));
        assertThat(readFrame(bridgeIn).getString("type")).as("the registration answered by the pong alone")
            .isEqualTo("pong");
        // A PUT whose body is half sent when the shutdown begins: it has arrived, so it must finish.
        byte[] body = Endpoints.huggingFace().encode().getBytes(StandardCharsets.UTF_8);
        OutputStream out = slow.getOutputStream();
        out.write(("PUT /_inference/sparse_embedding/under-way HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
            + basic(TestUsers.ADMIN) + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, 10);
        out.flush();

        Future<Void> stopped = cluster.node(0).shutdown(Duration.ofMillis(1500), Duration.ofSeconds(30));
        // During the drain delay the node still answers, but is no longer ready.
        assertThat(anonymous.get("/_infergate/ready").status()).isEqualTo(503);
        assertThat(anonymous.get("/_infergate/live").status()).isEqualTo(200);

        assertThat(stream.awaitEnd(Duration.ofSeconds(30))).isEqualTo("end");
        assertThat(stream.comments()).contains("node shutting down");
        Conditions.await(Duration.ofSeconds(30), "new connections refused", () -> refusesConnections(port));
        assertThat(stopped.isComplete()).as("the stop waits for the request under way").isFalse();

        out.write(body, 10, body.length - 10);
        out.flush();
        slow.setSoTimeout(30_000);
        String response = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(response).startsWith("HTTP/1.1 200").contains("\"inference_id\":\"under-way\"");
        // The bridge closes once HTTP has finished: its subscriber gets the event of the PUT that finished,
        // a last frame saying why, then the end of the connection (no reset).
        JsonObject event = readFrame(bridgeIn);
        assertThat(event.getString("type")).isEqualTo("message");
        assertThat(event.getJsonObject("body").getString("inference_id")).isEqualTo("under-way");
        assertThat(readFrame(bridgeIn)).isEqualTo(new JsonObject().put("type", "err")
            .put("message", "node_shutting_down"));
        assertThat(bridgeIn.read()).as("the bridge connection's end").isEqualTo(-1);
        TestCluster.await(stopped);
      }
    }
  }

  @Test
  void aRequestStillUnderWayAtTheDeadlineIsCutAndTheStopGoesOn() throws Exception {
    try (TestCluster cluster = TestCluster.start(1, conf);
        Socket slow = new Socket("127.0.0.1", cluster.node(0).httpPort())) {
      OutputStream out = slow.getOutputStream();
      out.write(("PUT /_inference/sparse_embedding/never-done HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
          + basic(TestUsers.ADMIN) + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // A round trip on another connection of the same event loop: the PUT's head has been read by then.
      assertThat(cluster.http(0).anonymous().get("/_infergate/live").status()).isEqualTo(200);
      long start = System.nanoTime();
      TestCluster.await(cluster.node(0).shutdown(Duration.ZERO, Duration.ofMillis(500)));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // It waited for the request until the deadline, then cut it and went on at once.
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(450)).isLessThan(Duration.ofSeconds(20));
      slow.setSoTimeout(10_000);
      InputStream in = slow.getInputStream();
      byte[] answer;
      try {
        answer = in.readAllBytes();
      } catch (IOException reset) {
        answer = new byte[0];
      }
      assertThat(new String(answer, StandardCharsets.UTF_8)).doesNotContain("HTTP/1.1 2");
    }
  }

  private static void writeFrame(DataOutputStream out, JsonObject frame) throws IOException {
    byte[] bytes = frame.encode().getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
    out.flush();
  }

  private static JsonObject readFrame(DataInputStream in) throws IOException {
    byte[] payload = new byte[in.readInt()];
    in.readFully(payload);
    return new JsonObject(new String(payload, StandardCharsets.UTF_8));
  }

  private static boolean refusesConnections(int port) {
    try (Socket probe = new Socket("127.0.0.1", port)) {
      return false;
    } catch (ConnectException refused) {
      return true;
    } catch (IOException other) {
      return false;
    }
  }

  private static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + TestUsers.PASSWORD)
        .getBytes(StandardCharsets.UTF_8));
  }
}
