package io.infergate.events;

import static io.infergate.http.InferenceApiTestSupport.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.infergate.cluster.HazelcastConfigFactory;
import io.infergate.config.NodeConfig;
import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.Ports;
import io.infergate.testing.SseClient;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestSecrets;
import io.infergate.testing.TestUsers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** References protect endpoints in use: 409 without force, listed by dry_run, ended by force or by their holder leaving. */
class ReferencesTest {

  private static final String REFERENCED_BY = "Inference endpoint [%s] is referenced by subscribers: [%s]. Ensure that no "
      + "subscribers are using this inference endpoint, or use force to ignore this warning and delete the inference endpoint.";

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static HttpApi admin;
  static int subscriberPort;

  @BeforeAll
  static void start() {
    subscriberPort = Ports.free();
    cluster = TestCluster.start(2, conf);
    admin = cluster.http(0).as(TestUsers.ADMIN);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aReferenceRacingADeleteEitherBlocksItOrFindsTheEndpointGone() throws Exception {
    HttpApi other = cluster.http(1).as(TestUsers.ADMIN);
    java.util.concurrent.ExecutorService racers = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 25; round++) {
        String id = "raced-" + round;
        assertThat(admin.put("/_inference/sparse_embedding/" + id, Endpoints.huggingFace()).status()).isEqualTo(200);
        var declared = racers.submit(() -> admin.send("PUT", "/_inference/" + id + "/_references/racer", null, null).status());
        var deleted = racers.submit(() -> other.delete("/_inference/" + id).status());
        int reference = declared.get();
        int delete = deleted.get();
        // Either order is fine; a reference to an endpoint that a non-forced delete removed is not.
        assertThat(List.of(reference, delete)).as("round %d: reference %d, delete %d", round, reference, delete)
            .isIn(List.of(404, 200), List.of(200, 409));
        if (delete == 409) {
          assertThat(admin.delete("/_inference/" + id + "?force=true").status()).isEqualTo(200);
        }
        assertThat(admin.get("/_inference/" + id).status()).isEqualTo(404);
      }
    } finally {
      racers.shutdownNow();
    }
  }

  @Test
  void httpReferencesGive409ListedByDryRunAndEndedByForce() {
    admin.put("/_inference/sparse_embedding/used", Endpoints.huggingFace());
    assertThat(admin.send("PUT", "/_inference/used/_references/search-service", null, null).status()).isEqualTo(200);
    assertThat(admin.send("PUT", "/_inference/used/_references/ranker", null, null).status()).isEqualTo(200);

    assertError(cluster.http(1).as(TestUsers.ADMIN).delete("/_inference/used"), 409, "status_exception",
        String.format(REFERENCED_BY, "used", "search-service, ranker"));
    Response dryRun = admin.delete("/_inference/used?dry_run=true");
    assertThat(dryRun.status()).isEqualTo(200);
    assertThat(dryRun.json().getBoolean("acknowledged")).isFalse();
    assertThat(dryRun.json().getJsonArray("pipelines")).isEmpty();
    assertThat(dryRun.json().getJsonArray("indexes")).isEmpty();
    assertThat(dryRun.json().getJsonArray("references")).isEqualTo(new JsonArray().add("search-service").add("ranker"));
    assertThat(dryRun.json().getString("error_message")).isEqualTo(String.format(REFERENCED_BY, "used", "search-service, ranker"));
    JsonArray listed = admin.get("/_inference/used/_references").json().getJsonArray("references");
    assertThat(listed.stream().map(r -> ((JsonObject) r).getString("holder")).toList()).containsExactly("search-service", "ranker");

    Response forced = admin.delete("/_inference/used?force=true");
    assertThat(forced.json().getBoolean("acknowledged")).isTrue();
    assertThat(forced.json().getJsonArray("references")).isEqualTo(new JsonArray().add("search-service").add("ranker"));
    admin.put("/_inference/sparse_embedding/used", Endpoints.huggingFace());
    assertThat(admin.get("/_inference/used/_references").json().getJsonArray("references")).isEmpty();
    assertThat(admin.delete("/_inference/used").status()).isEqualTo(200);
  }

  @Test
  void aReferenceEndsWhenRemovedAndNeedsManagePrivileges() {
    admin.put("/_inference/sparse_embedding/released", Endpoints.huggingFace());
    admin.send("PUT", "/_inference/released/_references/batch-job", null, null);
    assertThat(cluster.http(0).as(TestUsers.READER).send("PUT", "/_inference/released/_references/x", null, null).status())
        .isEqualTo(403);
    assertThat(admin.send("PUT", "/_inference/missing-endpoint/_references/x", null, null).status()).isEqualTo(404);
    assertThat(admin.send("PUT", "/_inference/released/_references/bad%20holder", null, null).status()).isEqualTo(400);
    assertThat(admin.delete("/_inference/released").status()).isEqualTo(409);
    assertThat(admin.send("DELETE", "/_inference/released/_references/batch-job", null, null).status()).isEqualTo(200);
    assertThat(admin.delete("/_inference/released").json().getBoolean("acknowledged")).isTrue();
  }

  @Test
  void aReferenceHeldByASubscriberEndsWhenItsNodeIsKilledAndItGetsTheForcedDeletion() {
    admin.put("/_inference/sparse_embedding/held-by-node", Endpoints.huggingFace());
    admin.put("/_inference/sparse_embedding/forced-while-held", Endpoints.huggingFace());
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastConfigFactory.forSubscriber(subscriberConfig()));
    Vertx subscriberNode = TestCluster.await(Vertx.builder().withClusterManager(manager).buildClustered());
    HazelcastInstance hazelcast = manager.getHazelcastInstance();
    try {
      EndpointEventSubscriber subscriber = TestCluster.await(EndpointEventSubscriber.create(subscriberNode, "cache-warmer",
          TestSecrets.clusterSecret()));
      List<String> deletions = new CopyOnWriteArrayList<>();
      Subscription subscription = subscriber.deletions(event -> deletions.add(event.inferenceId()));
      TestCluster.await(subscription.ready());
      TestCluster.await(subscriber.holdReference("held-by-node"));
      TestCluster.await(subscriber.holdReference("forced-while-held"));
      // Another member comes and goes: the orphan cleanup that follows keeps the live holder's references.
      Vertx passing = TestCluster.await(Vertx.builder().withClusterManager(
          new HazelcastClusterManager(HazelcastConfigFactory.forSubscriber(subscriberConfig(Ports.free())))).buildClustered());
      TestCluster.await(EndpointEventSubscriber.create(passing, "passing", TestSecrets.clusterSecret()));
      TestCluster.await(passing.close());
      Conditions.await(Duration.ofSeconds(30), "the nodes see the passing member gone",
          () -> cluster.hazelcast(0).getCluster().getMembers().size() == 3);
      Conditions.holds(Duration.ofSeconds(3), "the live holder's reference stays",
          () -> admin.get("/_inference/held-by-node/_references").body().contains("cache-warmer"));

      assertError(admin.delete("/_inference/held-by-node"), 409, "status_exception",
          String.format(REFERENCED_BY, "held-by-node", "cache-warmer"));
      assertThat(admin.delete("/_inference/forced-while-held?force=true").json().getBoolean("acknowledged")).isTrue();
      Conditions.await(Duration.ofSeconds(30), "the forced deletion reaches the holder",
          () -> deletions.contains("forced-while-held"));
    } finally {
      // A crash, not a graceful leave: the member is dropped when the others notice.
      hazelcast.getLifecycleService().terminate();
    }
    Conditions.await(Duration.ofSeconds(60), "the reference ends with its node",
        () -> admin.delete("/_inference/held-by-node").status() == 200);
    TestCluster.await(subscriberNode.close().otherwise(ignored -> null));
  }

  @Test
  void aStreamHoldsReferencesUntilItCloses() {
    admin.put("/_inference/sparse_embedding/streamed", Endpoints.huggingFace());
    try (SseClient stream = SseClient.open(cluster.node(1).httpPort(),
        "/_inference/_events?hold=streamed&holder=dashboard", TestUsers.ADMIN, null)) {
      assertThat(stream.status()).isEqualTo(200);
      stream.awaitComment("caught up");
      assertThat(admin.delete("/_inference/streamed").status()).isEqualTo(409);
    }
    Conditions.await(Duration.ofSeconds(30), "the stream's reference ends",
        () -> admin.delete("/_inference/streamed").status() == 200);
    try (SseClient reader = SseClient.open(cluster.node(1).httpPort(),
        "/_inference/_events?hold=streamed&holder=dashboard", TestUsers.READER, null)) {
      assertThat(reader.status()).isEqualTo(403);
    }
  }

  private static NodeConfig subscriberConfig() {
    return subscriberConfig(subscriberPort);
  }

  private static NodeConfig subscriberConfig(int port) {
    List<String> members = new ArrayList<>(cluster.members());
    members.add("127.0.0.1:" + port);
    return NodeConfig.of(new JsonObject()
        .put("cluster_name", cluster.clusterName())
        .put("cluster", new JsonObject().put("config", "conf/cluster.xml").put("host", "127.0.0.1")
            .put("port", port).put("members", new JsonArray(members))));
  }
}
