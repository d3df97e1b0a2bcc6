package io.infergate.http;

import static io.infergate.http.InferenceApiTestSupport.assertError;
import static io.infergate.testing.MockProviderNode.openAi;
import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.examples.mock.MockProviderServer;
import io.infergate.testing.Conditions;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.MockProviderNode;
import io.infergate.testing.Ports;
import io.infergate.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries and timeouts as a client of a node sees them, the node on Elasticsearch's retry defaults
 * (1 s initial delay, 5 s at most, 3 retries), the provider the mock provider over HTTP.
 */
class PerformRetriesTest {

  private static final String FAILING = "/fault/500/v1/embeddings";

  @TempDir
  static Path conf;
  static MockProviderNode node;
  static HttpApi api;
  static MockProviderServer mock;

  @BeforeAll
  static void start() {
    node = MockProviderNode.start(conf, new JsonObject());
    api = node.api();
    mock = node.mock();
    node.put("text_embedding", "limited-once", openAi(node.url("/fault/429x1/v1/embeddings")));
    node.put("text_embedding", "failing", openAi(node.url(FAILING)));
    node.put("text_embedding", "slow", openAi(node.url("/fault/slow-1000/v1/embeddings"))
        .put("task_settings", new JsonObject().put("timeout", "300ms")));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @BeforeEach
  void resetCounts() {
    mock.stats().reset();
  }

  @Test
  void aRateLimitIsRetriedAfterTheProvidersRetryAfter() {
    long start = System.nanoTime();

    Response response = api.post("/_inference/limited-once", new JsonObject().put("input", "a"));

    long elapsedMs = elapsedMs(start);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(mock.stats().requests("/fault/429x1/v1/embeddings")).isEqualTo(2);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(900).isLessThan(3_000);
  }

  @Test
  void retriesEndWithTheTimeoutErrorWithinTheTimeoutAndNoCallAfterIt() {
    long start = System.nanoTime();

    Response response = api.post("/_inference/failing?timeout=2s", new JsonObject().put("input", "a"));

    long elapsedMs = elapsedMs(start);
    long calls = failingCalls();
    assertError(response, 429, "timeout_exception", "Request timed out after [2s] for inference id [failing]");
    assertThat(elapsedMs).isLessThanOrEqualTo(2_250);
    // The first retry waits at most 1 s: it always fits; the third (2 to 4 s after that) never does.
    assertThat(calls).isBetween(2L, 3L);
    Conditions.holds(Duration.ofMillis(Math.max(0, 3_500 - elapsedMs(start))),
        "no provider call after the deadline", () -> failingCalls() == calls);
  }

  @Test
  void aClientThatDisconnectsStopsTheRetries() throws Exception {
    String body = "{\"input\":\"a\"}";
    try (Socket socket = new Socket("127.0.0.1", api.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /_inference/failing HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + api.basicAuthorization()
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Conditions.await(Duration.ofSeconds(10), "the first provider call", () -> failingCalls() >= 1);
    }
    // The first call's retry was due 0.5 to 1 s after it failed; well past that the count must not have moved.
    Conditions.holds(Duration.ofMillis(2_000), "no provider call after the client left", () -> failingCalls() == 1);
  }

  @Test
  void aRefusedConnectionIsRetriedUntilTheProviderListens() throws Exception {
    int port = Ports.free();
    node.put("text_embedding", "not-yet-up", openAi("http://127.0.0.1:" + port + "/v1/embeddings"));
    long start = System.nanoTime();
    CompletableFuture<Response> response = CompletableFuture.supplyAsync(
        () -> api.post("/_inference/not-yet-up", new JsonObject().put("input", "a")));
    // Refused at once on loopback; the first retry comes 0.5 to 1 s later, by when the provider is up.
    Conditions.await(Duration.ofSeconds(5), "the first attempt is over", () -> elapsedMs(start) >= 200);
    MockProviderServer late = node.startMock(port);
    try {
      Response answered = response.get();

      assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
      assertThat(elapsedMs(start)).isGreaterThanOrEqualTo(500);
      assertThat(late.stats().requests("/v1/embeddings")).isEqualTo(1);
    } finally {
      TestCluster.await(late.close());
    }
  }

  @Test
  void anEndpointsTimeoutIsItsRequestsDefaultAndARequestsOwnWins() {
    assertError(api.post("/_inference/slow", new JsonObject().put("input", "a")), 429, "timeout_exception",
        "Request timed out after [300ms] for inference id [slow]");
    assertThat(api.post("/_inference/slow?timeout=5s", new JsonObject().put("input", "a")).status()).isEqualTo(200);
    assertThat(api.post("/_inference/slow", new JsonObject().put("input", "a").put("timeout", "5s")).status())
        .isEqualTo(200);
    assertThat(api.get("/_inference/slow").json().getJsonArray("endpoints").getJsonObject(0)
        .getJsonObject("task_settings").getString("timeout")).isEqualTo("300ms");

    Response updated = api.send("PUT", "/_inference/slow/_update", "{\"task_settings\":{\"timeout\":\"200ms\"}}",
        "application/json");

    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertError(api.post("/_inference/slow", new JsonObject().put("input", "a")), 429, "timeout_exception",
        "Request timed out after [200ms] for inference id [slow]");
  }

  @Test
  void aTimeoutInTaskSettingsMustBeATimeValueOnPutAndUpdate() {
    JsonObject bad = openAi(node.url("/v1/embeddings")).put("task_settings", new JsonObject().put("timeout", "soon"));
    assertError(api.put("/_inference/text_embedding/bad-timeout", bad), 400, "validation_exception",
        "Validation Failed: 1: [task_settings] Invalid time value [soon]. [timeout] must be a valid time value "
            + "string: failed to parse setting [timeout] with value [soon] as a time value: unit is missing or "
            + "unrecognized;");
    assertError(api.put("/_inference/text_embedding/bad-timeout", bad.put("task_settings",
        new JsonObject().put("timeout", 45))), 400, "validation_exception",
        "Validation Failed: 1: [task_settings] field [timeout] is not of the expected type; it must be a [String];");
    assertThat(api.get("/_inference/bad-timeout").status()).isEqualTo(404);

    Response update = api.send("PUT", "/_inference/slow/_update", "{\"task_settings\":{\"timeout\":\"30\"}}",
        "application/json");

    assertError(update, 400, "validation_exception", "Validation Failed: 1: [task_settings] Invalid time value [30]. "
        + "[timeout] must be a valid time value string: failed to parse setting [timeout] with value [30] as a time "
        + "value: unit is missing or unrecognized;");
  }

  private static long failingCalls() {
    return mock.stats().requests(FAILING);
  }

  private static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
