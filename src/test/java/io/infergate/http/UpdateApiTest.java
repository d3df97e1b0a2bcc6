package io.infergate.http;

import static io.infergate.http.InferenceApiTestSupport.assertError;
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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code PUT /_inference/[task_type/]{id}/_update}: settings merge in, an updated event goes out, secrets stay secret. */
class UpdateApiTest {

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static HttpApi api;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(1, conf);
    api = cluster.http(0).as(TestUsers.ADMIN);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void updatesMergeSettingsAndPublishAnUpdatedEvent() {
    try (EventRecorder events = EventRecorder.subscribe(cluster.node(0))) {
      api.put("/_inference/rerank/to-update", Endpoints.cohere());
      String newSecret = "cohere-rotated-secret-1b2c";
      Response updated = api.send("PUT", "/_inference/rerank/to-update/_update", new JsonObject()
          .put("service_settings", new JsonObject().put("api_key", newSecret).put("model_id", "rerank-v4"))
          .put("task_settings", new JsonObject().put("top_n", 10)).encode(), "application/json");

      assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
      JsonObject endpoint = updated.json();
      assertThat(endpoint.getJsonObject("service_settings")).isEqualTo(new JsonObject().put("model_id", "rerank-v4"));
      assertThat(endpoint.getJsonObject("task_settings"))
          .isEqualTo(new JsonObject().put("top_n", 10).put("return_documents", true));
      assertThat(updated.body()).doesNotContain(newSecret);
      assertThat(api.get("/_inference/to-update").json().getJsonArray("endpoints").getJsonObject(0)).isEqualTo(endpoint);

      List<JsonObject> created = events.awaitCount(EventRecorder.of("created", "to-update"), 1);
      List<JsonObject> update = events.awaitCount(EventRecorder.of("updated", "to-update"), 1);
      assertThat(update.get(0).getLong("revision")).isGreaterThan(created.get(0).getLong("revision"));
      assertThat(update.get(0).encode()).doesNotContain(newSecret);
    }
  }

  @Test
  void includeRevisionShowsTheRevisionOfTheEventThatMadeEachEndpoint() {
    try (EventRecorder events = EventRecorder.subscribe(cluster.node(0))) {
      api.put("/_inference/sparse_embedding/with-revision", Endpoints.huggingFace());
      long created = events.awaitCount(EventRecorder.of("created", "with-revision"), 1).get(0).getLong("revision");
      assertThat(revisionShown("/_inference?include_revision=true", "with-revision")).isEqualTo(created);

      api.send("POST", "/_inference/with-revision/_update",
          "{\"service_settings\":{\"url\":\"https://example.com/other\"}}", "application/json");
      long updated = events.awaitCount(EventRecorder.of("updated", "with-revision"), 1).get(0).getLong("revision");
      assertThat(updated).isGreaterThan(created);
      assertThat(revisionShown("/_inference/with-revision?include_revision", "with-revision")).isEqualTo(updated);
      assertThat(revisionShown("/_inference/sparse_embedding/_all?include_revision=true", "with-revision")).isEqualTo(updated);
    }
    // Elasticsearch's shape unless asked: no field its clients do not know.
    assertThat(api.get("/_inference/with-revision").json().getJsonArray("endpoints").getJsonObject(0)
        .containsKey("revision")).isFalse();
    assertError(api.get("/_inference?include_revision=yes"), 400, "illegal_argument_exception",
        "Failed to parse value [yes] as only [true] or [false] are allowed.");
  }

  private static long revisionShown(String path, String id) {
    Response answer = api.get(path);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    return answer.json().getJsonArray("endpoints").stream().map(JsonObject.class::cast)
        .filter(endpoint -> endpoint.getString("inference_id").equals(id)).findFirst().orElseThrow()
        .getLong("revision");
  }

  @Test
  void updateErrors() {
    api.put("/_inference/sparse_embedding/fixed", Endpoints.huggingFace());
    assertNotFound(api.send("PUT", "/_inference/missing-one/_update", "{\"service_settings\":{\"url\":\"https://x\"}}",
        "application/json"), "missing-one");
    assertError(api.send("PUT", "/_inference/fixed/_update", "{\"service\":\"openai\"}", "application/json"), 400,
        "status_exception", "The service of an inference endpoint cannot be changed; it is [hugging_face]");
    assertError(api.send("PUT", "/_inference/fixed/_update", "{\"service_settings\":{\"model_id\":\"m\"}}",
        "application/json"), 400, "status_exception",
        "Configuration contains settings [model_id] unknown to the [hugging_face] service");
    assertError(api.send("PUT", "/_inference/fixed/_update", "{}", "application/json"), 400,
        "action_request_validation_exception", "Validation Failed: 1: the update changes nothing: give "
            + "service_settings, task_settings or chunking_settings;");
    assertError(api.send("PUT", "/_inference/text_embedding/fixed/_update", "{\"service_settings\":{\"url\":\"https://y\"}}",
        "application/json"), 400, "status_exception",
        "Requested task type [text_embedding] does not match the inference endpoint's task type [sparse_embedding]");
    assertThat(cluster.http(0).as(TestUsers.READER).send("PUT", "/_inference/fixed/_update",
        "{\"service_settings\":{\"url\":\"https://y\"}}", "application/json").errorReason())
        .startsWith("action [cluster:admin/xpack/inference/update] is unauthorized for user [reader]");
    assertThat(api.get("/_inference/fixed").json().getJsonArray("endpoints").getJsonObject(0)
        .getJsonObject("service_settings").getString("url")).isEqualTo("https://hf.example/models/elser");
  }
}
