package io.infergate.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.EndpointEvent;
import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.NodeProcess;
import io.infergate.testing.SseClient;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestPostgres;
import io.infergate.testing.TestSecrets;
import io.infergate.testing.TestUsers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12: every gateway, each a process of its own, is killed with {@code kill -9} and started
 * again on the same durable store. A subscriber resuming from the sequence it saved before the
 * kill (over SSE, and with the Java subscriber API) gets exactly the deletions it missed, once
 * each and in order, and then new events whose sequences go on from the old ones. A sequence the
 * cluster never issued is a 400, one past retention a 410 naming the oldest kept; the table keeps
 * no more than the retention; the cluster keeps its {@code cluster_uuid}. On SQLite, and on
 * PostgreSQL when INFERGATE_TEST_POSTGRES_URL names a server. Tagged long (a minute of process
 * restarts): {@code .ci/run} runs it with {@code mvn -B test -Pextended}, after the default suite.
 */
@Tag("long")
class EventLogFullRestartTest {

  private static final int RETENTION = 10;
  private static final String EVENT_TABLE = "infergate_endpoints_events";

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aSubscriberResumingAfterEveryNodeWasKilledGetsExactlyTheDeletionsItMissed(String storeType) throws Exception {
    JsonObject store = storeType.equals("sqlite") ? TestCluster.sqliteStore(dir) : TestPostgres.store();
    TestCluster cluster = TestCluster.create(2, dir.resolve("conf"), 1, store).eventRetention(RETENTION);
    Path nodesDir = dir.resolve("nodes");
    // A PostgreSQL database outlives the test: ids of its own keep runs apart.
    String prefix = "restart-" + Long.toHexString(System.nanoTime()) + "-";
    List<String> missed = List.of(prefix + 2, prefix + 3, prefix + 4, prefix + 5);
    List<NodeProcess> nodes = new ArrayList<>();
    long saved;
    long newest;
    List<Long> missedSequences;
    String clusterUuid;
    try {
      nodes.add(NodeProcess.start(cluster.nodeSettings(0), nodesDir));
      nodes.add(NodeProcess.start(cluster.nodeSettings(1), nodesDir));
      nodes.forEach(node -> node.awaitServing(2));
      HttpApi a = nodes.get(0).http().as(TestUsers.ADMIN);
      HttpApi b = nodes.get(1).http().as(TestUsers.ADMIN);
      clusterUuid = a.get("/").json().getString("cluster_uuid");

      try (SseClient observer = SseClient.open(b.port(), "/_inference/_events", TestUsers.READER, null)) {
        observer.awaitComment("caught up");
        try (SseClient subscriber = SseClient.open(a.port(), "/_inference/_events?types=deleted", TestUsers.READER,
            null)) {
          subscriber.awaitComment("caught up");
          for (int i = 0; i < 8; i++) {
            assertThat((i % 2 == 0 ? a : b).put("/_inference/sparse_embedding/" + prefix + i, Endpoints.huggingFace())
                .status()).isEqualTo(200);
          }
          assertThat(a.delete("/_inference/" + prefix + 0).status()).isEqualTo(200);
          assertThat(b.delete("/_inference/" + prefix + 1).status()).isEqualTo(200);
          saved = Long.parseLong(subscriber.awaitEvents(2).get(1).id());
        }
        for (String id : missed) {
          assertThat((id.endsWith("3") ? b : a).delete("/_inference/" + id).status()).isEqualTo(200);
        }
        List<SseClient.Event> all = observer.awaitEvents(14);
        missedSequences = all.stream().filter(event -> missed.contains(event.json().getString("inference_id"))
            && event.name().equals("deleted")).map(event -> Long.parseLong(event.id())).toList();
        newest = Long.parseLong(all.get(all.size() - 1).id());
      }
      assertThat(missedSequences).hasSize(4).allMatch(sequence -> sequence > saved);

      nodes.forEach(NodeProcess::kill);
      nodes.clear();
      nodes.add(NodeProcess.start(NodeProcess.settingsOf(nodesDir, "node-1"), nodesDir));
      nodes.add(NodeProcess.start(NodeProcess.settingsOf(nodesDir, "node-2"), nodesDir));
      nodes.forEach(node -> node.awaitServing(2));
      a = nodes.get(0).http().as(TestUsers.ADMIN);
      b = nodes.get(1).http().as(TestUsers.ADMIN);
      for (NodeProcess node : nodes) {
        assertThat(node.http().as(TestUsers.READER).get("/").json().getString("cluster_uuid")).isEqualTo(clusterUuid);
      }
      Conditions.await(Duration.ofSeconds(60), "the event table pruned to " + RETENTION + " rows",
          () -> storedEvents(store) <= RETENTION);

      Vertx subscriberVertx = joinAsSubscriber(cluster, nodes.size());
      try (SseClient resumed = SseClient.open(b.port(), "/_inference/_events?types=deleted", TestUsers.READER,
          Long.toString(saved))) {
        assertThat(resumed.status()).isEqualTo(200);
        resumed.awaitComment("caught up");
        List<EndpointEvent> received = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Subscription javaResumed = TestCluster.await(EndpointEventSubscriber.create(subscriberVertx, "restart-test",
                TestSecrets.clusterSecret()))
            .subscribe(EventFilter.deletions(), saved + 1, received::add, errors::add);
        TestCluster.await(javaResumed.ready());

        assertThat(ids(resumed.awaitEvents(4))).containsExactlyElementsOf(missed);
        assertThat(sequences(resumed.events())).containsExactlyElementsOf(missedSequences);
        Conditions.await(Duration.ofSeconds(30), "the Java subscriber's 4 deletions", () -> received.size() >= 4);
        assertThat(received.stream().map(EndpointEvent::inferenceId).toList()).containsExactlyElementsOf(missed);

        // After the restart the log goes on from its newest sequence: nothing is numbered twice.
        assertThat(a.delete("/_inference/" + prefix + 6).status()).isEqualTo(200);
        assertThat(b.delete("/_inference/" + prefix + 7).status()).isEqualTo(200);
        List<SseClient.Event> events = resumed.awaitEvents(6);
        assertThat(ids(events.subList(4, 6))).containsExactly(prefix + 6, prefix + 7);
        assertThat(sequences(events.subList(4, 6))).containsExactly(newest + 1, newest + 2);
        Conditions.await(Duration.ofSeconds(30), "the Java subscriber's 6 deletions", () -> received.size() >= 6);
        assertThat(received.stream().map(EndpointEvent::sequence).toList())
            .containsExactlyElementsOf(sequences(events));
        assertThat(errors).isEmpty();
        TestCluster.await(javaResumed.close());

        long next = newest + 3;
        HttpApi.Response neverIssued = readFrom(b, next + 100);
        assertThat(neverIssued.status()).isEqualTo(400);
        assertThat(neverIssued.errorReason()).isEqualTo("sequence [" + (next + 100) + "] is beyond the newest event ["
            + (next - 1) + "]");
        HttpApi.Response pastRetention = readFrom(a, 0);
        assertThat(pastRetention.status()).isEqualTo(410);
        assertThat(pastRetention.errorType()).isEqualTo("events_past_retention_exception");
        assertThat(pastRetention.errorReason()).isEqualTo("events from sequence [0] are past retention; "
            + "the oldest event kept is [" + (next - RETENTION) + "]");
        assertThat(resumed.events()).hasSize(6);
      } finally {
        TestCluster.await(subscriberVertx.close());
      }
    } finally {
      nodes.forEach(NodeProcess::close);
    }
  }

  /** A Vert.x process member joined to the nodes the way {@code WatchDeletions} joins: a lite member. */
  private static Vertx joinAsSubscriber(TestCluster cluster, int gateways) {
    Vertx vertx = cluster.joinAsSubscriber();
    assertThat(((io.vertx.core.internal.VertxInternal) vertx).clusterManager().getNodes()).hasSize(gateways + 1);
    return vertx;
  }

  /** An event stream from {@code sequence} that fails before it starts: its error answer. */
  private static HttpApi.Response readFrom(HttpApi api, long sequence) {
    try (SseClient stream = SseClient.open(api.port(), "/_inference/_events?from_sequence=" + sequence,
        TestUsers.READER, null)) {
      return new HttpApi.Response(stream.status(), stream.errorBody(), java.net.http.HttpHeaders.of(
          java.util.Map.of(), (name, value) -> true));
    }
  }

  private static List<String> ids(List<SseClient.Event> events) {
    return events.stream().map(event -> event.json().getString("inference_id")).toList();
  }

  private static List<Long> sequences(List<SseClient.Event> events) {
    return events.stream().map(event -> Long.parseLong(event.id())).toList();
  }

  /** Rows in the endpoints' event table, read straight from the database. */
  private static long storedEvents(JsonObject store) {
    String url = store.getString("type").equals("sqlite") ? "jdbc:sqlite:" + store.getString("sqlite_path")
        : store.getString("jdbc_url");
    try (Connection connection = DriverManager.getConnection(url, store.getString("username"),
        store.getString("password"));
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + EVENT_TABLE)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
