package io.infergate.cluster;

import static io.infergate.http.InferenceApiTestSupport.assertNotFound;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real nodes in one JVM, joined over TCP-IP: writes through one are seen through the other at once. */
class TwoNodeClusterTest {

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static HttpApi nodeA;
  static HttpApi nodeB;
  static EventRecorder subscriberOnA;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(2, conf);
    nodeA = cluster.http(0).as(TestUsers.ADMIN);
    nodeB = cluster.http(1).as(TestUsers.ADMIN);
    subscriberOnA = EventRecorder.subscribe(cluster.node(0));
    subscriberOnA.awaitReachableFrom(cluster.node(1));
  }

  @AfterAll
  static void stop() {
    subscriberOnA.close();
    cluster.close();
  }

  @Test
  void createOnADeleteOnBIsGoneOnBothAtOnceWithOneEvent() {
    assertThat(nodeA.put("/_inference/sparse_embedding/cross-node", Endpoints.huggingFace()).status()).isEqualTo(200);
    assertThat(nodeB.get("/_inference/cross-node").status()).isEqualTo(200);

    Response deleted = nodeB.delete("/_inference/cross-node");
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json().getBoolean("acknowledged")).isTrue();

    assertNotFound(nodeA.get("/_inference/cross-node"), "cross-node");
    assertNotFound(nodeB.get("/_inference/cross-node"), "cross-node");
    assertThat(nodeA.get("/_inference").body()).doesNotContain("cross-node");

    // A later deletion from the same node arrives after this one's event, so once it is in,
    // any duplicate of the first would have arrived too.
    nodeB.put("/_inference/sparse_embedding/cross-node-marker", Endpoints.huggingFace());
    nodeB.delete("/_inference/cross-node-marker");
    subscriberOnA.awaitCount(EventRecorder.of("deleted", "cross-node-marker"), 1);

    List<JsonObject> deletions = subscriberOnA.matching(EventRecorder.of("deleted", "cross-node"));
    assertThat(deletions).hasSize(1);
    JsonObject event = deletions.get(0);
    assertThat(event.getString("task_type")).isEqualTo("sparse_embedding");
    assertThat(event.getString("service")).isEqualTo("hugging_face");
    assertThat(event.getString("node")).isEqualTo("node-2");
    assertThat(event.getJsonObject("principal").getString("username")).isEqualTo(TestUsers.ADMIN);
    assertThat(event.getJsonObject("principal").getString("realm")).isEqualTo("default_file");
    assertThat(event.getString("timestamp")).isNotBlank();
    assertThat(subscriberOnA.matching(EventRecorder.of("created", "cross-node"))).hasSize(1);
    subscriberOnA.events().forEach(any -> assertThat(Endpoints.containsSecret(any.encode())).isFalse());
  }

  @Test
  void concurrentDeletesOfOneIdGiveExactlyOneAcknowledgment() throws Exception {
    int rounds = 20;
    for (int round = 0; round < rounds; round++) {
      String id = "contended-" + round;
      assertThat(nodeA.put("/_inference/sparse_embedding/" + id, Endpoints.huggingFace()).status()).isEqualTo(200);

      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<Response>> deletes = new ArrayList<>();
      for (HttpApi node : List.of(nodeA, nodeB)) {
        deletes.add(CompletableFuture.supplyAsync(() -> {
          awaitQuietly(go);
          return node.delete("/_inference/" + id);
        }));
      }
      go.countDown();
      List<Response> responses = deletes.stream().map(CompletableFuture::join).toList();

      assertThat(responses).as(id).filteredOn(r -> r.status() == 200 && r.json().getBoolean("acknowledged")).hasSize(1);
      assertThat(responses).as(id).filteredOn(r -> r.status() == 404).hasSize(1);
      assertNotFound(nodeA.get("/_inference/" + id), id);
      assertNotFound(nodeB.get("/_inference/" + id), id);
    }
    nodeA.put("/_inference/sparse_embedding/contended-marker", Endpoints.huggingFace());
    nodeA.delete("/_inference/contended-marker");
    nodeB.put("/_inference/sparse_embedding/contended-marker-b", Endpoints.huggingFace());
    nodeB.delete("/_inference/contended-marker-b");
    subscriberOnA.awaitCount(EventRecorder.of("deleted", "contended-marker"), 1);
    subscriberOnA.awaitCount(EventRecorder.of("deleted", "contended-marker-b"), 1);
    for (int round = 0; round < rounds; round++) {
      assertThat(subscriberOnA.matching(EventRecorder.of("deleted", "contended-" + round))).hasSize(1);
    }
  }

  @Test
  void listsAgreeAcrossNodes() {
    nodeA.put("/_inference/sparse_embedding/shared-1", Endpoints.huggingFace());
    nodeB.put("/_inference/text_embedding/shared-2", Endpoints.openAi());

    assertThat(nodeA.get("/_inference").json()).isEqualTo(nodeB.get("/_inference").json());
    assertThat(nodeB.put("/_inference/sparse_embedding/shared-1", Endpoints.huggingFace()).errorType())
        .isEqualTo("resource_already_exists_exception");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
