package io.infergate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On three nodes: an API key invalidated, a native user disabled, or a role that loses
 * {@code manage_inference}, on one node, is refused on every other node by every request sent
 * after the change returns, while requests keep arriving on those nodes during the change.
 * Credential caches are never what decides: every node's view has the change before it is acknowledged.
 */
class RevocationEverywhereTest {

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static HttpApi a;
  static HttpApi b;
  static HttpApi c;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(3, conf);
    a = new HttpApi(cluster.node(0).httpPort());
    b = new HttpApi(cluster.node(1).httpPort());
    c = new HttpApi(cluster.node(2).httpPort());
    assertThat(a.put("/_inference/sparse_embedding/revocation-target", Endpoints.huggingFace()).status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** One request: when it was sent (nanoTime) and the status it got. */
  record Outcome(long sentAt, int status) {
  }

  /** Requests sent in a loop on nodes A and B until stopped, each outcome recorded. */
  static final class Traffic implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    Traffic(Function<HttpApi, Response> request, HttpApi... nodes) {
      for (HttpApi node : nodes) {
        for (int i = 0; i < 2; i++) {
          Thread thread = new Thread(() -> {
            while (running.get()) {
              long sentAt = System.nanoTime();
              outcomes.add(new Outcome(sentAt, request.apply(node).status()));
            }
          }, "revocation-traffic");
          thread.start();
          threads.add(thread);
        }
      }
    }

    List<Outcome> sentAfter(long nanos) {
      return outcomes.stream().filter(outcome -> outcome.sentAt() > nanos).toList();
    }

    List<Outcome> all() {
      return List.copyOf(outcomes);
    }

    /** Waits until every thread has sent at least {@code count} more requests after {@code nanos}. */
    void awaitSentAfter(long nanos, int count) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (sentAfter(nanos).size() < count && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join();
      }
    }
  }

  @Test
  void anInvalidatedKeyIsRefusedOnEveryNodeOnceTheInvalidationReturns() throws Exception {
    Response created = a.post("/_security/api_key", new JsonObject().put("name", "reader-service")
        .put("role_descriptors", new JsonObject().put("reader", new JsonObject()
            .put("cluster", new JsonArray().add("monitor_inference")))));
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String id = created.json().getString("id");
    String encoded = created.json().getString("encoded");
    assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))
        .isEqualTo(id + ":" + created.json().getString("api_key"));

    for (HttpApi node : List.of(b, c)) {
      assertThat(withKey(node, encoded, "GET", "/_inference").status()).isEqualTo(200);
      Response put = withKey(node, encoded, "PUT", "/_inference/sparse_embedding/by-key");
      assertThat(put.status()).isEqualTo(403);
      assertThat(put.errorReason()).isEqualTo("action [cluster:admin/xpack/inference/put] is unauthorized for API key id ["
          + id + "] of user [elastic], this action is granted by the cluster privileges [manage_inference,manage,all]");
      Response delete = withKey(node, encoded, "DELETE", "/_inference/revocation-target");
      assertThat(delete.status()).isEqualTo(403);
      assertThat(delete.errorReason()).startsWith("action [cluster:admin/xpack/inference/delete] is unauthorized for API key id ["
          + id + "] of user [elastic]");
    }

    try (Traffic traffic = new Traffic(node -> withKey(node, encoded, "GET", "/_inference"), a, b)) {
      traffic.awaitSentAfter(System.nanoTime(), 20);
      Response invalidated = c.send("DELETE", "/_security/api_key",
          new JsonObject().put("ids", new JsonArray().add(id)).encode(), "application/json");
      long acknowledgedAt = System.nanoTime();
      assertThat(invalidated.status()).as(invalidated.body()).isEqualTo(200);
      assertThat(invalidated.json().getJsonArray("invalidated_api_keys")).containsExactly(id);
      traffic.awaitSentAfter(acknowledgedAt, 40);
      traffic.close();

      assertThat(traffic.all()).as("the key worked before its invalidation").anyMatch(outcome -> outcome.status() == 200);
      assertThat(traffic.sentAfter(acknowledgedAt)).as("requests sent after the invalidation returned")
          .isNotEmpty().allMatch(outcome -> outcome.status() == 401);
    }
    for (HttpApi node : List.of(a, b, c)) {
      Response refused = withKey(node, encoded, "GET", "/_inference");
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.json().getJsonObject("error").getString("additional_unsuccessful_credentials"))
          .isEqualTo("API key: api key has been invalidated");
    }
  }

  @Test
  void aDisabledUserIsRefusedOnEveryNodeOnceTheDisableReturns() throws Exception {
    Response created = a.put("/_security/user/batch-job", new JsonObject().put("password", "batch-job-password")
        .put("roles", new JsonArray().add("inference_user")));
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    try (Traffic traffic = new Traffic(node -> node.as("batch-job", "batch-job-password").get("/_inference"), a, b)) {
      traffic.awaitSentAfter(System.nanoTime(), 20);
      Response disabled = c.put("/_security/user/batch-job/_disable", new JsonObject());
      long acknowledgedAt = System.nanoTime();
      assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
      traffic.awaitSentAfter(acknowledgedAt, 8);
      traffic.close();

      assertThat(traffic.all()).as("the user worked before it was disabled").anyMatch(outcome -> outcome.status() == 200);
      // 401, then 429 once the login throttle counts this user's failures at this address
      assertThat(traffic.sentAfter(acknowledgedAt)).as("requests sent after the disable returned")
          .isNotEmpty().allMatch(outcome -> outcome.status() == 401 || outcome.status() == 429)
          .anyMatch(outcome -> outcome.status() == 401);
    }
    assertThat(c.as("batch-job", "batch-job-password").get("/_inference").status()).isIn(401, 429);
    assertThat(c.put("/_security/user/batch-job/_enable", new JsonObject()).status()).isEqualTo(200);
    for (HttpApi node : List.of(a, b)) {
      Conditions.await(Duration.ofSeconds(30), "the enabled user accepted once its throttle ends",
          () -> node.as("batch-job", "batch-job-password").get("/_inference").status() == 200);
    }
  }

  @Test
  void aRoleThatLosesManageInferenceStopsWritesOnEveryNodeOnceTheChangeReturns() throws Exception {
    assertThat(a.put("/_security/role/endpoint_writer", new JsonObject()
        .put("cluster", new JsonArray().add("manage_inference"))).status()).isEqualTo(200);
    assertThat(a.put("/_security/user/writer", new JsonObject().put("password", "writer-password")
        .put("roles", new JsonArray().add("endpoint_writer"))).status()).isEqualTo(200);

    // A delete of an endpoint that does not exist: 404 while the role grants the delete, 403 after.
    Function<HttpApi, Response> delete = node -> node.as("writer", "writer-password").delete("/_inference/no-such-endpoint");
    for (HttpApi node : List.of(b, c)) {
      assertThat(delete.apply(node).status()).isEqualTo(404);
    }
    try (Traffic traffic = new Traffic(delete, a, b)) {
      traffic.awaitSentAfter(System.nanoTime(), 20);
      Response changed = c.put("/_security/role/endpoint_writer", new JsonObject()
          .put("cluster", new JsonArray().add("monitor_inference")));
      long acknowledgedAt = System.nanoTime();
      assertThat(changed.status()).as(changed.body()).isEqualTo(200);
      assertThat(changed.json().getJsonObject("role").getBoolean("created")).isFalse();
      traffic.awaitSentAfter(acknowledgedAt, 20);
      traffic.close();

      assertThat(traffic.all()).anyMatch(outcome -> outcome.status() == 404);
      assertThat(traffic.sentAfter(acknowledgedAt)).as("deletes sent after the role changed")
          .isNotEmpty().allMatch(outcome -> outcome.status() == 403);
    }
    Response refused = delete.apply(a);
    assertThat(refused.errorReason()).isEqualTo("action [cluster:admin/xpack/inference/delete] is unauthorized for user "
        + "[writer] with effective roles [endpoint_writer], this action is granted by the cluster privileges "
        + "[manage_inference,manage,all]");
    assertThat(b.as("writer", "writer-password").get("/_inference").status()).as("monitor_inference still reads")
        .isEqualTo(200);
  }

  private static Response withKey(HttpApi node, String encoded, String method, String path) {
    HttpApi key = node.withApiKey(encoded);
    return method.equals("PUT") ? key.put(path, Endpoints.huggingFace()) : key.send(method, path, null, null);
  }
}
