package io.infergate.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.infergate.InfergateNode;
import io.infergate.bus.Addresses;
import io.infergate.bus.Principal;
import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TCP event-bus bridge against one real node, spoken to over a plain socket in the bridge's
 * frame protocol: authenticated subscribers receive the endpoint events unchanged, nobody can send
 * or publish, and refused registrations receive nothing.
 */
class EventBridgeTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String PROBE = "bridge-test-probe";

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static InfergateNode node;
  static EventBridge bridge;
  static HttpApi admin;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(1, conf);
    node = cluster.node(0);
    bridge = TestCluster.await(EventBridge.start(node.vertx(), node.security(), "127.0.0.1", 0));
    admin = cluster.http(0).as(TestUsers.ADMIN);
  }

  @AfterAll
  static void stop() {
    if (bridge != null) {
      TestCluster.await(bridge.close());
    }
    cluster.close();
  }

  @Test
  void subscriberReceivesCreatedAndDeletedEventsUnchangedAndWithoutSecrets() {
    try (BridgeClient client = subscribed(TestUsers.READER)) {
      assertThat(admin.put("/_inference/sparse_embedding/bridge-events", Endpoints.huggingFace()).status()).isEqualTo(200);
      assertThat(admin.delete("/_inference/bridge-events").status()).isEqualTo(200);

      Frame created = client.nextEvent("created", "bridge-events");
      Frame deleted = client.nextEvent("deleted", "bridge-events");

      for (Frame frame : List.of(created, deleted)) {
        assertThat(frame.json().getString("address")).isEqualTo(Addresses.EVENTS);
        JsonObject event = frame.body();
        assertThat(event.getString("inference_id")).isEqualTo("bridge-events");
        assertThat(event.getString("task_type")).isEqualTo("sparse_embedding");
        assertThat(event.getString("service")).isEqualTo("hugging_face");
        assertThat(event.getString("node")).isEqualTo("node-1");
        assertThat(event.getJsonObject("principal").getString("username")).isEqualTo(TestUsers.ADMIN);
        assertThat(event.getString("timestamp")).isNotBlank();
        assertThat(Endpoints.containsSecret(frame.text())).as(frame.text()).isFalse();
        assertThat(frame.text()).doesNotContain("api_key").doesNotContain("service_settings");
      }
      assertThat(deleted.body().getLong("revision")).isGreaterThan(created.body().getLong("revision"));
    }
  }

  @Test
  void sendAndPublishAreDeniedAndNeverReachTheEventBus() {
    List<Object> forgedOnTheBus = new CopyOnWriteArrayList<>();
    Handler<DeliveryContext<Object>> interceptor = delivery -> {
      if (delivery.message().body() instanceof JsonObject body && body.containsKey("forged_by")) {
        forgedOnTheBus.add(delivery.message().address());
      }
      delivery.next();
    };
    node.vertx().eventBus().addOutboundInterceptor(interceptor);
    try (BridgeClient client = subscribed(TestUsers.READER)) {
      assertThat(admin.put("/_inference/sparse_embedding/bridge-keep", Endpoints.huggingFace()).status()).isEqualTo(200);
      client.nextEvent("created", "bridge-keep");
      JsonObject deleteCommand = new JsonObject().put("op", "delete").put("inference_id", "bridge-keep")
          .put("force", true).put("principal", new Principal(TestUsers.ELASTIC, List.of("superuser"), "default_file")
              .toJson()).put("forged_by", "test");

      client.send(new JsonObject().put("type", "send").put("address", Addresses.REGISTRY)
          .put("body", deleteCommand).put("replyAddress", "r1"));
      assertAccessDenied(client.next());

      client.send(new JsonObject().put("type", "send").put("address", Addresses.REGISTRY).put("body", deleteCommand));
      assertAccessDenied(client.next());

      JsonObject forgedEvent = new JsonObject().put("type", "deleted").put("inference_id", "bridge-keep")
          .put("forged_by", "test");
      client.send(new JsonObject().put("type", "publish").put("address", Addresses.EVENTS).put("body", forgedEvent));
      assertAccessDenied(client.next());

      client.send(new JsonObject().put("type", "send").put("address", Addresses.EVENTS).put("body", forgedEvent));
      assertAccessDenied(client.next());

      // The subscribed client itself would have received a published forgery before its pong.
      assertThat(client.ping()).isEmpty();
    } finally {
      node.vertx().eventBus().removeOutboundInterceptor(interceptor);
    }
    assertThat(forgedOnTheBus).isEmpty();
    assertThat(admin.get("/_inference/bridge-keep").status()).isEqualTo(200);
  }

  @Test
  void refusedRegistrationsGetAnErrorAndNoEvents() {
    List<BridgeClient> refused = new ArrayList<>();
    try {
      List<JsonObject> registrations = List.of(
          register(Addresses.EVENTS, basic(TestUsers.READER, "not-the-password")),
          new JsonObject().put("type", "register").put("address", Addresses.EVENTS),
          register(Addresses.EVENTS, basic(TestUsers.OUTSIDER, TestUsers.PASSWORD)),
          register(Addresses.EVENTS, "Bearer " + TestUsers.PASSWORD),
          register(Addresses.EVENTS, "Basic not-base64!"),
          register(Addresses.REGISTRY, basic(TestUsers.ELASTIC, TestUsers.PASSWORD)));
      for (JsonObject registration : registrations) {
        BridgeClient client = track(refused, BridgeClient.connect(bridge.actualPort()));
        // Frames take effect in order: the refusal arrives before the pong of a ping written with it.
        assertThat(client.sendThenPing(registration)).as(registration.encode())
            .singleElement().satisfies(frame -> assertThat(frame.type()).isEqualTo("err"));
      }

      try (BridgeClient witness = subscribed(TestUsers.READER)) {
        assertThat(admin.put("/_inference/sparse_embedding/bridge-refused", Endpoints.huggingFace()).status())
            .isEqualTo(200);
        assertThat(admin.delete("/_inference/bridge-refused").status()).isEqualTo(200);
        witness.nextEvent("deleted", "bridge-refused");
      }
      for (BridgeClient client : refused) {
        assertThat(client.ping()).isEmpty();
        assertThat(client.probesSeen()).isZero();
      }
      assertThat(admin.get("/_inference").status()).isEqualTo(200);
    } finally {
      refused.forEach(BridgeClient::close);
    }
  }

  @Test
  void aSecondRegistrationIsRefusedAndAfterUnregisterAllowedAgain() {
    try (BridgeClient client = subscribed(TestUsers.ELASTIC)) {
      assertThat(client.sendThenPing(register(Addresses.EVENTS, basic(TestUsers.ELASTIC, TestUsers.PASSWORD))))
          .singleElement().satisfies(frame -> assertThat(frame.type()).isEqualTo("err"));

      assertThat(admin.put("/_inference/sparse_embedding/bridge-once", Endpoints.huggingFace()).status()).isEqualTo(200);
      assertThat(admin.delete("/_inference/bridge-once").status()).isEqualTo(200);
      List<Frame> received = new ArrayList<>();
      received.add(client.nextEvent("created", "bridge-once"));
      received.add(client.nextEvent("deleted", "bridge-once"));
      received.addAll(client.ping());
      assertThat(received).extracting(frame -> frame.body().getString("type")).containsExactly("created", "deleted");

      assertThat(client.sendThenPing(new JsonObject().put("type", "unregister").put("address", Addresses.EVENTS)))
          .isEmpty();
      assertThat(client.sendThenPing(register(Addresses.EVENTS, basic(TestUsers.READER, TestUsers.PASSWORD))))
          .isEmpty();
      awaitSubscribed(client);
    }
  }

  @Test
  void closingAConnectionOrTheBridgeEndsItsSubscriptions() throws IOException {
    EventBridge other = TestCluster.await(EventBridge.start(node.vertx(), node.security(), "127.0.0.1", 0));
    try {
      assertThat(other.actualPort()).isPositive().isNotEqualTo(bridge.actualPort());
      BridgeClient leaving = BridgeClient.connect(other.actualPort());
      assertThat(leaving.ping()).isEmpty();
      BridgeClient staying = BridgeClient.connect(other.actualPort());
      assertThat(staying.sendThenPing(register(Addresses.EVENTS, basic(TestUsers.READER, TestUsers.PASSWORD))))
          .isEmpty();
      awaitSubscribed(staying);
      assertThat(other.openConnections()).isEqualTo(2);

      leaving.close();
      Conditions.await(WAIT, "the closed connection is forgotten", () -> other.openConnections() == 1);

      TestCluster.await(other.close());
      assertThat(staying.framesUntilEnd()).isEmpty();
      Conditions.await(WAIT, "every connection is forgotten", () -> other.openConnections() == 0);
      assertThatThrownBy(() -> new Socket("127.0.0.1", other.actualPort()).close()).isInstanceOf(ConnectException.class);
      staying.close();
    } finally {
      TestCluster.await(other.close());
    }
  }

  @Test
  void aConnectionPilingUpFramesBehindAnUndecidedRegistrationIsClosed() {
    int frames = BridgeSession.MAX_WAITING * 4;
    try (BridgeClient bursting = BridgeClient.connect(bridge.actualPort())) {
      // Decided at once, pings never pile up, however many arrive together.
      bursting.write(Collections.nCopies(frames, BridgeClient.PING).toArray(JsonObject[]::new));
      for (int i = 0; i < frames; i++) {
        assertThat(bursting.next().type()).isEqualTo("pong");
      }
    }
    try (BridgeClient flooding = BridgeClient.connect(bridge.actualPort())) {
      List<JsonObject> flood = new ArrayList<>();
      // A wrong password takes a bcrypt on the worker pool: every ping behind it waits.
      flood.add(register(Addresses.EVENTS, basic(TestUsers.READER, "flood-password")));
      flood.addAll(Collections.nCopies(frames, BridgeClient.PING));
      flooding.write(flood.toArray(JsonObject[]::new));
      assertThat(flooding.framesUntilEnd()).noneMatch(frame -> "pong".equals(frame.type()));
    }
  }

  @Test
  void anInvalidPortIsRefused() {
    assertThatThrownBy(() -> TestCluster.await(EventBridge.start(node.vertx(), node.security(), "127.0.0.1", 70_000)))
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** A client registered on the events as {@code user}, whose subscription events already reach. */
  private static BridgeClient subscribed(String user) {
    BridgeClient client = BridgeClient.connect(bridge.actualPort());
    assertThat(client.sendThenPing(register(Addresses.EVENTS, basic(user, TestUsers.PASSWORD))))
        .as("frames before the pong of a registration").isEmpty();
    awaitSubscribed(client);
    return client;
  }

  /**
   * Publishes probes on the node's event bus until one reaches the client: its consumer is then
   * known to the clustered event bus, and later events reach it too.
   */
  private static void awaitSubscribed(BridgeClient client) {
    int before = client.probesSeen();
    Conditions.await(WAIT, "a probe reaches the bridge client", () -> {
      node.vertx().eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", PROBE));
      return client.probesSeen() > before;
    });
  }

  private static void assertAccessDenied(Frame frame) {
    assertThat(frame.type()).as(frame.text()).isEqualTo("err");
    assertThat(frame.json().getString("message")).isEqualTo("access_denied");
  }

  private static JsonObject register(String address, String authorization) {
    return new JsonObject().put("type", "register").put("address", address)
        .put("headers", new JsonObject().put("authorization", authorization));
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static BridgeClient track(List<BridgeClient> clients, BridgeClient client) {
    clients.add(client);
    return client;
  }

  /** A frame as received: the JSON object and its exact text. */
  record Frame(JsonObject json, String text) {

    String type() {
      return json.getString("type");
    }

    JsonObject body() {
      return json.getJsonObject("body");
    }
  }

  /**
   * A bridge client over a plain socket: writes frames (4-byte big-endian length, UTF-8 JSON), and a
   * reader thread queues what arrives. Probe messages are only counted. Every wait is bounded.
   */
  static final class BridgeClient implements AutoCloseable {

    private static final Frame END = new Frame(new JsonObject().put("type", "end of stream"), "");
    static final JsonObject PING = new JsonObject().put("type", "ping");

    private final Socket socket;
    private final DataOutputStream out;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final AtomicInteger probes = new AtomicInteger();

    private BridgeClient(Socket socket) throws IOException {
      this.socket = socket;
      this.out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      Thread reader = new Thread(() -> read(in), "bridge-client-" + socket.getLocalPort());
      reader.setDaemon(true);
      reader.start();
    }

    static BridgeClient connect(int port) {
      try {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        return new BridgeClient(socket);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void read(DataInputStream in) {
      try {
        while (true) {
          byte[] payload = new byte[in.readInt()];
          in.readFully(payload);
          String text = new String(payload, StandardCharsets.UTF_8);
          Frame frame = new Frame(new JsonObject(text), text);
          if ("message".equals(frame.type()) && frame.json().getValue("body") instanceof JsonObject body
              && PROBE.equals(body.getString("type"))) {
            probes.incrementAndGet();
          } else {
            frames.add(frame);
          }
        }
      } catch (EOFException | java.net.SocketException ended) {
        // the connection was closed
      } catch (IOException | RuntimeException e) {
        frames.add(new Frame(new JsonObject().put("type", "client failure").put("message", e.toString()), ""));
      } finally {
        frames.add(END);
      }
    }

    void send(JsonObject frame) {
      write(frame);
    }

    void write(JsonObject... frames) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream data = new DataOutputStream(bytes);
      try {
        for (JsonObject frame : frames) {
          byte[] payload = frame.encode().getBytes(StandardCharsets.UTF_8);
          data.writeInt(payload.length);
          data.write(payload);
        }
        out.write(bytes.toByteArray());
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Writes the frame and a ping in one write, so that the bridge reads both at once, and returns
     * every frame that arrived before the pong.
     */
    List<Frame> sendThenPing(JsonObject frame) {
      write(frame, PING);
      return framesUntilPong();
    }

    /** The next frame other than a probe; fails when none arrives in time. */
    Frame next() {
      try {
        Frame frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
          fail("no frame within " + WAIT);
        }
        return frame;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    /** Skips other events until the event of that type and id; fails on anything that is not a message. */
    Frame nextEvent(String type, String inferenceId) {
      while (true) {
        Frame frame = next();
        assertThat(frame.type()).as(frame.text()).isEqualTo("message");
        if (type.equals(frame.body().getString("type")) && inferenceId.equals(frame.body().getString("inference_id"))) {
          return frame;
        }
      }
    }

    /** Sends a ping and returns every frame that arrived before its pong. */
    List<Frame> ping() {
      write(PING);
      return framesUntilPong();
    }

    private List<Frame> framesUntilPong() {
      List<Frame> before = new ArrayList<>();
      for (Frame frame = next(); !"pong".equals(frame.type()); frame = next()) {
        assertThat(frame).as("the connection ended before the pong").isNotSameAs(END);
        before.add(frame);
      }
      return before;
    }

    int probesSeen() {
      return probes.get();
    }

    /** Waits until the server has closed the connection; returns the frames that came before. */
    List<Frame> framesUntilEnd() {
      List<Frame> before = new ArrayList<>();
      for (Frame frame = next(); frame != END; frame = next()) {
        assertThat(frame.type()).as(frame.text()).isNotEqualTo("client failure");
        before.add(frame);
      }
      return before;
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }
}
