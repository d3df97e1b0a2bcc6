package io.infergate.http;

import static io.infergate.http.InferenceApiTestSupport.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input of every kind gets a clear 4xx and leaves the registry exactly as it was. */
class BadInputTest {

  private static final String INVALID_ID_SUFFIX = "' can contain lowercase alphanumeric (a-z and 0-9), hyphens or "
      + "underscores; must start and end with alphanumeric;";

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static HttpApi api;
  private JsonObject before;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(1, conf);
    api = cluster.http(0);
    assertThat(api.put("/_inference/sparse_embedding/existing", Endpoints.huggingFace()).status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @BeforeEach
  void snapshot() {
    before = api.get("/_inference").json();
  }

  @AfterEach
  void registryIsUnchanged() {
    assertThat(api.get("/_inference").json()).isEqualTo(before);
    assertThat(api.get("/_inference/existing").status()).isEqualTo(200);
  }

  @Test
  void malformedJson() {
    for (String body : List.of("{\"service\": \"hugging_face\", ", "{service: hugging_face}", "{\"a\":1}}", "nul")) {
      Response response = api.send("PUT", "/_inference/sparse_embedding/malformed", body, "application/json");
      assertThat(response.status()).as(body).isEqualTo(400);
      assertThat(response.errorType()).as(body).isEqualTo("x_content_parse_exception");
      assertThat(response.errorReason()).as(body).startsWith("Failed to parse the request body as JSON: ");
    }
  }

  @Test
  void bodyThatIsNotAnObject() {
    assertError(api.send("PUT", "/_inference/sparse_embedding/not-object", "[1,2]", "application/json"), 400,
        "parse_exception", "request body must be a JSON object, found [array]");
    assertError(api.send("PUT", "/_inference/sparse_embedding/not-object", "\"text\"", "application/json"), 400,
        "parse_exception", "request body must be a JSON object, found [string]");
    assertError(api.send("PUT", "/_inference/sparse_embedding/not-object", "42", "application/json"), 400,
        "parse_exception", "request body must be a JSON object, found [number]");
    assertError(api.send("PUT", "/_inference/sparse_embedding/not-object", "", "application/json"), 400,
        "parse_exception", "request body is required");
  }

  @Test
  void wrongTypesInSettings() {
    JsonObject apiKeyAsNumber = new JsonObject().put("service", "hugging_face")
        .put("service_settings", new JsonObject().put("api_key", 12345).put("url", "https://x"));
    assertError(api.put("/_inference/sparse_embedding/typed", apiKeyAsNumber), 400, "validation_exception",
        "Validation Failed: 1: [service_settings] field [api_key] is not of the expected type; it must be a [String];");

    JsonObject serviceAsArray = Endpoints.huggingFace().put("service", new io.vertx.core.json.JsonArray().add("x"));
    assertError(api.put("/_inference/sparse_embedding/typed", serviceAsArray), 400, "validation_exception",
        "Validation Failed: 1: field [service] is not of the expected type; it must be a [String];");

    JsonObject taskSettingsAsList = Endpoints.cohere().put("task_settings", new io.vertx.core.json.JsonArray());
    assertError(api.put("/_inference/rerank/typed", taskSettingsAsList), 400, "validation_exception",
        "Validation Failed: 1: field [task_settings] is not of the expected type; it must be a [Map];");

    JsonObject rateLimitAsText = Endpoints.openAi();
    rateLimitAsText.getJsonObject("service_settings").put("rate_limit", new JsonObject().put("requests_per_minute", "lots"));
    assertError(api.put("/_inference/text_embedding/typed", rateLimitAsText), 400, "validation_exception",
        "Validation Failed: 1: [rate_limit] field [requests_per_minute] is not of the expected type; it must be a [positive Integer];");
  }

  @Test
  void oversizedBodyIs413() {
    // The test nodes allow 64 KiB.
    JsonObject huge = Endpoints.huggingFace();
    huge.getJsonObject("service_settings").put("url", "https://x/" + "a".repeat(100_000));
    Response response = api.put("/_inference/sparse_embedding/huge", huge);

    assertError(response, 413, "content_too_long_exception", "request body is larger than the limit of [65536] bytes");
  }

  @Test
  void unknownQueryParameters() {
    assertError(api.put("/_inference/sparse_embedding/params?foo=bar", Endpoints.huggingFace()), 400,
        "illegal_argument_exception", "request [/_inference/sparse_embedding/params] contains unrecognized parameter: [foo]");
    assertError(api.delete("/_inference/existing?dryrun=true"), 400,
        "illegal_argument_exception", "request [/_inference/existing] contains unrecognized parameter: [dryrun]");
    assertError(api.delete("/_inference/existing?dry_run=maybe"), 400,
        "illegal_argument_exception", "Failed to parse value [maybe] as only [true] or [false] are allowed.");
  }

  @Test
  void invalidIdsOnEveryMethod() {
    for (String[] idAndRaw : new String[][] {
        {"Existing", "Existing"}, {"has space", "has%20space"}, {"a/b", "a%2Fb"}, {"..", ".."}, {"a/..", "a%2F.."},
        {"%", "%25"}}) {
      String reason = "Validation Failed: 1: Invalid inference_id; '" + idAndRaw[0] + INVALID_ID_SUFFIX;
      String raw = idAndRaw[1];
      assertError(api.put("/_inference/sparse_embedding/" + raw, Endpoints.huggingFace()), 400,
          "action_request_validation_exception", reason);
      assertError(api.put("/_inference/" + raw, Endpoints.huggingFace().put("task_type", "sparse_embedding")), 400,
          "action_request_validation_exception", reason);
      assertError(api.get("/_inference/" + raw), 400, "action_request_validation_exception", reason);
      assertError(api.delete("/_inference/" + raw), 400, "action_request_validation_exception", reason);
    }
  }

  @Test
  void aLeadingDotIsReservedForPreconfiguredEndpoints() {
    String reason = "Validation Failed: 1: Invalid inference_id; '.hidden" + INVALID_ID_SUFFIX;
    assertError(api.put("/_inference/sparse_embedding/.hidden", Endpoints.huggingFace()), 400,
        "action_request_validation_exception", reason);
    assertError(api.get("/_inference/.hidden"), 404, "resource_not_found_exception", "Inference endpoint not found [.hidden]");
  }

  @Test
  void dotSegmentsAreNotResolvedAway() {
    assertThat(api.delete("/_inference/../_inference/existing").status()).isEqualTo(400);
    assertThat(api.delete("/_inference/sparse_embedding/../existing").status()).isEqualTo(400);
    assertThat(api.delete("/_inference/./existing").status()).isEqualTo(400);
  }

  @Test
  void tenThousandCharacterId() {
    String id = "a".repeat(10_000);
    String reason = "Validation Failed: 1: Invalid inference_id; it is 10000 characters long, and must be at most 255;";
    assertError(api.put("/_inference/sparse_embedding/" + id, Endpoints.huggingFace()), 400,
        "action_request_validation_exception", reason);
    assertError(api.get("/_inference/" + id), 400, "action_request_validation_exception", reason);
    assertError(api.delete("/_inference/sparse_embedding/" + id), 400, "action_request_validation_exception", reason);
  }

  @Test
  void invalidPercentEscapes() {
    Response response = api.rawGet("/_inference/bad%zzescape");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().getJsonObject("error").getString("reason"))
        .isEqualTo("invalid escape sequence in path segment [bad%zzescape]");
  }

  // Requests that used to get a 500 or be accepted wrongly.

  @Test
  void duplicateKeysAreRejectedWherever() {
    String body = "{\"service\":\"x\",\"service\":\"openai\",\"service_settings\":{\"api_key\":\"k\",\"model_id\":\"m\"}}";
    Response put = api.send("PUT", "/_inference/text_embedding/dup", body, "application/json");
    assertThat(put.status()).isEqualTo(400);
    assertThat(put.errorType()).isEqualTo("x_content_parse_exception");
    assertThat(put.errorReason()).contains("Duplicate field 'service'");
    String nested = "{\"service\":\"openai\",\"service_settings\":{\"api_key\":\"k\",\"api_key\":\"k2\",\"model_id\":\"m\"}}";
    assertThat(api.send("PUT", "/_inference/text_embedding/dup", nested, "application/json").errorReason())
        .contains("Duplicate field 'api_key'");
    assertThat(api.send("POST", "/_inference/existing", "{\"input\":\"a\",\"input\":\"b\"}", "application/json")
        .errorReason()).contains("Duplicate field 'input'");
  }

  @Test
  void hugeTimeoutsAreA400() {
    for (String timeout : List.of("99999999999999999999d", "106751991168d", "9223372036854775807ms", "99999999999999h")) {
      for (Response response : List.of(
          api.delete("/_inference/existing?timeout=" + timeout),
          api.put("/_inference/sparse_embedding/other?timeout=" + timeout, Endpoints.huggingFace()),
          api.send("POST", "/_inference/existing/_update?timeout=" + timeout,
              "{\"service_settings\":{\"dimensions\":3}}", "application/json"),
          api.get("/_cluster/health?timeout=" + timeout))) {
        assertThat(response.status()).as("%s: %s", timeout, response).isEqualTo(400);
        assertThat(response.errorType()).isEqualTo("illegal_argument_exception");
        assertThat(response.errorReason()).startsWith("failed to parse setting [timeout] with value [" + timeout + "]");
      }
    }
  }

  @Test
  void badPercentEscapesInTheQueryAreA400() {
    for (String query : List.of("?pretty=%zz", "?%zz=1", "?pretty=%", "?pretty=%4")) {
      Response response = api.rawGet("/_inference" + query);
      assertThat(response.status()).as(query).isEqualTo(400);
      assertThat(response.body()).as(query).contains("illegal_argument_exception");
    }
  }

  @Test
  void http11WithoutHostIsA400() {
    for (String auth : List.of("Authorization: " + api.basicAuthorization() + "\r\n", "")) {
      Response response = api.raw("GET /_inference HTTP/1.1\r\n" + auth + "Connection: close\r\n\r\n");
      assertThat(response.status()).as(auth).isEqualTo(400);
      assertThat(response.body()).contains("Host");
    }
  }

  @Test
  void anUnknownParameterFromAnUnprivilegedUserIsNeverA500() {
    for (String user : List.of(TestUsers.OUTSIDER, TestUsers.READER)) {
      Response response = api.as(user).send("DELETE", "/_inference/existing?bogus=1", null, null);
      assertThat(response.status()).as(user + ": " + response).isIn(400, 403);
      Response get = api.as(user).get("/_inference?bogus=1");
      assertThat(get.status()).as(user + ": " + get).isIn(400, 403);
    }
  }

  @Test
  void aResumeFromBeyondTheLastSequenceOrANegativeOneIsRefused() {
    for (String id : List.of("9223372036854775807", "-5", "99999999999999999999")) {
      Response response = api.sendWithHeader("GET", "/_inference/_events", "Last-Event-ID", id);
      assertThat(response.status()).as(id).isEqualTo(400);
      assertThat(response.errorReason()).as(id).isEqualTo("the event id [" + id + "] is not a sequence number");
    }
    assertThat(api.get("/_inference/_events?from_sequence=-1").status()).isEqualTo(400);
  }

  @Test
  void contentLengthWithATransferEncodingIsRefusedAndTheSmuggledRequestNeverServed() {
    // Netty's decoder drops the Content-Length beside exactly "chunked"; StrictFraming's decoder keeps
    // it for the precheck. The other forms reach the precheck as sent.
    String smuggled = "GET /_inference HTTP/1.1\r\nHost: x\r\nAuthorization: " + api.basicAuthorization() + "\r\n\r\n";
    String chunk = "0\r\n\r\n";
    for (String te : List.of(" chunked, identity", " CHUNKED", " identity", " chunked", "  chunked", "\tchunked")) {
      Response response = api.raw("POST /_inference/existing HTTP/1.1\r\nHost: x\r\nAuthorization: "
          + api.basicAuthorization() + "\r\nContent-Type: application/json\r\nContent-Length: "
          + (chunk.length() + smuggled.length()) + "\r\nTransfer-Encoding:" + te + "\r\n\r\n" + chunk + smuggled);
      assertThat(response.status()).as(te).isEqualTo(400);
      assertThat(response.body()).as(te).contains("must not have both Content-Length and Transfer-Encoding")
          .doesNotContain("HTTP/1.1");
    }
  }

  @Test
  void anUnauthenticatedRequestIsRefusedBeforeItsBodyIsRead() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", api.port())) {
      socket.setSoTimeout(10_000);
      // Declares 1 MiB and sends none of it: the 401 must not wait for (or buffer) the body.
      socket.getOutputStream().write(("PUT /_inference/sparse_embedding/x HTTP/1.1\r\nHost: x\r\n"
          + "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString("elastic:wrong".getBytes())
          + "\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      byte[] head = new byte[12];
      int read = socket.getInputStream().readNBytes(head, 0, head.length);
      assertThat(new String(head, 0, read, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 401");
    }
  }
}
