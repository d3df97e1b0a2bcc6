package io.infergate.events;

import static io.infergate.events.BridgeClient.basic;
import static io.infergate.events.BridgeClient.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infergate.InfergateNode;
import io.infergate.bus.Addresses;
import io.infergate.bus.Principal;
import io.infergate.events.BridgeClient.Frame;
import io.infergate.security.LoginThrottleSettings;
import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

  private static final Duration WAIT = BridgeClient.WAIT;

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static InfergateNode node;
  static EventBridge bridge;
  static HttpApi admin;

  @BeforeAll
  static void start() {
    // A first throttling long enough that no refusal in these tests races its end.
    cluster = TestCluster.create(1, conf, 1, TestCluster.sqliteStore(conf))
        .securitySettings(new JsonObject().put("throttle_backoff_ms", 60_000));
    node = cluster.startNode(0);
    bridge = TestCluster.await(startBridge());
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
    EventBridge other = TestCluster.await(startBridge());
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
  void framesBehindAnUndecidedRegistrationWaitUnreadAndAreAnsweredInOrder() {
    int frames = 512;
    try (BridgeClient flooding = BridgeClient.connect(bridge.actualPort())) {
      List<JsonObject> flood = new ArrayList<>();
      // A wrong password takes a bcrypt on the worker pool: every ping behind it waits, unread.
      flood.add(register(Addresses.EVENTS, basic(TestUsers.READER, "flood-password")));
      flood.addAll(Collections.nCopies(frames, BridgeClient.PING));
      flooding.write(flood.toArray(JsonObject[]::new));
      assertAccessDenied(flooding.next());
      for (int i = 0; i < frames; i++) {
        assertThat(flooding.next().type()).isEqualTo("pong");
      }
      assertThat(flooding.probesSeen()).isZero();
    }
  }

  @Test
  void repeatedWrongPasswordsThrottleTheirAddressWhichThenGetsErrFramesEvenForTheRightPassword() {
    String attacker = "127.0.0.21";
    try (BridgeClient guessing = BridgeClient.connect(bridge.actualPort(), attacker)) {
      for (int i = 0; i < LoginThrottleSettings.DEFAULT_USER_FAILURES; i++) {
        assertThat(guessing.sendThenPing(register(Addresses.EVENTS, basic(TestUsers.READER, "guess-" + i))))
            .singleElement().satisfies(frame -> assertThat(frame.type()).isEqualTo("err"));
      }
      // The right password now: refused unchecked, since the user name is throttled at this address.
      assertThat(guessing.sendThenPing(register(Addresses.EVENTS, basic(TestUsers.READER, TestUsers.PASSWORD))))
          .singleElement().satisfies(frame -> assertThat(frame.type()).isEqualTo("err"));
    }
    try (BridgeClient elsewhere = BridgeClient.connect(bridge.actualPort(), "127.0.0.22")) {
      assertThat(elsewhere.sendThenPing(register(Addresses.EVENTS, basic(TestUsers.READER, TestUsers.PASSWORD))))
          .as("the same user from another address").isEmpty();
      awaitSubscribed(elsewhere);
    }
  }

  @Test
  void anInvalidPortIsRefused() {
    assertThatThrownBy(() -> BridgeSettings.defaults("127.0.0.1", 70_000))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid event bridge port [70000]");
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static Future<EventBridge> startBridge() {
    return EventBridge.start(node.vertx(), node.security(), BridgeSettings.defaults("127.0.0.1", 0),
        node.eventIntegrity());
  }

  private static BridgeClient subscribed(String user) {
    return BridgeClient.subscribed(bridge.actualPort(), node.vertx(), user);
  }

  private static void awaitSubscribed(BridgeClient client) {
    client.awaitSubscribed(node.vertx());
  }

  private static void assertAccessDenied(Frame frame) {
    assertThat(frame.type()).as(frame.text()).isEqualTo("err");
    assertThat(frame.json().getString("message")).isEqualTo("access_denied");
  }

  private static BridgeClient track(List<BridgeClient> clients, BridgeClient client) {
    clients.add(client);
    return client;
  }
}
