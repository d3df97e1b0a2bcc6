package io.infergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static io.infergate.http.InferenceApiTestSupport.assertError;
import static io.infergate.http.InferenceApiTestSupport.assertNotFound;
import static io.infergate.http.InferenceApiTestSupport.ids;

/** Every {@code _inference} route of DESIGN.md section 3 against one real node, asserted on status, type and reason. */
class InferenceApiTest {

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static HttpApi api;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(1, conf);
    api = cluster.http(0);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void putWithTaskTypeInPathReturnsTheEndpointWithoutSecrets() {
    Response created = api.put("/_inference/sparse_embedding/put-path", Endpoints.huggingFace());

    assertThat(created.status()).isEqualTo(200);
    assertThat(created.json()).isEqualTo(new JsonObject()
        .put("inference_id", "put-path")
        .put("task_type", "sparse_embedding")
        .put("service", "hugging_face")
        .put("service_settings", new JsonObject().put("url", "https://hf.example/models/elser")));
    assertThat(created.body()).doesNotContain(Endpoints.HF_SECRET).doesNotContain("api_key");
    assertThat(created.header("X-Elastic-Product")).isEqualTo("Elasticsearch");
  }

  @Test
  void putWithTaskTypeInBody() {
    Response created = api.put("/_inference/put-body", Endpoints.openAi().put("task_type", "text_embedding"));

    assertThat(created.status()).isEqualTo(200);
    assertThat(created.json().getString("task_type")).isEqualTo("text_embedding");
    assertThat(created.json().getString("service")).isEqualTo("openai");
    assertThat(created.json().containsKey("task_settings")).isFalse();
  }

  @Test
  void taskSettingsAndChunkingSettingsAreReturned() {
    JsonObject body = Endpoints.cohere();
    Response created = api.put("/_inference/rerank/with-task-settings", body);
    assertThat(created.status()).isEqualTo(200);
    assertThat(created.json().getJsonObject("task_settings"))
        .isEqualTo(new JsonObject().put("top_n", 3).put("return_documents", true));

    JsonObject chunking = new JsonObject().put("strategy", "sentence").put("max_chunk_size", 250).put("sentence_overlap", 1);
    Response chunked = api.put("/_inference/text_embedding/with-chunking", Endpoints.openAi().put("chunking_settings", chunking));
    assertThat(chunked.status()).isEqualTo(200);
    assertThat(chunked.json().getJsonObject("chunking_settings")).isEqualTo(chunking);
  }

  @Test
  void getByIdAndByTaskTypeAndId() {
    api.put("/_inference/sparse_embedding/get-me", Endpoints.huggingFace());

    Response byId = api.get("/_inference/get-me");
    assertThat(byId.status()).isEqualTo(200);
    JsonArray endpoints = byId.json().getJsonArray("endpoints");
    assertThat(endpoints).hasSize(1);
    assertThat(endpoints.getJsonObject(0).getString("inference_id")).isEqualTo("get-me");
    assertThat(byId.body()).doesNotContain(Endpoints.HF_SECRET);

    Response byTaskType = api.get("/_inference/sparse_embedding/get-me");
    assertThat(byTaskType.status()).isEqualTo(200);
    assertThat(byTaskType.json()).isEqualTo(byId.json());
  }

  @Test
  void listingIsSortedAndFilteredByTaskType() {
    api.put("/_inference/sparse_embedding/list-c", Endpoints.huggingFace());
    api.put("/_inference/text_embedding/list-a", Endpoints.openAi());
    api.put("/_inference/sparse_embedding/list-b", Endpoints.huggingFace());

    for (String path : List.of("/_inference", "/_inference/", "/_inference/_all", "/_inference/*")) {
      Response all = api.get(path);
      assertThat(all.status()).as(path).isEqualTo(200);
      List<String> ids = ids(all);
      assertThat(ids).as(path).containsSubsequence("list-a", "list-b", "list-c");
      assertThat(ids).as(path).isSorted();
      assertThat(all.body()).doesNotContain(Endpoints.HF_SECRET).doesNotContain(Endpoints.OPENAI_SECRET);
    }
    for (String path : List.of("/_inference/sparse_embedding/_all", "/_inference/sparse_embedding/*")) {
      Response sparse = api.get(path);
      assertThat(sparse.status()).isEqualTo(200);
      assertThat(ids(sparse)).contains("list-b", "list-c").doesNotContain("list-a").isSorted();
      sparse.json().getJsonArray("endpoints").forEach(endpoint ->
          assertThat(((JsonObject) endpoint).getString("task_type")).isEqualTo("sparse_embedding"));
    }
  }

  @Test
  void deleteReturnsTheAcknowledgmentAndTheEndpointIsGone() {
    api.put("/_inference/sparse_embedding/delete-me", Endpoints.huggingFace());

    Response deleted = api.delete("/_inference/delete-me");
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json()).isEqualTo(new JsonObject().put("acknowledged", true)
        .put("pipelines", new JsonArray()).put("indexes", new JsonArray()).put("references", new JsonArray()));

    assertNotFound(api.get("/_inference/delete-me"), "delete-me");
    assertNotFound(api.delete("/_inference/delete-me"), "delete-me");
  }

  @Test
  void deleteWithTaskTypeInPath() {
    api.put("/_inference/sparse_embedding/delete-typed", Endpoints.huggingFace());

    Response wrongType = api.delete("/_inference/text_embedding/delete-typed");
    assertError(wrongType, 400, "status_exception",
        "Requested task type [text_embedding] does not match the inference endpoint's task type [sparse_embedding]");
    assertThat(api.get("/_inference/delete-typed").status()).isEqualTo(200);

    assertThat(api.delete("/_inference/sparse_embedding/delete-typed").json().getBoolean("acknowledged")).isTrue();
    assertNotFound(api.get("/_inference/delete-typed"), "delete-typed");
  }

  @Test
  void dryRunDeletesNothing() {
    api.put("/_inference/sparse_embedding/dry-run-me", Endpoints.huggingFace());

    Response dryRun = api.delete("/_inference/dry-run-me?dry_run=true");
    assertThat(dryRun.status()).isEqualTo(200);
    assertThat(dryRun.json()).isEqualTo(new JsonObject().put("acknowledged", false)
        .put("pipelines", new JsonArray()).put("indexes", new JsonArray()).put("references", new JsonArray())
        .put("error_message", ""));
    assertThat(api.get("/_inference/dry-run-me").status()).isEqualTo(200);

    assertThat(api.delete("/_inference/dry-run-me?dry_run").json().getBoolean("acknowledged")).isFalse();
    assertThat(api.delete("/_inference/dry-run-me?force=true").json().getBoolean("acknowledged")).isTrue();
    assertNotFound(api.delete("/_inference/dry-run-me?dry_run=true"), "dry-run-me");
  }

  @Test
  void unknownEndpointIs404Everywhere() {
    assertNotFound(api.get("/_inference/no-such-endpoint"), "no-such-endpoint");
    assertNotFound(api.get("/_inference/text_embedding/no-such-endpoint"), "no-such-endpoint");
    assertNotFound(api.delete("/_inference/no-such-endpoint"), "no-such-endpoint");
    assertNotFound(api.delete("/_inference/sparse_embedding/no-such-endpoint"), "no-such-endpoint");
  }

  @Test
  void getWithADifferentTaskTypeIs400() {
    api.put("/_inference/sparse_embedding/typed-get", Endpoints.huggingFace());

    assertError(api.get("/_inference/text_embedding/typed-get"), 400, "status_exception",
        "Requested task type [text_embedding] does not match the inference endpoint's task type [sparse_embedding]");
  }

  @Test
  void unknownTaskTypeInPathIs400() {
    assertError(api.get("/_inference/bad/x"), 400, "status_exception", "Unknown task_type [bad]");
    assertError(api.put("/_inference/bad/x", Endpoints.huggingFace()), 400, "status_exception", "Unknown task_type [bad]");
    assertError(api.delete("/_inference/bad/x"), 400, "status_exception", "Unknown task_type [bad]");
    assertError(api.get("/_inference/bad/_all"), 400, "status_exception", "Unknown task_type [bad]");
  }

  @Test
  void duplicateIdIs400AndKeepsTheFirst() {
    assertThat(api.put("/_inference/sparse_embedding/duplicate", Endpoints.huggingFace()).status()).isEqualTo(200);

    assertError(api.put("/_inference/text_embedding/duplicate", Endpoints.openAi()), 400,
        "resource_already_exists_exception", "Inference endpoint [duplicate] already exists");
    assertThat(api.get("/_inference/duplicate").json().getJsonArray("endpoints").getJsonObject(0).getString("service"))
        .isEqualTo("hugging_face");
  }

  @Test
  void invalidIdsAre400WithElasticsearchsMessage() {
    for (String id : List.of("UPPER", "has%20space", "-leading", "trailing-", "_all", "a%2Fb", "caf%C3%A9")) {
      String decoded = java.net.URLDecoder.decode(id, java.nio.charset.StandardCharsets.UTF_8);
      assertError(api.put("/_inference/sparse_embedding/" + id, Endpoints.huggingFace()), 400,
          "action_request_validation_exception",
          "Validation Failed: 1: Invalid inference_id; '" + decoded + "' can contain lowercase alphanumeric "
              + "(a-z and 0-9), hyphens or underscores; must start and end with alphanumeric;");
    }
  }

  @Test
  void validationErrorsOfTheBody() {
    assertError(api.put("/_inference/sparse_embedding/v1", new JsonObject().put("service_settings", new JsonObject())),
        400, "status_exception", "Inference endpoint configuration is missing the [service] setting");
    assertError(api.put("/_inference/sparse_embedding/v1", Endpoints.huggingFace().put("service", "x")),
        400, "status_exception", "Unknown service [x]");
    assertError(api.put("/_inference/v1", Endpoints.huggingFace()),
        400, "status_exception", "model is missing required setting [task_type]");
    assertError(api.put("/_inference/text_embedding/v1", Endpoints.huggingFace().put("task_type", "sparse_embedding")),
        400, "status_exception",
        "Cannot resolve conflicting task_type parameter in the request URL [text_embedding] and the request body [sparse_embedding]");
    assertError(api.put("/_inference/rerank/v1", Endpoints.openAi()),
        400, "status_exception", "The [openai] service does not support task type [rerank]");
    assertError(api.put("/_inference/sparse_embedding/v1", new JsonObject().put("service", "hugging_face")),
        400, "status_exception", "Inference endpoint configuration is missing the [service_settings] setting");
    assertError(api.put("/_inference/text_embedding/v1",
            new JsonObject().put("service", "openai").put("service_settings", new JsonObject().put("model_id", "m"))),
        400, "validation_exception",
        "Validation Failed: 1: [service_settings] does not contain the required setting [api_key];");
    assertError(api.put("/_inference/sparse_embedding/v1",
            new JsonObject().put("service", "hugging_face").put("service_settings", new JsonObject())),
        400, "validation_exception",
        "Validation Failed: 1: [service_settings] does not contain the required setting [api_key];"
            + "2: [service_settings] does not contain the required setting [url];");
    assertError(api.put("/_inference/sparse_embedding/v1", Endpoints.huggingFace().put("extra", 1)),
        400, "status_exception", "Configuration contains settings [extra] unknown to the [hugging_face] service");
    assertThat(api.get("/_inference/v1").status()).isEqualTo(404);
  }

  @Test
  void wrongTypesInSettingsAre400() {
    JsonObject numberAsModel = new JsonObject().put("service", "openai")
        .put("service_settings", new JsonObject().put("api_key", Endpoints.OPENAI_SECRET).put("model_id", 42));
    Response response = api.put("/_inference/text_embedding/types", numberAsModel);
    assertError(response, 400, "validation_exception",
        "Validation Failed: 1: [service_settings] field [model_id] is not of the expected type; it must be a [String];");

    JsonObject settingsAsString = new JsonObject().put("service", "openai").put("service_settings", "nope");
    assertError(api.put("/_inference/text_embedding/types", settingsAsString), 400, "validation_exception",
        "Validation Failed: 1: field [service_settings] is not of the expected type; it must be a [Map];");

    JsonObject badDimensions = Endpoints.openAi();
    badDimensions.getJsonObject("service_settings").put("dimensions", -3);
    assertThat(api.put("/_inference/text_embedding/types", badDimensions).status()).isEqualTo(400);

    JsonObject badSimilarity = Endpoints.openAi();
    badSimilarity.getJsonObject("service_settings").put("similarity", "manhattan");
    assertError(api.put("/_inference/text_embedding/types", badSimilarity), 400, "validation_exception",
        "Validation Failed: 1: [service_settings] Invalid value [manhattan] received. [similarity] must be one of "
            + "[cosine, dot_product, l2_norm];");
    assertThat(api.get("/_inference/types").status()).isEqualTo(404);
  }

  @Test
  void unknownQueryParametersAndBadBooleans() {
    assertError(api.get("/_inference/x?foo=1"), 400, "illegal_argument_exception",
        "request [/_inference/x] contains unrecognized parameter: [foo]");
    assertError(api.delete("/_inference/x?foo=1&bar=2"), 400, "illegal_argument_exception",
        "request [/_inference/x] contains unrecognized parameters: [bar], [foo]");
    assertError(api.delete("/_inference/x?force=yes"), 400, "illegal_argument_exception",
        "Failed to parse value [yes] as only [true] or [false] are allowed.");
    assertError(api.get("/_inference?dry_run=true"), 400, "illegal_argument_exception",
        "request [/_inference] contains unrecognized parameter: [dry_run]");
  }

  @Test
  void commonParametersAreAcceptedAndPrettyIndents() {
    Response pretty = api.get("/_inference/_all?pretty&human=true&error_trace=false&filter_path=endpoints");
    assertThat(pretty.status()).isEqualTo(200);
    assertThat(pretty.body()).startsWith("{\n");

    Response prettyError = api.get("/_inference/missing-pretty?pretty=true");
    assertThat(prettyError.status()).isEqualTo(404);
    assertThat(prettyError.body()).contains("\n  \"error\"");
  }

  @Test
  void elasticsearchClientMediaTypesAreAccepted() {
    String vendor = "application/vnd.elasticsearch+json; compatible-with=9";
    Response created = api.send("PUT", "/_inference/sparse_embedding/media-types", Endpoints.huggingFace().encode(), vendor);
    assertThat(created.status()).isEqualTo(200);
    Response created8 = api.send("PUT", "/_inference/sparse_embedding/media-types-8", Endpoints.huggingFace().encode(),
        "application/vnd.elasticsearch+json;compatible-with=8");
    assertThat(created8.status()).isEqualTo(200);

    Response plainText = api.send("PUT", "/_inference/sparse_embedding/media-text", Endpoints.huggingFace().encode(), "text/plain");
    assertThat(plainText.status()).isEqualTo(406);
    assertThat(plainText.json().getString("error")).isEqualTo("Content-Type header [text/plain] is not supported");
  }

  @Test
  void rootAnswersLikeElasticsearch() {
    Response root = api.get("/");
    assertThat(root.status()).isEqualTo(200);
    assertThat(root.json().getString("name")).isEqualTo("node-1");
    assertThat(root.json().getString("cluster_name")).startsWith("infergate-test-");
    assertThat(root.json().getJsonObject("version").getString("number")).matches("\\d+\\.\\d+\\.\\d+");
    assertThat(root.header("X-Elastic-Product")).isEqualTo("Elasticsearch");
  }

  @Test
  void unknownPathsAndMethods() {
    Response unknown = api.get("/_nothing_here");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().getString("error")).isEqualTo("no handler found for uri [/_nothing_here] and method [GET]");

    Response tooDeep = api.get("/_inference/sparse_embedding/x/y");
    assertThat(tooDeep.status()).isEqualTo(400);

    Response putAll = api.put("/_inference", Endpoints.huggingFace());
    assertThat(putAll.status()).isEqualTo(405);
    assertThat(putAll.json().getString("error"))
        .isEqualTo("Incorrect HTTP method for uri [/_inference] and method [PUT], allowed: [GET]");
  }
}
