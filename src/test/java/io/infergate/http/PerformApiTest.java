package io.infergate.http;

import static io.infergate.http.InferenceApiTestSupport.assertError;
import static io.infergate.testing.MockProviderNode.openAi;
import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.examples.mock.MockProviderServer;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.MockProviderNode;
import io.infergate.testing.TestUsers;
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
 * {@code POST /_inference/...} and {@code .../_stream} on a real node against a real provider (the
 * mock provider, an HTTP server speaking the OpenAI, Hugging Face and Cohere wire formats): the
 * responses in Elasticsearch's shapes, its errors, and no secret in any answer. The node's retries
 * wait milliseconds (inference.providers.retry); {@link PerformRetriesTest} runs Elasticsearch's
 * delays.
 */
class PerformApiTest {

  @TempDir
  static Path conf;
  static MockProviderNode node;
  static HttpApi api;
  static MockProviderServer mock;
  static String base;

  @BeforeAll
  static void start() {
    node = MockProviderNode.start(conf, new JsonObject().put("providers", new JsonObject().put("retry",
        new JsonObject().put("initial_delay_ms", 20).put("max_delay_ms", 80))));
    api = node.api();
    mock = node.mock();
    base = node.url("");
    put("text_embedding", "oa-embed", openAi(base + "/v1/embeddings"));
    put("completion", "oa-complete", openAi(base + "/v1/chat/completions"));
    put("chat_completion", "oa-chat", openAi(base + "/v1/chat/completions"));
    put("text_embedding", "oa-401", openAi(base + "/fault/401/v1/embeddings"));
    put("text_embedding", "oa-500", openAi(base + "/fault/500/v1/embeddings"));
    put("text_embedding", "oa-slow", openAi(base + "/fault/slow-5000/v1/embeddings"));
    put("text_embedding", "oa-400", openAi(base + "/fault/400/v1/embeddings"));
    put("text_embedding", "oa-drop-once", openAi(base + "/fault/dropx1/v1/embeddings"));
    put("completion", "oa-busy-once", openAi(base + "/fault/503x1/v1/chat/completions"));
    put("completion", "oa-cut", openAi(base + "/fault/cut/v1/chat/completions"));
    put("text_embedding", "oa-nowhere", openAi("http://127.0.0.1:1/v1/embeddings"));
    put("rerank", "hf-rerank", new JsonObject().put("service", "hugging_face").put("service_settings",
        new JsonObject().put("api_key", Endpoints.HF_SECRET).put("url", base + "/rerank")));
    put("text_embedding", "co-embed", new JsonObject().put("service", "cohere").put("service_settings",
        new JsonObject().put("api_key", Endpoints.COHERE_SECRET).put("model_id", "embed-v4").put("url", base)));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static void put(String taskType, String id, JsonObject body) {
    node.put(taskType, id, body);
  }

  @Test
  void textEmbeddingInOrderWithOrWithoutTheTaskTypeInThePath() {
    Response one = api.post("/_inference/oa-embed", new JsonObject().put("input", new JsonArray().add("a").add("b")));
    assertThat(one.status()).isEqualTo(200);
    JsonArray embeddings = one.json().getJsonArray("text_embedding");
    assertThat(embeddings).hasSize(2);
    assertThat(embeddings.getJsonObject(0).getJsonArray("embedding")).hasSize(16);
    Response again = api.post("/_inference/text_embedding/oa-embed", new JsonObject().put("input", "b"));
    assertThat(again.json().getJsonArray("text_embedding").getJsonObject(0))
        .isEqualTo(embeddings.getJsonObject(1));
    assertThat(one.header("X-Elastic-Product")).isEqualTo("Elasticsearch");
  }

  @Test
  void rerankIsSortedByScoreAndHonoursTopNAndReturnDocuments() {
    JsonObject body = new JsonObject().put("query", "red apple")
        .put("input", new JsonArray().add("blue sky").add("red apple pie").add("an apple")).put("return_documents", true);
    JsonArray ranked = api.post("/_inference/rerank/hf-rerank", body).json().getJsonArray("rerank");
    assertThat(ranked).hasSize(3);
    assertThat(ranked.getJsonObject(0).getInteger("index")).isEqualTo(1);
    assertThat(ranked.getJsonObject(0).getString("text")).isEqualTo("red apple pie");
    List<Float> scores = new ArrayList<>();
    ranked.forEach(doc -> scores.add(((JsonObject) doc).getFloat("relevance_score")));
    assertThat(scores).isSortedAccordingTo((a, b) -> Float.compare(b, a));
    JsonArray top = api.post("/_inference/hf-rerank", body.put("top_n", 1).put("return_documents", false))
        .json().getJsonArray("rerank");
    assertThat(top).hasSize(1);
    assertThat(top.getJsonObject(0).containsKey("text")).isFalse();
  }

  @Test
  void cohereEmbeddingTakesAnInputType() {
    Response response = api.post("/_inference/co-embed", new JsonObject().put("input", "x").put("input_type", "search"));
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(mock.stats().lastBody("/v1/embed").getString("input_type")).isEqualTo("search_query");
    assertError(api.post("/_inference/oa-embed", new JsonObject().put("input", "x").put("input_type", "ingest")),
        400, "validation_exception",
        "Validation Failed: 1: Invalid input_type [ingest]. The input_type option is not supported by this service;");
  }

  @Test
  void completionAndItsStream() {
    Response complete = api.post("/_inference/completion/oa-complete", new JsonObject().put("input", "hello"));
    assertThat(complete.json().getJsonArray("completion").getJsonObject(0).getString("result")).contains("hello");
    Response stream = api.post("/_inference/completion/oa-complete/_stream", new JsonObject().put("input", "hello"));
    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
    List<String> data = data(stream.body());
    assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
    StringBuilder text = new StringBuilder();
    for (String chunk : data.subList(0, data.size() - 1)) {
      new JsonObject(chunk).getJsonArray("completion").forEach(delta -> text.append(((JsonObject) delta).getString("delta")));
    }
    assertThat(text.toString()).isEqualTo(complete.json().getJsonArray("completion").getJsonObject(0).getString("result"));
    assertThat(stream.body()).contains("event: message");
  }

  @Test
  void chatCompletionStreamsOnly() {
    JsonObject chat = new JsonObject().put("messages", new JsonArray().add(new JsonObject().put("role", "user")
        .put("content", "hi there")));
    Response stream = api.post("/_inference/chat_completion/oa-chat/_stream", chat);
    assertThat(stream.status()).isEqualTo(200);
    List<String> data = data(stream.body());
    // Elasticsearch streams the OpenAI chunk object itself (StreamingUnifiedChatCompletionResults).
    assertThat(new JsonObject(data.get(0)).getString("object"))
        .isEqualTo("chat.completion.chunk");
    assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
    assertError(api.post("/_inference/chat_completion/oa-chat", chat), 400, "status_exception",
        "The [chat_completion] task type only supports streaming, please try again with the _stream API");
    assertError(api.post("/_inference/oa-embed/_stream", new JsonObject().put("input", "a")), 405, "status_exception",
        "Streaming is not allowed for service [openai] and task [text_embedding]");
  }

  @Test
  void elasticsearchErrors() {
    assertError(api.post("/_inference/missing", new JsonObject().put("input", "a")), 404,
        "resource_not_found_exception", "Inference endpoint not found [missing]");
    assertError(api.post("/_inference/sparse_embedding/oa-embed", new JsonObject().put("input", "a")), 400,
        "status_exception", "Incompatible task_type, the requested type [sparse_embedding] does not match the model "
            + "type [text_embedding]");
    assertError(api.post("/_inference/oa-embed", new JsonObject()), 400, "action_request_validation_exception",
        "Validation Failed: 1: Field [input] cannot be null;");
    assertError(api.post("/_inference/hf-rerank", new JsonObject().put("input", "a")), 400,
        "action_request_validation_exception", "Validation Failed: 1: Field [query] cannot be null for task type [rerank];");
    assertThat(api.send("GET", "/_inference/oa-embed/_stream", null, null).status()).isEqualTo(405);
    assertThat(api.post("/_inference/oa-embed?bogus=1", new JsonObject().put("input", "a")).status()).isEqualTo(400);
  }

  @Test
  void providerFailuresKeepTheSecretOut() {
    Response unauthorized = api.post("/_inference/oa-401", new JsonObject().put("input", "a"));
    assertThat(unauthorized.status()).isEqualTo(401);
    assertThat(unauthorized.errorReason()).startsWith(
        "Received an authentication error status code for request from inference entity id [oa-401] status [401]");
    assertThat(unauthorized.body()).doesNotContain(Endpoints.OPENAI_SECRET)
        .doesNotContain(Endpoints.OPENAI_SECRET.substring(0, 6)).doesNotContain("77c1");
    Response server = api.post("/_inference/oa-500", new JsonObject().put("input", "a"));
    assertThat(server.status()).isEqualTo(400);
    assertThat(server.errorReason()).startsWith("Received a server error status code");
    assertError(api.post("/_inference/oa-nowhere", new JsonObject().put("input", "a")), 400, "status_exception",
        "Invalid host [http://127.0.0.1:1/v1/embeddings], please check that the URL is correct.");
  }

  @Test
  void aServerErrorIsRetriedThreeTimesThenGivesElasticsearchsError() {
    long before = mock.stats().requests("/fault/500/v1/embeddings");
    long start = System.nanoTime();

    Response server = api.post("/_inference/oa-500?timeout=5s", new JsonObject().put("input", "a"));

    assertThat(server.status()).isEqualTo(400);
    assertThat(server.errorType()).isEqualTo("status_exception");
    assertThat(server.errorReason()).startsWith("Received a server error status code for request from inference "
        + "entity id [oa-500] status [500]. Error message: [The server had an error");
    assertThat(mock.stats().requests("/fault/500/v1/embeddings") - before).isEqualTo(4);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    assertThat(Endpoints.containsSecret(server.body())).isFalse();
  }

  @Test
  void aBadRequestFromTheProviderIsNotRetried() {
    long before = mock.stats().requests("/fault/400/v1/embeddings");

    Response refused = api.post("/_inference/oa-400", new JsonObject().put("input", "a"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errorReason()).startsWith("Received a bad request status code for request from inference "
        + "entity id [oa-400] status [400]");
    assertThat(mock.stats().requests("/fault/400/v1/embeddings") - before).isEqualTo(1);
  }

  @Test
  void aConnectionDroppedBeforeTheAnswerIsRetried() {
    mock.stats().reset();

    Response answered = api.post("/_inference/oa-drop-once", new JsonObject().put("input", "a"));

    assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
    assertThat(answered.json().getJsonArray("text_embedding")).hasSize(1);
    assertThat(mock.stats().requests("/fault/dropx1/v1/embeddings")).isEqualTo(2);
  }

  @Test
  void aStreamIsRetriedBeforeItsFirstChunkOnly() {
    mock.stats().reset();

    Response retried = api.post("/_inference/completion/oa-busy-once/_stream", new JsonObject().put("input", "hi"));

    assertThat(retried.status()).isEqualTo(200);
    assertThat(data(retried.body())).last().isEqualTo("[DONE]");
    assertThat(mock.stats().requests("/fault/503x1/v1/chat/completions")).isEqualTo(2);

    Response broken = api.post("/_inference/completion/oa-cut/_stream", new JsonObject().put("input", "hi"));

    assertThat(broken.status()).isEqualTo(200);
    assertThat(broken.body()).contains("\"delta\":\"Mock\"").contains("event: error").doesNotContain("[DONE]");
    assertThat(mock.stats().requests("/fault/cut/v1/chat/completions")).isEqualTo(1);
  }

  @Test
  void filterPathAppliesToPerformResponses() {
    JsonObject input = new JsonObject().put("input", new JsonArray().add("a").add("b"));
    JsonObject whole = api.post("/_inference/oa-embed", input).json();
    Response filtered = api.post("/_inference/oa-embed?filter_path=text_embedding.embedding", input);
    assertThat(filtered.status()).isEqualTo(200);
    assertThat(filtered.json()).isEqualTo(whole);
    assertThat(api.post("/_inference/oa-embed?filter_path=-text_embedding", input).body()).isEqualTo("{}");
    JsonObject ranked = api.post("/_inference/hf-rerank?filter_path=rerank.index", new JsonObject()
        .put("query", "red apple").put("input", new JsonArray().add("blue sky").add("red apple pie"))).json();
    assertThat(ranked.getJsonArray("rerank").getJsonObject(0).fieldNames()).containsExactly("index");
  }

  @Test
  void errorTraceOfAProviderFailureCarriesNothingButTheReasonAndFrames() {
    Response server = api.post("/_inference/oa-500?error_trace=true", new JsonObject().put("input", "a"));
    assertThat(server.status()).isEqualTo(400);
    String trace = server.json().getJsonObject("error").getString("stack_trace");
    String[] lines = trace.split("\n");
    assertThat(lines[0]).endsWith(": " + server.errorReason());
    assertThat(List.of(lines).subList(1, lines.length)).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("\tat "));
    assertThat(Endpoints.containsSecret(server.body())).isFalse();
    // Elasticsearch never adds a trace to a 401, whoever caused it.
    assertThat(api.post("/_inference/oa-401?error_trace=true", new JsonObject().put("input", "a")).body())
        .doesNotContain("stack_trace");
  }

  @Test
  void aRequestThatOutlivesItsTimeoutIsA429AndItsProviderCallIsClosed() {
    long disconnectsBefore = mock.stats().disconnects();
    Response slow = api.post("/_inference/oa-slow?timeout=300ms", new JsonObject().put("input", "a"));
    assertError(slow, 429, "timeout_exception", "Request timed out after [300ms] for inference id [oa-slow]");
    io.infergate.testing.Conditions.await(java.time.Duration.ofSeconds(10), "the mock saw the provider call closed",
        () -> mock.stats().disconnects() > disconnectsBefore);
    Response bodyTimeout = api.post("/_inference/oa-slow", new JsonObject().put("input", "a").put("timeout", "200ms"));
    assertThat(bodyTimeout.status()).isEqualTo(429);
  }

  @Test
  void aClientThatDisconnectsCancelsItsProviderCall() throws Exception {
    long disconnectsBefore = mock.stats().disconnects();
    long requestsBefore = mock.stats().requests("/fault/slow-5000/v1/embeddings");
    String body = "{\"input\":\"a\"}";
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", api.port())) {
      socket.getOutputStream().write(("POST /_inference/oa-slow HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
          + api.basicAuthorization() + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
          + "\r\n\r\n" + body).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      io.infergate.testing.Conditions.await(java.time.Duration.ofSeconds(10), "the provider call started",
          () -> mock.stats().requests("/fault/slow-5000/v1/embeddings") > requestsBefore);
    }
    io.infergate.testing.Conditions.await(java.time.Duration.ofSeconds(4), "the mock saw the provider call closed",
        () -> mock.stats().disconnects() > disconnectsBefore);
  }

  @Test
  void performNeedsMonitorInference() {
    assertThat(api.as(TestUsers.READER).post("/_inference/oa-embed", new JsonObject().put("input", "a")).status())
        .isEqualTo(200);
    Response outsider = api.as(TestUsers.OUTSIDER).post("/_inference/oa-embed", new JsonObject().put("input", "a"));
    assertThat(outsider.status()).isEqualTo(403);
    assertThat(outsider.errorReason()).contains("action [cluster:monitor/xpack/inference] is unauthorized");
  }

  @Test
  void badInputGetsA4xxAndNeverReachesTheProvider() {
    long before = mock.stats().requests();
    List<String> bodies = List.of("{\"input\":[]}", "{\"input\":5}", "{\"input\":[\"a\",null]}", "{\"input\":{}}",
        "{\"input\":\"a\",\"query\":\"q\"}", "{\"input\":\"a\",\"top_n\":1}", "{\"input\":\"a\",\"timeout\":5}",
        "{\"input\":\"a\",\"timeout\":\"soon\"}", "{\"input\":\"a\",\"input\":\"b\"}", "[\"a\"]", "\"a\"", "{",
        "{\"input\":\"" + "x".repeat(1_100_000) + "\"}", "{\"input\":" + new JsonArray(java.util.Collections.nCopies(10_000, "x")) + "}");
    for (String body : bodies) {
      Response response = api.send("POST", "/_inference/oa-embed", body, "application/json");
      assertThat(response.status()).as(body.length() > 80 ? body.substring(0, 80) : body).isBetween(400, 499);
      assertThat(response.body()).startsWith("{\"error\"");
    }
    byte[] invalidUtf8 = {'{', '"', 'i', 'n', 'p', 'u', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    assertThat(api.sendBytes("POST", "/_inference/oa-embed", invalidUtf8, "application/json").status()).isEqualTo(400);
    assertThat(api.send("POST", "/_inference/oa-embed", "input=a", "text/plain").status()).isBetween(400, 499);
    assertThat(mock.stats().requests()).isEqualTo(before);
  }

  /** The {@code data:} payloads of a text/event-stream body, in order. */
  private static List<String> data(String body) {
    List<String> data = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("data: ")) {
        data.add(line.substring("data: ".length()));
      }
    }
    return data;
  }
}
