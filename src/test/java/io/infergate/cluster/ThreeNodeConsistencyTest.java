package io.infergate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Endpoints;
import io.infergate.testing.EventRecorder;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes; GETs hammer all of them while endpoints are created and deleted through each in
 * turn. A GET that starts after a delete was acknowledged and still finds the endpoint is a stale
 * read; a GET that starts after a create was acknowledged and misses it is a lost write. Both
 * must never happen, on any node.
 */
class ThreeNodeConsistencyTest {

  private static final int ROUNDS = 60;
  private static final int ID_COUNT = 4;

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static List<HttpApi> nodes;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(3, conf);
    nodes = List.of(cluster.http(0).as(TestUsers.ADMIN), cluster.http(1).as(TestUsers.ADMIN),
        cluster.http(2).as(TestUsers.ADMIN));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** For each id, when (nanoTime) its latest acknowledged change happened and whether it exists since. */
  private record Known(long acknowledgedAt, boolean exists) {
  }

  @Test
  void noStaleReadAfterAnAcknowledgedDeleteOnAnyNode() throws Exception {
    Map<String, Known> known = new ConcurrentHashMap<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger staleReads = new AtomicInteger();
    AtomicInteger lostWrites = new AtomicInteger();
    AtomicLong reads = new AtomicLong();
    List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());

    List<Thread> readers = new ArrayList<>();
    for (int n = 0; n < nodes.size(); n++) {
      HttpApi node = nodes.get(n);
      int nodeIndex = n;
      Thread reader = new Thread(() -> {
        int i = 0;
        while (writing.get()) {
          String id = "hammer-" + (i++ % ID_COUNT);
          Known before = known.get(id);
          long startedAt = System.nanoTime();
          Response response = node.get("/_inference/" + id);
          reads.incrementAndGet();
          if (before == null || before.acknowledgedAt() >= startedAt) {
            continue;
          }
          // Only a change acknowledged before this GET started constrains what it may see, and
          // only if no later change to the id was in flight (the writer is sequential per id).
          Known after = known.get(id);
          if (after != before) {
            continue;
          }
          if (!before.exists() && response.status() == 200) {
            staleReads.incrementAndGet();
            violations.add("node-" + (nodeIndex + 1) + " returned deleted " + id);
          } else if (before.exists() && response.status() == 404) {
            lostWrites.incrementAndGet();
            violations.add("node-" + (nodeIndex + 1) + " missed created " + id);
          }
        }
      }, "reader-" + n);
      reader.start();
      readers.add(reader);
    }

    try {
      for (int round = 0; round < ROUNDS; round++) {
        String id = "hammer-" + (round % ID_COUNT);
        HttpApi creator = nodes.get(round % 3);
        HttpApi deleter = nodes.get((round + 1) % 3);
        known.remove(id);
        assertThat(creator.put("/_inference/sparse_embedding/" + id, Endpoints.huggingFace()).status()).isEqualTo(200);
        known.put(id, new Known(System.nanoTime(), true));
        known.remove(id);
        Response deleted = deleter.delete("/_inference/" + id);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().getBoolean("acknowledged")).isTrue();
        known.put(id, new Known(System.nanoTime(), false));
        for (HttpApi node : nodes) {
          if (node.get("/_inference/" + id).status() != 404) {
            staleReads.incrementAndGet();
            violations.add("right after the acknowledgment, a node returned deleted " + id);
          }
        }
      }
    } finally {
      writing.set(false);
      for (Thread reader : readers) {
        reader.join();
      }
    }

    assertThat(violations).isEmpty();
    assertThat(staleReads.get()).isZero();
    assertThat(lostWrites.get()).isZero();
    assertThat(reads.get()).isGreaterThan(ROUNDS);
  }

  @Test
  void aRecreatedIdHasAHigherRevision() {
    try (EventRecorder events = EventRecorder.subscribe(cluster.node(2))) {
      events.awaitReachableFrom(cluster.node(0));
      events.awaitReachableFrom(cluster.node(1));

      nodes.get(0).put("/_inference/sparse_embedding/reborn", Endpoints.huggingFace());
      nodes.get(1).delete("/_inference/reborn");
      nodes.get(2).put("/_inference/text_embedding/reborn", Endpoints.openAi());

      long firstCreate = events.awaitCount(EventRecorder.of("created", "reborn"), 2).get(0).getLong("revision");
      long secondCreate = events.matching(EventRecorder.of("created", "reborn")).get(1).getLong("revision");
      long deletion = events.awaitCount(EventRecorder.of("deleted", "reborn"), 1).get(0).getLong("revision");
      assertThat(firstCreate).isPositive();
      assertThat(deletion).isGreaterThan(firstCreate);
      assertThat(secondCreate).isGreaterThan(deletion);
      JsonObject recreated = nodes.get(0).get("/_inference/reborn").json().getJsonArray("endpoints").getJsonObject(0);
      assertThat(recreated.getString("task_type")).isEqualTo("text_embedding");
    }
  }

  @Test
  void healthAndNodesShowEveryMemberCurrent() {
    nodes.get(0).put("/_inference/sparse_embedding/health-probe", Endpoints.huggingFace());

    // Green once every partition's backup is in sync; yellow while the backups are still copied.
    Response health = nodes.get(1).get("/_cluster/health?wait_for_status=green&timeout=30s");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().getString("status")).isEqualTo("green");
    assertThat(nodes.get(1).get("/_cluster/health?wait_for_status=purple").errorReason())
        .isEqualTo("unknown cluster health status [purple]");
    assertThat(health.json().getInteger("number_of_nodes")).isEqualTo(3);
    assertThat(health.json().getString("cluster_name")).isEqualTo(cluster.clusterName());

    JsonObject nodesInfo = nodes.get(2).get("/_nodes").json();
    assertThat(nodesInfo.getJsonObject("_nodes").getInteger("total")).isEqualTo(3);
    assertThat(nodesInfo.getJsonObject("_nodes").getInteger("successful")).isEqualTo(3);
    List<String> names = new ArrayList<>();
    nodesInfo.getJsonObject("nodes").forEach(entry -> {
      JsonObject node = (JsonObject) entry.getValue();
      names.add(node.getString("name"));
      assertThat(node.getJsonObject("infergate").getBoolean("view_current")).as(node.encode()).isTrue();
      assertThat(node.getJsonObject("http").getString("publish_address")).startsWith("127.0.0.1:");
    });
    assertThat(names).containsExactlyInAnyOrder("node-1", "node-2", "node-3");

    Response cat = nodes.get(0).get("/_cat/nodes?v");
    assertThat(cat.status()).isEqualTo(200);
    assertThat(cat.body().lines().toList()).hasSize(4);
    assertThat(cat.body()).contains("node-1").contains("node-2").contains("node-3");
    assertThat(nodes.get(0).as(TestUsers.OUTSIDER).get("/_cluster/health").status()).isEqualTo(403);
  }
}
