package io.infergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.examples.mock.MockProviderServer;
import io.infergate.examples.mock.MockStats;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.MockProviderNode;
import io.infergate.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The result cache on a three-node cluster against the mock provider over HTTP: node-local, and
 * never stale. Each test names its own model, so the mock's count per model is that test's alone.
 * The mock counts a request before it answers, so once a perform has answered, a provider call it
 * made is already counted: no waiting is needed to see that none was made.
 */
class PerformCacheTest {

  private static final int NODES = 3;

  @TempDir
  static Path conf;
  static MockProviderNode nodes;
  static TestCluster cluster;
  static MockProviderServer mock;

  @BeforeAll
  static void start() {
    nodes = MockProviderNode.start(conf, new JsonObject(), NODES);
    cluster = nodes.cluster();
    mock = nodes.mock();
  }

  @AfterAll
  static void stop() {
    nodes.close();
  }

  @Test
  void anUpdateOrARecreateIsRecomputedOnEveryNodeAndNeverServedFromAnOlderDefinition() {
    MockStats stats = mock.stats();
    put("cached", cachedOpenAi(url(mock), "model-a"));

    List<String> first = performOnEveryNode("cached", "hello");
    assertThat(stats.requestsForModel("model-a")).as("one miss per node").isEqualTo(NODES);
    assertThat(performOnEveryNode("cached", "hello")).isEqualTo(first);
    assertThat(stats.requestsForModel("model-a")).as("the second round is served from each node's cache")
        .isEqualTo(NODES);

    Response updated = api(0).send("PUT", "/_inference/text_embedding/cached/_update", new JsonObject()
        .put("service_settings", new JsonObject().put("model_id", "model-b")).encode(), "application/json");
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    for (int node = 0; node < NODES; node++) {
      assertThat(perform(node, "cached", "hello").status()).isEqualTo(200);
      assertThat(stats.requestsForModel("model-b")).as("node %s recomputes under the new model", node)
          .isEqualTo(node + 1);
    }
    performOnEveryNode("cached", "hello");
    assertThat(stats.requestsForModel("model-b")).isEqualTo(NODES);
    assertThat(stats.requestsForModel("model-a")).as("nothing more under the old model").isEqualTo(NODES);

    assertThat(api(1).delete("/_inference/cached").status()).isEqualTo(200);
    put("cached", cachedOpenAi(url(mock), "model-b"));
    for (int node = 0; node < NODES; node++) {
      assertThat(perform(node, "cached", "hello").status()).isEqualTo(200);
      assertThat(stats.requestsForModel("model-b")).as("node %s recomputes after the re-create", node)
          .isEqualTo(NODES + node + 1);
    }
  }

  @Test
  void aHitCostsNoProviderCallEvenWhenTheProviderIsGone() {
    MockProviderServer doomed = nodes.startMock();
    put("cached-gone", cachedOpenAi(url(doomed), "model-gone"));
    Response computed = perform(0, "cached-gone", "kept");
    assertThat(computed.status()).as(computed.toString()).isEqualTo(200);

    TestCluster.await(doomed.close());

    Response cached = perform(0, "cached-gone", "kept");
    assertThat(cached.status()).as(cached.toString()).isEqualTo(200);
    assertThat(cached.body()).isEqualTo(computed.body());
    assertThat(perform(0, "cached-gone", "never computed").status()).as("a miss goes to the provider, now gone")
        .isNotEqualTo(200);
  }

  @Test
  void anythingElseInTheRequestIsAMissAndFailuresAreNotCached() {
    MockStats stats = mock.stats();
    put("cached-keys", cachedOpenAi(url(mock), "model-keys"));

    perform(0, "cached-keys", "one");
    perform(0, "cached-keys", "two");
    api(0).post("/_inference/cached-keys", new JsonObject().put("input", new JsonArray().add("one").add("two")));
    api(0).post("/_inference/cached-keys", new JsonObject().put("input", "one")
        .put("task_settings", new JsonObject().put("user", "alice")));
    assertThat(stats.requestsForModel("model-keys")).isEqualTo(4);
    api(0).post("/_inference/cached-keys?timeout=20s", new JsonObject().put("input", "one"));
    assertThat(stats.requestsForModel("model-keys")).as("the timeout does not change the result").isEqualTo(4);

    put("cached-failing", cachedOpenAi(url(mock).replace("/v1/", "/fault/500/v1/"), "model-failing"));
    assertThat(api(0).post("/_inference/cached-failing?timeout=1s", new JsonObject().put("input", "x")).status())
        .isNotEqualTo(200);
    long afterFirst = stats.requestsForModel("model-failing");
    assertThat(api(0).post("/_inference/cached-failing?timeout=1s", new JsonObject().put("input", "x")).status())
        .isNotEqualTo(200);
    assertThat(stats.requestsForModel("model-failing")).as("a failure is asked again").isGreaterThan(afterFirst);
  }

  @Test
  void withoutTheSettingEveryRequestReachesTheProvider() {
    MockStats stats = mock.stats();
    JsonObject uncached = cachedOpenAi(url(mock), "model-uncached");
    uncached.getJsonObject("service_settings").remove("cache");
    put("uncached", uncached);

    perform(0, "uncached", "same");
    perform(0, "uncached", "same");

    assertThat(stats.requestsForModel("model-uncached")).isEqualTo(2);
  }

  @Test
  void rerankIsCachedPerQueryTopNAndReturnDocuments() {
    MockStats stats = mock.stats();
    String path = "/rerank";
    assertThat(api(0).put("/_inference/rerank/cached-rerank", new JsonObject().put("service", "hugging_face")
        .put("service_settings", new JsonObject().put("api_key", Endpoints.HF_SECRET)
            .put("url", "http://127.0.0.1:" + mock.port() + path)
            .put("cache", new JsonObject().put("enabled", true)))).status()).isEqualTo(200);
    JsonObject body = new JsonObject().put("input", new JsonArray().add("a cat").add("a dog")).put("query", "cat");
    long before = stats.requests(path);

    Response first = api(2).post("/_inference/cached-rerank", body);
    Response again = api(2).post("/_inference/cached-rerank", body);
    api(2).post("/_inference/cached-rerank", body.copy().put("top_n", 1));
    api(2).post("/_inference/cached-rerank", body.copy().put("query", "dog"));

    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(stats.requests(path) - before).isEqualTo(3);
  }

  private static List<String> performOnEveryNode(String id, String input) {
    List<String> bodies = new ArrayList<>();
    for (int node = 0; node < NODES; node++) {
      Response response = perform(node, id, input);
      assertThat(response.status()).as("node %s: %s", node, response).isEqualTo(200);
      bodies.add(response.body());
    }
    return bodies;
  }

  private static Response perform(int node, String id, String input) {
    return api(node).post("/_inference/text_embedding/" + id, new JsonObject().put("input", input));
  }

  private static void put(String id, JsonObject body) {
    Response response = api(0).put("/_inference/text_embedding/" + id, body);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
  }

  private static HttpApi api(int node) {
    return cluster.http(node);
  }

  private static String url(MockProviderServer server) {
    return "http://127.0.0.1:" + server.port() + "/v1/embeddings";
  }

  private static JsonObject cachedOpenAi(String url, String model) {
    JsonObject body = Endpoints.openAi();
    body.getJsonObject("service_settings").put("url", url).put("model_id", model)
        .put("cache", new JsonObject().put("enabled", true));
    return body;
  }
}
