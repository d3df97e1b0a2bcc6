package io.infergate.http;

import static io.infergate.http.InferenceApiTestSupport.assertError;
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

/**
 * Elasticsearch's common parameters on every route of a real node: {@code filter_path} on every
 * JSON answer but errors, {@code error_trace} on errors, {@code pretty} and {@code human} accepted
 * everywhere and refused, as Elasticsearch refuses them, when they are not booleans.
 */
class CommonParametersTest {

  private static final String BAD_BOOLEAN = "Failed to parse value [maybe] as only [true] or [false] are allowed.";

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static HttpApi api;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(1, conf);
    api = cluster.http(0);
    assertThat(api.put("/_inference/sparse_embedding/filter-a", Endpoints.huggingFace()).status()).isEqualTo(200);
    assertThat(api.put("/_inference/rerank/filter-b", Endpoints.cohere()).status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void filterPathKeepsTheListedFieldsOfEachEndpoint() {
    Response response = api.get("/_inference?filter_path=endpoints.inference_id");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json()).isEqualTo(new JsonObject().put("endpoints", new JsonArray()
        .add(new JsonObject().put("inference_id", "filter-a")).add(new JsonObject().put("inference_id", "filter-b"))));

    Response wildcard = api.get("/_inference/_all?filter_path=endpoints.*_id,endpoints.*_type");
    assertThat(wildcard.json().getJsonArray("endpoints").getJsonObject(1))
        .isEqualTo(new JsonObject().put("inference_id", "filter-b").put("task_type", "rerank"));
  }

  @Test
  void exclusionDropsTheFieldAndKeepsTheRest() {
    JsonObject whole = api.get("/_inference/filter-b").json();
    Response response = api.get("/_inference/filter-b?filter_path=-endpoints.service_settings");
    JsonObject endpoint = response.json().getJsonArray("endpoints").getJsonObject(0);
    assertThat(endpoint.containsKey("service_settings")).isFalse();
    JsonObject expected = whole.getJsonArray("endpoints").getJsonObject(0).copy();
    expected.remove("service_settings");
    assertThat(endpoint).isEqualTo(expected);
    assertThat(endpoint.getJsonObject("task_settings")).isNotNull();
  }

  @Test
  void nothingMatchingLeavesAnEmptyObject() {
    assertThat(api.get("/_inference?filter_path=nothing.here").body()).isEqualTo("{}");
    assertThat(api.get("/_inference?filter_path=-endpoints").body()).isEqualTo("{}");
  }

  @Test
  void valuesThatFilterNothingLeaveTheResponseWhole() {
    String whole = api.get("/_inference").body();
    for (String value : List.of("", ",,,", "-", "%20,%20")) {
      Response response = api.get("/_inference?filter_path=" + value);
      assertThat(response.status()).as(value).isEqualTo(200);
      assertThat(response.body()).as(value).isEqualTo(whole);
    }
  }

  @Test
  void oddPatternsAreNeverAServerError() {
    for (String value : List.of("***", "..", "-", "-.", "*.*.*.**.**", "%5C.", "a%5C", "**", "-**")) {
      Response response = api.get("/_inference?filter_path=" + value);
      assertThat(response.status()).as(value).isEqualTo(200);
    }
    assertThat(api.get("/_inference?filter_path=***").json().getJsonArray("endpoints")).hasSize(2);
  }

  @Test
  void aFilterTooLargeIsA400() {
    String tooLong = "a,".repeat(ResponseFilter.MAX_LENGTH);
    assertError(api.get("/_inference?filter_path=" + tooLong), 400, "illegal_argument_exception",
        "[filter_path] is 8192 characters long, longer than the limit of [4096]");
    String tooDeep = "*.".repeat(ResponseFilter.MAX_SEGMENTS) + "x";
    assertError(api.get("/_inference?filter_path=" + tooDeep), 400, "illegal_argument_exception",
        "[filter_path] has 257 path segments, more than the limit of [256]");
  }

  @Test
  void everyJsonRouteIsFiltered() {
    assertThat(api.get("/?filter_path=version.number").json().fieldNames()).containsExactly("version");
    assertThat(api.get("/?filter_path=version.number").json().getJsonObject("version").fieldNames())
        .containsExactly("number");
    assertThat(api.get("/_cluster/health?filter_path=status").json().fieldNames()).containsExactly("status");
    assertThat(api.get("/_nodes?filter_path=_nodes.total").json())
        .isEqualTo(new JsonObject().put("_nodes", new JsonObject().put("total", 1)));
    assertThat(new JsonArray(api.get("/_cat/nodes?format=json&filter_path=name").body()))
        .isEqualTo(new JsonArray().add(new JsonObject().put("name", "node-1")));
    assertThat(api.get("/_security/_authenticate?filter_path=username").json())
        .isEqualTo(new JsonObject().put("username", "elastic"));

    JsonArray services = new JsonArray(api.get("/_inference/_services?filter_path=service").body());
    assertThat(services.getJsonObject(0)).isEqualTo(new JsonObject().put("service", "cohere"));
    Response noService = api.get("/_inference/_services?filter_path=nothing");
    assertThat(noService.status()).isEqualTo(200);
    assertThat(noService.body()).isEmpty();

    Response put = api.put("/_inference/sparse_embedding/filter-put?filter_path=inference_id,service",
        Endpoints.huggingFace());
    assertThat(put.json()).isEqualTo(new JsonObject().put("inference_id", "filter-put").put("service", "hugging_face"));
    Response update = api.send("PUT", "/_inference/filter-put/_update?filter_path=service_settings.url",
        "{\"service_settings\":{\"url\":\"https://hf.example/models/other\"}}", "application/json");
    assertThat(update.json()).isEqualTo(new JsonObject()
        .put("service_settings", new JsonObject().put("url", "https://hf.example/models/other")));
    Response dryRun = api.delete("/_inference/filter-put?dry_run=true&filter_path=-pipelines,-indexes,-references,-error_message");
    assertThat(dryRun.json()).isEqualTo(new JsonObject().put("acknowledged", false));
    Response delete = api.delete("/_inference/filter-put?filter_path=acknowledged");
    assertThat(delete.json()).isEqualTo(new JsonObject().put("acknowledged", true));
  }

  @Test
  void filterPathAndPrettyTogether() {
    Response response = api.get("/_inference?filter_path=endpoints.inference_id&pretty");
    assertThat(response.body()).startsWith("{\n").endsWith("\n");
    assertThat(new JsonObject(response.body()).getJsonArray("endpoints")).hasSize(2);
  }

  @Test
  void errorsAreNotFiltered() {
    Response response = api.get("/_inference/missing-one?filter_path=error.type");
    assertError(response, 404, "resource_not_found_exception", "Inference endpoint not found [missing-one]");
    assertThat(response.json().fieldNames()).containsExactly("error", "status");
    Response plain = api.send("PATCH", "/_inference/filter-a?filter_path=status", null, null);
    assertThat(plain.status()).isEqualTo(405);
    assertThat(plain.json().getString("error")).startsWith("Incorrect HTTP method");
  }

  @Test
  void errorTraceAddsTheStackTraceToTheErrorAndItsRootCauses() {
    for (String value : List.of("true", "")) {
      Response response = api.get("/_inference/missing-two?error_trace=" + value);
      assertError(response, 404, "resource_not_found_exception", "Inference endpoint not found [missing-two]");
      JsonObject error = response.json().getJsonObject("error");
      String trace = error.getString("stack_trace");
      assertThat(trace).as(value).startsWith("io.infergate.bus.EsException: Inference endpoint not found [missing-two]\n\tat ");
      assertThat(error.getJsonArray("root_cause").getJsonObject(0).getString("stack_trace")).isEqualTo(trace);
      assertThat(error.fieldNames()).containsExactly("root_cause", "type", "reason", "stack_trace");
      assertOnlyFramesAfterTheReason(trace);
    }
  }

  @Test
  void errorTraceOnAValidationErrorShowsWhereItWasRaised() {
    Response response = api.put("/_inference/sparse_embedding/Bad-Id?error_trace=true", Endpoints.huggingFace());
    assertThat(response.status()).isEqualTo(400);
    String trace = response.json().getJsonObject("error").getString("stack_trace");
    assertThat(trace).startsWith("io.infergate.bus.EsException: Validation Failed: 1: Invalid inference_id;")
        .contains("\tat io.infergate.http.InferenceHandler.");
    assertOnlyFramesAfterTheReason(trace);
    assertThat(Endpoints.containsSecret(response.body())).isFalse();

    Response badBody = api.send("PUT", "/_inference/sparse_embedding/bad-body?error_trace", "{\"service\": ",
        "application/json");
    assertThat(badBody.json().getJsonObject("error").getString("stack_trace"))
        .startsWith("io.infergate.http.HttpFailure: Failed to parse the request body as JSON");
  }

  @Test
  void withoutErrorTraceThereIsNeverAStackTrace() {
    for (String query : List.of("", "?error_trace=false", "?filter_path=error.stack_trace")) {
      Response response = api.get("/_inference/missing-three" + query);
      assertThat(response.status()).isEqualTo(404);
      assertThat(response.body()).as(query).doesNotContain("stack_trace");
    }
    assertThat(api.put("/_inference/sparse_embedding/Bad-Id", Endpoints.huggingFace()).body())
        .doesNotContain("stack_trace");
  }

  @Test
  void errorTraceIsNeverGivenToAnUnauthenticatedClient() {
    Response response = api.as("elastic", "wrong-password").get("/_inference?error_trace=true");
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).doesNotContain("stack_trace");
  }

  @Test
  void humanIsAcceptedOnEveryRoute() {
    for (String path : List.of("/", "/_inference", "/_inference/_all", "/_inference/filter-a",
        "/_inference/sparse_embedding/_all", "/_inference/_services", "/_cluster/health", "/_nodes",
        "/_cat/nodes", "/_cat/nodes?format=json", "/_security/_authenticate")) {
      String separator = path.contains("?") ? "&" : "?";
      for (String value : List.of("", "true", "false")) {
        assertThat(api.get(path + separator + "human=" + value).status()).as(path + " " + value).isEqualTo(200);
      }
    }
    assertThat(api.put("/_inference/sparse_embedding/human-put?human", Endpoints.huggingFace()).status())
        .isEqualTo(200);
    assertThat(api.delete("/_inference/human-put?human=true&error_trace=false&pretty=false").status()).isEqualTo(200);
  }

  @Test
  void badBooleansAre400s() {
    for (String name : List.of("human", "pretty")) {
      for (String path : List.of("/", "/_inference", "/_cluster/health", "/_inference/_services")) {
        Response response = api.get(path + "?" + name + "=maybe");
        assertError(response, 400, "illegal_argument_exception", BAD_BOOLEAN);
        assertThat(response.body()).as("not indented").doesNotContain("\n");
      }
    }
    // Elasticsearch refuses a bad error_trace with its plain-string error.
    Response errorTrace = api.get("/_inference?error_trace=maybe");
    assertThat(errorTrace.status()).isEqualTo(400);
    assertThat(errorTrace.json()).isEqualTo(new JsonObject().put("error", BAD_BOOLEAN).put("status", 400));
    // A bad human drops the request's other parameters from its own refusal, as in Elasticsearch.
    assertThat(api.get("/_inference?human=maybe&error_trace=true&pretty").body())
        .doesNotContain("stack_trace").doesNotContain("\n");
  }

  /** The first line is the carrier and the reason the client already has; every other line a frame. */
  private static void assertOnlyFramesAfterTheReason(String trace) {
    List<String> lines = List.of(trace.split("\n"));
    assertThat(lines.size()).isGreaterThan(1);
    assertThat(lines.subList(1, lines.size())).allSatisfy(line -> assertThat(line).startsWith("\tat "));
  }
}
