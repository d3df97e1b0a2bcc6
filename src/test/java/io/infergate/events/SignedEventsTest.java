package io.infergate.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.infergate.bus.Addresses;
import io.infergate.bus.EndpointEvent;
import io.infergate.store.DurableStore;
import io.infergate.store.JdbcRingbufferStore;
import io.infergate.store.StoreSettings;
import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.SseClient;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestSecrets;
import io.infergate.testing.TestUsers;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, signed events: a process that joins with the cluster's name alone (plain Hazelcast and
 * Vert.x, no keystore) publishes a forged deletion on the events address and adds one to the event
 * log's ringbuffer. No SSE stream, bridge client or Java subscriber delivers it, the gateways audit
 * it, the store keeps none of it, and the genuine deletion made after it left arrives, in order, at
 * every one of them. Events written before events were signed stay readable.
 */
class SignedEventsTest {

  private static final String EVENT_TABLE = "infergate_endpoints_events";
  /** Written only into what the rogue forges: it must appear nowhere. */
  private static final String FORGED_MARK = "forged-by-the-rogue";

  @TempDir
  Path dir;

  @Test
  void forgedEventsOnTheBusAndInTheLogReachNoConsumerAndNotTheStore() throws Exception {
    TestCluster cluster = TestCluster.start(2, dir.resolve("conf"));
    List<AutoCloseable> closing = new java.util.ArrayList<>();
    EventBridge bridge = null;
    Vertx subscriberVertx = null;
    Rogue rogue = null;
    try {
      HttpApi admin = cluster.http(0).as(TestUsers.ADMIN);
      assertThat(admin.put("/_inference/sparse_embedding/target", Endpoints.huggingFace()).status()).isEqualTo(200);
      bridge = TestCluster.await(EventBridge.start(cluster.node(1).vertx(), cluster.node(1).security(),
          BridgeSettings.defaults("127.0.0.1", 0), cluster.node(1).eventIntegrity()));
      // Subscribed first: its probes are events to the consumers subscribed before it.
      BridgeClient bridged = BridgeClient.subscribed(bridge.actualPort(), cluster.node(1).vertx(), TestUsers.READER);
      closing.add(bridged);
      subscriberVertx = cluster.joinAsSubscriber();
      List<EndpointEvent> javaReceived = new CopyOnWriteArrayList<>();
      List<Throwable> javaErrors = new CopyOnWriteArrayList<>();
      Subscription subscription = TestCluster.await(EndpointEventSubscriber.create(subscriberVertx, "signed-events-test",
          TestSecrets.clusterSecret())).subscribe(EventFilter.all(), -1, javaReceived::add, javaErrors::add);
      TestCluster.await(subscription.ready());

      try (SseClient onA = SseClient.open(cluster.node(0).httpPort(), "/_inference/_events", TestUsers.READER, null);
           SseClient onB = SseClient.open(cluster.node(1).httpPort(), "/_inference/_events", TestUsers.READER, null)) {
        onA.awaitComment("caught up");
        onB.awaitComment("caught up");
        long nextSequence = ringbuffer(cluster.hazelcast(0)).tailSequence() + 1;
        long rowsBefore = storedRows(null);

        rogue = Rogue.join(cluster);
        JsonObject forged = forgedDeletion(nextSequence);
        // The rogue has no key: no tag, a made-up one, or one made with a key of its own.
        EventIntegrity otherKey = EventIntegrity.forGateway("rogue", new io.infergate.secrets.ClusterKeyring(new byte[32], List.of()),
            Clock.systemUTC());
        List<DeliveryOptions> attempts = List.of(new DeliveryOptions(),
            new DeliveryOptions().addHeader(EventIntegrity.TAG_HEADER, "00000000:" + "A".repeat(44)),
            otherKey.publishing(Addresses.EVENTS, forged));
        Rogue publisher = rogue;
        // Until both gateways have refused some: the rogue's view of the subscriptions is then complete.
        Conditions.await(Duration.ofSeconds(30), "both gateways refuse the forged events", () -> {
          attempts.forEach(options -> publisher.vertx.eventBus().publish(Addresses.EVENTS, forged, options));
          String audit = audit(cluster);
          return audit.contains("\"node\":\"node-1\",\"event\":\"event_refused\"")
              && audit.contains("\"node\":\"node-2\",\"event\":\"event_refused\"");
        });

        Ringbuffer<String> rogueLog = ringbuffer(rogue.hazelcast);
        assertThatThrownBy(() -> rogueLog.add(forged.encode())).as("the owner's store refuses the unsigned item")
            .hasMessageContaining("not signed by a gateway");
        assertThatThrownBy(() -> rogueLog.add("00000000:AAAA " + forged.encode()))
            .hasMessageContaining("not signed by a gateway");
        assertThat(ringbuffer(cluster.hazelcast(1)).tailSequence()).as("no sequence taken").isEqualTo(nextSequence - 1);
        assertThat(storedRows(null)).isEqualTo(rowsBefore);
        assertThat(storedRows(FORGED_MARK)).isZero();
        Conditions.await(Duration.ofSeconds(10), "the store's refusal audited", () -> audit(cluster)
            .contains("\"event\":\"event_refused\",\"source\":\"event_log\""));

        rogue.leave();
        rogue = null;
        cluster.awaitGreen();
        assertThat(admin.delete("/_inference/target").status()).isEqualTo(200);

        for (SseClient stream : List.of(onA, onB)) {
          SseClient.Event deleted = stream.awaitEvents(1).get(0);
          assertThat(deleted.name()).isEqualTo("deleted");
          assertThat(deleted.id()).as("the sequence the forgery claimed is the genuine deletion's")
              .isEqualTo(Long.toString(nextSequence));
          assertGenuine(deleted.json());
        }
        BridgeClient.Frame bridgedDeletion = bridged.nextEvent("deleted", "target");
        assertGenuine(bridgedDeletion.json().getJsonObject("body"));
        assertThat(bridgedDeletion.json().getJsonObject("headers").fieldNames()).doesNotContain(EventIntegrity.TAG_HEADER);
        Conditions.await(Duration.ofSeconds(10), "the Java subscriber's deletion", () -> !javaReceived.isEmpty());
        assertThat(javaReceived).singleElement().satisfies(event -> {
          assertThat(event.type()).isEqualTo(EndpointEvent.Type.DELETED);
          assertThat(event.sequence()).isEqualTo(nextSequence);
          assertThat(event.principal().username()).isEqualTo(TestUsers.ADMIN);
        });
        assertThat(javaErrors).isEmpty();
        assertThat(onA.events()).hasSize(1);
        assertThat(onB.events()).hasSize(1);
      }

      try (SseClient replay = SseClient.open(cluster.node(1).httpPort(), "/_inference/_events?from_sequence=0",
          TestUsers.READER, null)) {
        replay.awaitComment("caught up");
        assertThat(replay.events()).extracting(SseClient.Event::data).noneMatch(data -> data.contains(FORGED_MARK));
        assertThat(replay.events()).extracting(SseClient.Event::name).containsExactly("created", "deleted");
      }
      assertThat(audit(cluster)).doesNotContain(FORGED_MARK).doesNotContain("nobody");
      TestCluster.await(subscription.close());
    } finally {
      if (rogue != null) {
        rogue.leave();
      }
      for (AutoCloseable resource : closing) {
        resource.close();
      }
      if (bridge != null) {
        TestCluster.await(bridge.close());
      }
      if (subscriberVertx != null) {
        TestCluster.await(subscriberVertx.close());
      }
      cluster.close();
    }
  }

  /**
   * With the memory store nothing refuses the rogue's append: the forged item takes a sequence. Live
   * streams, streams catching up across it and the Java subscriber skip it and deliver the genuine
   * deletion after it.
   */
  @Test
  void aForgedItemInTheLogIsSkippedAndTheEventsAfterItFlow() throws Exception {
    TestCluster cluster = TestCluster.start(2, dir.resolve("conf"), 1, new JsonObject().put("type", "memory"));
    Vertx subscriberVertx = null;
    Rogue rogue = null;
    try {
      HttpApi admin = cluster.http(0).as(TestUsers.ADMIN);
      assertThat(admin.put("/_inference/sparse_embedding/target", Endpoints.huggingFace()).status()).isEqualTo(200);
      long created = ringbuffer(cluster.hazelcast(0)).tailSequence();
      try (SseClient live = SseClient.open(cluster.node(1).httpPort(), "/_inference/_events?from_sequence=" + created,
          TestUsers.READER, null)) {
        live.awaitComment("caught up");
        assertThat(live.awaitEvents(1).get(0).name()).isEqualTo("created");

        rogue = Rogue.join(cluster);
        long forgedSequence = ringbuffer(rogue.hazelcast).add(forgedDeletion(created + 1).encode());
        assertThat(forgedSequence).isEqualTo(created + 1);
        rogue.leave();
        rogue = null;

        subscriberVertx = cluster.joinAsSubscriber();
        List<EndpointEvent> javaReceived = new CopyOnWriteArrayList<>();
        List<Throwable> javaErrors = new CopyOnWriteArrayList<>();
        Subscription subscription = TestCluster.await(EndpointEventSubscriber.create(subscriberVertx,
            "signed-events-test", TestSecrets.clusterSecret())).subscribe(EventFilter.all(), created, javaReceived::add, javaErrors::add);
        TestCluster.await(subscription.ready());
        Conditions.await(Duration.ofSeconds(10), "the Java subscriber's catch-up", () -> !javaReceived.isEmpty());

        cluster.awaitGreen();
        assertThat(admin.delete("/_inference/target").status()).isEqualTo(200);
        long deletion = forgedSequence + 1;

        List<SseClient.Event> streamed = live.awaitEvents(2);
        assertThat(streamed).extracting(SseClient.Event::id)
            .containsExactly(Long.toString(created), Long.toString(deletion));
        assertGenuine(streamed.get(1).json());
        Conditions.await(Duration.ofSeconds(10), "the Java subscriber's deletion", () -> javaReceived.size() >= 2);
        assertThat(javaReceived).extracting(EndpointEvent::sequence).containsExactly(created, deletion);
        assertThat(javaReceived.get(1).principal().username()).isEqualTo(TestUsers.ADMIN);
        assertThat(javaErrors).isEmpty();
        TestCluster.await(subscription.close());

        for (int node = 0; node < 2; node++) {
          try (SseClient replay = SseClient.open(cluster.node(node).httpPort(),
              "/_inference/_events?from_sequence=" + created, TestUsers.READER, null)) {
            replay.awaitComment("caught up");
            assertThat(replay.events()).extracting(SseClient.Event::id)
                .containsExactly(Long.toString(created), Long.toString(deletion));
            assertThat(replay.events()).extracting(SseClient.Event::data).noneMatch(data -> data.contains(FORGED_MARK));
          }
        }
        Conditions.await(Duration.ofSeconds(10), "the refused item in the audit trail",
            () -> audit(cluster).contains("\"event\":\"event_refused\",\"source\":\"event_log\",\"address\":\""
                + TestSecrets.ENDPOINTS.eventLog() + "\""));
        assertThat(audit(cluster)).contains("\"sequence\":" + forgedSequence).doesNotContain(FORGED_MARK)
            .doesNotContain("nobody");
      }
    } finally {
      if (rogue != null) {
        rogue.leave();
      }
      if (subscriberVertx != null) {
        TestCluster.await(subscriberVertx.close());
      }
      cluster.close();
    }
  }

  /** Rows of an event table written before events were signed: only our nodes wrote it, so they are trusted. */
  @Test
  void eventsStoredBeforeEventsWereSignedAreReadBackAndTheLogGoesOnAfterThem() throws Exception {
    Path conf = dir.resolve("conf");
    JsonObject store = TestCluster.sqliteStore(conf);
    List<String> legacy = List.of(legacyEvent("created", "old-one", 1), legacyEvent("created", "old-two", 2),
        legacyEvent("deleted", "old-one", 3));
    writeLegacyRows(store, legacy);

    TestCluster cluster = TestCluster.start(2, conf, 1, store);
    try {
      try (SseClient replay = SseClient.open(cluster.node(1).httpPort(), "/_inference/_events?from_sequence=0",
          TestUsers.READER, null)) {
        replay.awaitComment("caught up");
        assertThat(replay.events()).extracting(SseClient.Event::id).containsExactly("0", "1", "2");
        assertThat(replay.events()).extracting(event -> event.json().getString("inference_id"))
            .containsExactly("old-one", "old-two", "old-one");

        HttpApi admin = cluster.http(0).as(TestUsers.ADMIN);
        assertThat(admin.put("/_inference/sparse_embedding/new-one", Endpoints.huggingFace()).status()).isEqualTo(200);
        List<SseClient.Event> events = replay.awaitEvents(4);
        assertThat(events.get(3).id()).isEqualTo("3");
        assertThat(events.get(3).json().getString("inference_id")).isEqualTo("new-one");
      }
      assertThat(audit(cluster)).doesNotContain("event_refused");
    } finally {
      cluster.close();
    }
  }

  private static String legacyEvent(String type, String id, long revision) {
    return new JsonObject().put("type", type).put("inference_id", id).put("task_type", "sparse_embedding")
        .put("service", "hugging_face").put("revision", revision)
        .put("principal", new JsonObject().put("username", "admin").put("roles", List.of("superuser"))
            .put("realm", "default_file"))
        .put("node", "node-1").put("timestamp", "2026-01-01T00:00:00Z").encode();
  }

  /** The event table as a node before this change left it: plain JSON rows. */
  private static void writeLegacyRows(JsonObject store, List<String> rows) throws SQLException {
    DurableStore durable = DurableStore.open(new StoreSettings("sqlite", store.getString("sqlite_path"), null, null,
        null, 1, StoreSettings.Durability.REQUEST, Duration.ofSeconds(1)));
    try {
      durable.eventTable(EVENT_TABLE, new JdbcRingbufferStore.ItemIntegrity() {
        @Override
        public boolean accepts(long sequence, String item) {
          return false;
        }

        @Override
        public String loaded(String row) {
          return row;
        }
      });
    } finally {
      durable.close();
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + store.getString("sqlite_path"));
         PreparedStatement insert = connection.prepareStatement("INSERT INTO " + EVENT_TABLE
             + " (sequence, body, stored_at) VALUES (?, ?, ?)")) {
      for (int i = 0; i < rows.size(); i++) {
        insert.setLong(1, i);
        insert.setString(2, rows.get(i));
        insert.setLong(3, System.currentTimeMillis());
        insert.executeUpdate();
      }
    }
  }

  private static JsonObject forgedDeletion(long sequence) {
    return new JsonObject().put("sequence", sequence).put("type", "deleted").put("inference_id", "target")
        .put("task_type", "sparse_embedding").put("service", FORGED_MARK).put("revision", 999_999)
        .put("principal", new JsonObject().put("username", "nobody").put("roles", List.of("superuser"))
            .put("realm", "file"))
        .put("node", "node-1").put("timestamp", "2026-01-01T00:00:00Z");
  }

  private static void assertGenuine(JsonObject event) {
    assertThat(event.getString("type")).isEqualTo("deleted");
    assertThat(event.getString("inference_id")).isEqualTo("target");
    assertThat(event.getString("service")).isEqualTo("hugging_face");
    assertThat(event.getJsonObject("principal").getString("username")).isEqualTo(TestUsers.ADMIN);
  }

  private static Ringbuffer<String> ringbuffer(HazelcastInstance hazelcast) {
    return hazelcast.getRingbuffer(TestSecrets.ENDPOINTS.eventLog());
  }

  /** Rows of the event table, or those whose body contains {@code containing}. */
  private long storedRows(String containing) throws SQLException {
    String database = TestCluster.sqliteStore(dir.resolve("conf")).getString("sqlite_path");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + EVENT_TABLE
             + (containing == null ? "" : " WHERE body LIKE '%" + containing + "%'"))) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static String audit(TestCluster cluster) {
    try {
      return Files.exists(cluster.auditFile()) ? Files.readString(cluster.auditFile()) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }


  /** A process with the cluster's name and nothing else: plain Hazelcast and Vert.x, no keystore. */
  private record Rogue(Vertx vertx, HazelcastInstance hazelcast) {

    static Rogue join(TestCluster cluster) {
      HazelcastClusterManager manager = new HazelcastClusterManager(cluster.outsiderConfig(true));
      Vertx vertx = TestCluster.await(Vertx.builder().withClusterManager(manager).buildClustered());
      return new Rogue(vertx, manager.getHazelcastInstance());
    }

    void leave() {
      TestCluster.await(vertx.close());
    }
  }
}
