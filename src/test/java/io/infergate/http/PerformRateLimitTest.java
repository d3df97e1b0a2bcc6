package io.infergate.http;

import static io.infergate.http.InferenceApiTestSupport.assertError;
import static io.infergate.testing.MockProviderNode.openAi;
import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.examples.mock.MockProviderServer;
import io.infergate.testing.Conditions;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.MockProviderNode;
import io.infergate.testing.PrometheusText;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An endpoint's rate limit and queue as a client of one node sees them, the provider the mock
 * provider over HTTP: a limit of 1 request per minute admits one request and queues the next ones
 * (in order, at most {@code inference.traffic.queue_size} of them), each ending as Elasticsearch's
 * request queue ends it.
 */
class PerformRateLimitTest {

  private static final int QUEUE_SIZE = 2;

  @TempDir
  static Path conf;
  static MockProviderNode node;
  static HttpApi api;
  static MockProviderServer mock;

  @BeforeAll
  static void start() {
    node = MockProviderNode.start(conf, new JsonObject().put("traffic", new JsonObject().put("queue_size", QUEUE_SIZE)));
    api = node.api();
    mock = node.mock();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String limited(String id, int perMinute) {
    JsonObject body = openAi(node.url("/v1/embeddings"));
    body.getJsonObject("service_settings").put("rate_limit", new JsonObject().put("requests_per_minute", perMinute));
    node.put("text_embedding", id, body);
    return "/_inference/text_embedding/" + id;
  }

  private static CompletableFuture<Response> performLater(String path) {
    return CompletableFuture.supplyAsync(() -> api.post(path, new JsonObject().put("input", "hello")));
  }

  private static long modelRequests() {
    return mock.stats().requests("/v1/embeddings");
  }

  /** Waits until {@code count} requests of the endpoint wait in its queue on this node. */
  private static void awaitQueued(String id, int count) {
    Conditions.await(Duration.ofSeconds(10), count + " queued", () -> api.get("/_inference/" + id + "/_stats").json()
        .getJsonObject("cluster").getLong("queue_depth") == count);
  }

  @Test
  void aFullQueueRefusesWithElasticsearchsRejection() throws Exception {
    String path = limited("full-queue", 1);
    long before = modelRequests();
    assertThat(api.post(path, new JsonObject().put("input", "first")).status()).isEqualTo(200);
    List<CompletableFuture<Response>> waiting = new ArrayList<>();
    for (int i = 0; i < QUEUE_SIZE; i++) {
      waiting.add(performLater(path + "?timeout=20s"));
    }
    awaitQueued("full-queue", QUEUE_SIZE);

    assertError(api.post(path, new JsonObject().put("input", "one too many")), 429, "es_rejected_execution_exception",
        "Failed to execute task for inference id [full-queue] because the request service [full-queue] queue is full");
    assertThat(modelRequests() - before).isEqualTo(1);
    JsonObject stats = api.get("/_inference/full-queue/_stats").json().getJsonObject("cluster");
    assertThat(stats.getLong("rejected")).isEqualTo(1);
    // The same figures on /_prometheus/metrics, labelled by inference id and service.
    PrometheusText metrics = PrometheusText.parse(api.get("/_prometheus/metrics").body());
    String[] labels = {"inference_id", "full-queue", "service", "openai"};
    assertThat(metrics.value("infergate_inference_rate_limit_rejections_total", labels)).isEqualTo(1);
    assertThat(stats.getLong("requests")).isEqualTo(QUEUE_SIZE + 2);
    assertThat(metrics.value("infergate_inference_requests_total", labels)).isEqualTo(QUEUE_SIZE + 2);
    assertThat(metrics.value("infergate_inference_queue_depth", labels)).isEqualTo(QUEUE_SIZE);
    assertThat(metrics.value("infergate_inference_provider_requests_total", labels)).as("only the first was sent")
        .isEqualTo(1);
    assertThat(api.delete("/_inference/full-queue").status()).isEqualTo(200);
    Conditions.await(Duration.ofSeconds(10), "the deleted endpoint's meters gone", () -> PrometheusText.parse(
        api.get("/_prometheus/metrics").body()).find("infergate_inference_requests_total", labels).isEmpty());
    for (CompletableFuture<Response> queued : waiting) {
      assertThat(queued.get(10, TimeUnit.SECONDS).status()).isEqualTo(404);
    }
  }

  @Test
  void aRequestStillQueuedAtItsTimeoutGetsTheQueuedTimeout() {
    String path = limited("queued-timeout", 1);
    long before = modelRequests();
    assertThat(api.post(path, new JsonObject().put("input", "first")).status()).isEqualTo(200);

    long started = System.nanoTime();
    Response late = api.post(path + "?timeout=1s", new JsonObject().put("input", "second"));
    assertError(late, 429, "timeout_exception", "Request timed out waiting to be sent after [1s]");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(modelRequests() - before).as("the queued request never reached the provider").isEqualTo(1);
    JsonObject cluster = api.get("/_inference/queued-timeout/_stats").json().getJsonObject("cluster");
    assertThat(cluster.getLong("timed_out_in_queue")).isEqualTo(1);
    assertThat(cluster.getLong("queue_depth")).isZero();
  }

  @Test
  void deletingTheEndpointFailsItsQueuedRequestsAtOnce() throws Exception {
    String path = limited("deleted-while-queued", 1);
    assertThat(api.post(path, new JsonObject().put("input", "first")).status()).isEqualTo(200);
    CompletableFuture<Response> queued = performLater(path + "?timeout=60s");
    awaitQueued("deleted-while-queued", 1);

    long deleted = System.nanoTime();
    assertThat(api.delete("/_inference/deleted-while-queued").status()).isEqualTo(200);
    assertError(queued.get(10, TimeUnit.SECONDS), 404, "resource_not_found_exception",
        "Inference endpoint not found [deleted-while-queued]");
    assertThat(Duration.ofNanos(System.nanoTime() - deleted)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void anUpdateThatRaisesTheLimitReleasesTheQueueWhenAcknowledged() throws Exception {
    String path = limited("raised", 1);
    assertThat(api.post(path, new JsonObject().put("input", "first")).status()).isEqualTo(200);
    CompletableFuture<Response> queued = performLater(path + "?timeout=60s");
    awaitQueued("raised", 1);

    Response updated = api.put("/_inference/text_embedding/raised/_update", new JsonObject().put("service_settings",
        new JsonObject().put("rate_limit", new JsonObject().put("requests_per_minute", 6000))));
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().getJsonObject("service_settings").getJsonObject("rate_limit")
        .getInteger("requests_per_minute")).isEqualTo(6000);
    assertThat(queued.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
  }

  @Test
  void queuedRequestsAreSentInArrivalOrder() throws Exception {
    String path = limited("ordered", 120);
    assertThat(api.post(path, new JsonObject().put("input", "first")).status()).isEqualTo(200);
    List<CompletableFuture<Response>> waiting = new ArrayList<>();
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < QUEUE_SIZE; i++) {
      String input = "in order " + i;
      waiting.add(CompletableFuture.supplyAsync(() -> api.post(path, new JsonObject().put("input", input))));
      awaitQueued("ordered", i + 1);
      sent.add(input);
    }
    for (int i = 0; i < waiting.size(); i++) {
      assertThat(waiting.get(i).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
      if (i + 1 < waiting.size()) {
        assertThat(waiting.get(i + 1)).as("request " + (i + 1) + " is sent after request " + i).isNotDone();
      }
    }
    assertThat(sent).hasSize(QUEUE_SIZE);
  }

  @Test
  void retriesTakeTokensFromTheLimit() {
    JsonObject body = openAi(node.url("/fault/500x1/v1/embeddings"));
    body.getJsonObject("service_settings").put("rate_limit", new JsonObject().put("requests_per_minute", 1));
    node.put("text_embedding", "retried", body);
    mock.stats().reset();

    Response response = api.post("/_inference/text_embedding/retried?timeout=3s", new JsonObject().put("input", "x"));

    // the first attempt took the only token of the minute; its retry waited in the queue for the next one
    assertError(response, 429, "timeout_exception", "Request timed out waiting to be sent after [3s]");
    assertThat(mock.stats().requests("/fault/500x1/v1/embeddings")).isEqualTo(1);
    JsonObject cluster = api.get("/_inference/retried/_stats").json().getJsonObject("cluster");
    assertThat(cluster.getJsonObject("provider_errors").getLong("500")).isEqualTo(1);
    assertThat(cluster.getLong("retries")).isEqualTo(1);
  }

  @Test
  void statsShowTheLimitAndWhatTheRequestsDid() {
    String path = limited("counted", 6000);
    for (int i = 0; i < 3; i++) {
      assertThat(api.post(path, new JsonObject().put("input", "count me " + i)).status()).isEqualTo(200);
    }

    JsonObject stats = api.get("/_inference/text_embedding/counted/_stats").json();
    assertThat(stats.getJsonObject("_nodes").getInteger("successful")).isEqualTo(1);
    assertThat(stats.getJsonObject("rate_limit")).isEqualTo(new JsonObject().put("source", "service_settings")
        .put("requests_per_minute", 6000));
    JsonObject cluster = stats.getJsonObject("cluster");
    assertThat(cluster.getLong("requests")).isEqualTo(3);
    assertThat(cluster.getJsonObject("responses").getLong("200")).isEqualTo(3);
    assertThat(cluster.getLong("tokens")).as("the mock's usage.total_tokens").isPositive();
    assertThat(cluster.getJsonObject("latency").getLong("count")).isEqualTo(3);
    assertThat(cluster.getJsonObject("latency").getDouble("p50_ms")).isPositive();
    JsonObject nodes = stats.getJsonObject("nodes");
    JsonObject self = nodes.getJsonObject(nodes.fieldNames().iterator().next());
    assertThat(self.getString("name")).isEqualTo("node-1");
    assertThat(self.getDouble("rate_limit_share_per_minute")).isEqualTo(6000.0);

    node.put("text_embedding", "default-limit", openAi(node.url("/v1/embeddings")));
    assertThat(api.get("/_inference/default-limit/_stats").json().getJsonObject("rate_limit"))
        .isEqualTo(new JsonObject().put("source", "default").put("requests_per_minute", 3000));
    assertError(api.get("/_inference/sparse_embedding/counted/_stats"), 400, "status_exception",
        "Requested task type [sparse_embedding] does not match the inference endpoint's task type [text_embedding]");
    assertError(api.get("/_inference/missing/_stats"), 404, "resource_not_found_exception",
        "Inference endpoint not found [missing]");
  }
}
