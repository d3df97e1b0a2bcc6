package io.infergate.inference.providers;

import static io.infergate.inference.providers.MockProviderFixture.API_KEY;
import static io.infergate.inference.providers.MockProviderFixture.call;
import static io.infergate.inference.providers.MockProviderFixture.endpoint;
import static io.infergate.inference.providers.MockProviderFixture.failure;
import static io.infergate.inference.providers.MockProviderFixture.inputs;
import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EsError;
import io.infergate.inference.TaskType;
import io.infergate.inference.perform.Call;
import io.infergate.inference.perform.InferenceResult;
import io.infergate.inference.perform.InferenceService;
import io.infergate.testing.Conditions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Provider failures as Elasticsearch reports them, each provoked on the mock by a fault path. */
class ProviderFailuresOverHttpTest extends AgainstMockProvider {

  @Test
  void aWrongKeyIsReportedWithTheProvidersMessageButNoPartOfTheKey() throws Exception {
    for (String[] provider : new String[][] {
        {"openai", "/fault/401/v1/embeddings"}, {"cohere", "/fault/401"}, {"hugging_face", "/fault/401/embed"}}) {
      EsError error = failure(embed(provider[0], fixture.url(provider[1]))).error();

      assertThat(error.status()).as(provider[0]).isEqualTo(401);
      assertThat(error.reason()).as(provider[0]).startsWith(
          "Received an authentication error status code for request from inference entity id [my-" + provider[0]
              + "] status [401]. Error message: [Incorrect API key provided: [REDACTED]");
      assertThat(error.reason()).as(provider[0]).doesNotContain(API_KEY, API_KEY.substring(0, 4),
          API_KEY.substring(API_KEY.length() - 4), "***");
    }
  }

  @Test
  void aRateLimitKeepsItsStatusAfterTheRetries() throws Exception {
    EsError error = failure(embed("openai", fixture.url("/fault/429/v1/embeddings"))).error();

    assertThat(fixture.stats().requests("/fault/429/v1/embeddings")).isEqualTo(4);
    assertThat(error.status()).isEqualTo(429);
    assertThat(error.type()).isEqualTo("status_exception");
    assertThat(error.reason()).isEqualTo("Received a rate limit status code for request from inference entity id "
        + "[my-openai] status [429]. Error message: [Rate limit reached for requests. Please try again in 1s.]");
  }

  @Test
  void aServerErrorIsABadRequestAsInElasticsearch() throws Exception {
    EsError error = failure(embed("openai", fixture.url("/fault/500/v1/embeddings"))).error();

    assertThat(fixture.stats().requests("/fault/500/v1/embeddings")).isEqualTo(4);
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.type()).isEqualTo("status_exception");
    assertThat(error.reason()).startsWith("Received a server error status code for request from inference entity id "
        + "[my-openai] status [500]. Error message: [The server had an error");
  }

  @Test
  void aConnectionDroppedEveryTimeFailsTheCall() throws Exception {
    EsError error = failure(embed("openai", fixture.url("/fault/drop/v1/embeddings"))).error();

    assertThat(fixture.stats().requests("/fault/drop/v1/embeddings")).isEqualTo(4);
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.reason()).startsWith("Http client failed to send request from inference entity id [my-openai]");
  }

  @Test
  void anAnswerOfTheWrongShapeIsUnreadableWithoutQuotingIt() throws Exception {
    EsError error = failure(embed("openai", fixture.url("/fault/garbage/v1/embeddings"))).error();

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.reason()).startsWith("Failed to parse the response from the provider for inference entity id "
        + "[my-openai]").doesNotContain("documented");
  }

  @Test
  void aConnectionRefusedEveryTimeIsAnInvalidHost() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/v1/embeddings";

    EsError error = failure(embed("openai", url)).error();

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.reason()).isEqualTo("Invalid host [" + url + "], please check that the URL is correct.");
  }

  @Test
  void anUnknownHostIsAnInvalidHost() throws Exception {
    String url = "https://no-such-provider.invalid/v1/embeddings";

    assertThat(failure(embed("openai", url)).error().reason())
        .isEqualTo("Invalid host [" + url + "], please check that the URL is correct.");
  }

  @Test
  void aCancelledCallClosesTheProviderConnection() throws Exception {
    Call call = call();
    Future<InferenceResult> result = fixture.services.openAi().infer(
        openAiEmbeddings(fixture.url("/fault/slow-10000/v1/embeddings")), inputs(TaskType.TEXT_EMBEDDING, List.of("a")),
        call);
    Conditions.await(Duration.ofSeconds(10), "the mock has the request",
        () -> fixture.stats().requests("/fault/slow-10000/v1/embeddings") == 1);

    call.cancel();

    assertThat(failure(result).error().type()).isEqualTo("task_cancelled_exception");
    Conditions.await(Duration.ofSeconds(5), "the mock sees the disconnect", () -> fixture.stats().disconnects() == 1);
  }

  @Test
  void aCancelledStreamClosesTheProviderConnection() throws Exception {
    EndpointDefinition endpoint = endpoint("openai", TaskType.COMPLETION, new JsonObject().put("model_id", "m")
        .put("url", fixture.url("/fault/slow-10000/v1/chat/completions")));
    Call call = call();
    Future<Void> stream = fixture.services.openAi().stream(endpoint, inputs(TaskType.COMPLETION, List.of("a")), call,
        chunk -> { });
    Conditions.await(Duration.ofSeconds(10), "the mock has the request", () -> fixture.stats().requests() == 1);

    call.cancel();

    assertThat(failure(stream).error().type()).isEqualTo("task_cancelled_exception");
    Conditions.await(Duration.ofSeconds(5), "the mock sees the disconnect", () -> fixture.stats().disconnects() == 1);
  }

  @Test
  void theCallsDeadlineEndsASlowProviderRequest() throws Exception {
    Future<InferenceResult> result = fixture.services.openAi().infer(
        openAiEmbeddings(fixture.url("/fault/slow-10000/v1/embeddings")), inputs(TaskType.TEXT_EMBEDDING, List.of("a")),
        Call.withTimeout(300));

    EsError error = failure(result).error();

    assertThat(error.type()).isEqualTo("timeout_exception");
    Conditions.await(Duration.ofSeconds(5), "the mock sees the disconnect", () -> fixture.stats().disconnects() == 1);
  }

  @Test
  void aCallCancelledBeforeItStartsSendsNothing() throws Exception {
    Call call = call();
    call.cancel();

    failure(fixture.services.openAi().infer(openAiEmbeddings(fixture.url("/v1/embeddings")),
        inputs(TaskType.TEXT_EMBEDDING, List.of("a")), call));

    assertThat(fixture.stats().requests()).isZero();
  }

  private static Future<InferenceResult> embed(String service, String url) {
    EndpointDefinition endpoint = endpoint(service, TaskType.TEXT_EMBEDDING, new JsonObject().put("model_id", "m")
        .put("url", url));
    InferenceService target = fixture.services.all().stream().filter(s -> s.name().equals(service)).findFirst()
        .orElseThrow();
    return target.infer(endpoint, inputs(TaskType.TEXT_EMBEDDING, List.of("a")), call());
  }

  private static EndpointDefinition openAiEmbeddings(String url) {
    return endpoint("openai", TaskType.TEXT_EMBEDDING, new JsonObject().put("model_id", "m").put("url", url));
  }
}
