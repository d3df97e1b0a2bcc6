package io.infergate.inference.providers;

import static io.infergate.inference.providers.MockProviderFixture.await;
import static io.infergate.inference.providers.MockProviderFixture.call;
import static io.infergate.inference.providers.MockProviderFixture.endpoint;
import static io.infergate.inference.providers.MockProviderFixture.failure;
import static io.infergate.inference.providers.MockProviderFixture.inputs;
import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EsError;
import io.infergate.examples.mock.MockProviderServer;
import io.infergate.inference.TaskType;
import io.infergate.inference.perform.Call;
import io.infergate.inference.perform.InferenceResult;
import io.infergate.testing.Conditions;
import io.infergate.testing.Ports;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which provider failures are sent again and which are not, counted by the mock provider over real
 * HTTP; the fixture's retries wait milliseconds, those of the cancel and deadline tests 300 ms.
 */
class ProviderRetriesTest extends AgainstMockProvider {

  private static final RetryPolicy SLOW_RETRIES = new RetryPolicy(300, 300, 3);

  @Test
  void aServerErrorIsRetriedThreeTimesThenGivesTheLastError() throws Exception {
    EsError error = failure(embed("/fault/500/v1/embeddings")).error();

    assertThat(fixture.stats().requests("/fault/500/v1/embeddings")).isEqualTo(4);
    assertThat(error.reason()).startsWith("Received a server error status code for request from inference entity "
        + "id [my-openai] status [500]");
  }

  @Test
  void aProviderThatRecoversAnswers() throws Exception {
    for (String fault : List.of("/fault/503x3/v1/embeddings", "/fault/500x1/v1/embeddings",
        "/fault/dropx2/v1/embeddings")) {
      InferenceResult result = await(embed(fault));

      assertThat(result).as(fault).isInstanceOf(InferenceResult.VerbatimTextEmbeddings.class);
    }
    assertThat(fixture.stats().requests("/fault/503x3/v1/embeddings")).isEqualTo(4);
    assertThat(fixture.stats().requests("/fault/500x1/v1/embeddings")).isEqualTo(2);
    assertThat(fixture.stats().requests("/fault/dropx2/v1/embeddings")).isEqualTo(3);
  }

  @Test
  void otherStatusesAndUnreadableAnswersAreNotRetried() throws Exception {
    for (String fault : List.of("/fault/400x1/v1/embeddings", "/fault/401x1/v1/embeddings",
        "/fault/404x1/v1/embeddings", "/fault/502x1/v1/embeddings", "/fault/garbagex1/v1/embeddings")) {
      failure(embed(fault));

      assertThat(fixture.stats().requests(fault)).as(fault).isEqualTo(1);
    }
  }

  @Test
  void everyBatchHasItsOwnRetries() throws Exception {
    EndpointDefinition endpoint = endpoint("hugging_face", TaskType.TEXT_EMBEDDING,
        new JsonObject().put("url", fixture.url("/fault/503x1/embed")));
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < HuggingFaceService.BATCH_SIZE + 1; i++) {
      texts.add("text " + i);
    }

    InferenceResult result = await(fixture.services.huggingFace().infer(endpoint,
        inputs(TaskType.TEXT_EMBEDDING, texts), call()));

    assertThat(((InferenceResult.TextEmbeddings) result).embeddings()).hasSize(texts.size());
    assertThat(fixture.stats().requests("/fault/503x1/embed")).isEqualTo(3);
  }

  @Test
  void aRefusedConnectionIsRetriedUntilTheProviderListens() throws Exception {
    int port = Ports.free();
    ProviderServices services = fixture.services(SLOW_RETRIES);
    try {
      long start = System.nanoTime();
      Future<InferenceResult> result = services.openAi().infer(openAiEmbeddings("http://127.0.0.1:" + port
          + "/v1/embeddings"), inputs(TaskType.TEXT_EMBEDDING, List.of("a")), call());
      // The provider comes up after the first attempt was refused (at once, on loopback) and before
      // the first retry (151 to 300 ms later).
      Conditions.await(Duration.ofSeconds(5), "the first attempt is over", () -> elapsedMs(start) >= 100);
      MockProviderServer late = await(MockProviderServer.start(fixture.vertx, "127.0.0.1", port, 0, 8));
      try {
        assertThat(await(result)).isInstanceOf(InferenceResult.VerbatimTextEmbeddings.class);
        assertThat(elapsedMs(start)).isGreaterThanOrEqualTo(150);
        assertThat(late.stats().requests("/v1/embeddings")).isEqualTo(1);
      } finally {
        await(late.close());
      }
    } finally {
      await(services.close());
    }
  }

  @Test
  void aStreamIsRetriedBeforeItsFirstChunkAndItsChunksComeOnce() throws Exception {
    List<JsonObject> chunks = new ArrayList<>();
    await(fixture.services.openAi().stream(completions("/fault/503x1/v1/chat/completions"),
        inputs(TaskType.COMPLETION, List.of("hello there")), call(), chunks::add));

    assertThat(fixture.stats().requests("/fault/503x1/v1/chat/completions")).isEqualTo(2);
    StringBuilder text = new StringBuilder();
    chunks.forEach(chunk -> text.append(chunk.getJsonArray("completion").getJsonObject(0).getString("delta")));
    assertThat(text.toString()).isEqualTo("Mock reply to: hello there");
  }

  @Test
  void aStreamThatBreaksAfterItsFirstChunkIsNotRetried() throws Exception {
    List<JsonObject> chunks = new ArrayList<>();
    Future<Void> stream = fixture.services.openAi().stream(completions("/fault/cutx1/v1/chat/completions"),
        inputs(TaskType.COMPLETION, List.of("hello")), call(), chunks::add);

    assertThat(failure(stream).error().reason()).startsWith("Http client failed to send request from inference "
        + "entity id [my-openai]");
    assertThat(chunks).hasSize(1);
    assertThat(fixture.stats().requests("/fault/cutx1/v1/chat/completions")).isEqualTo(1);
  }

  @Test
  void aCancelledCallStartsNoFurtherRetry() throws Exception {
    ProviderServices services = fixture.services(SLOW_RETRIES);
    try {
      Call call = call();
      Future<InferenceResult> result = services.openAi().infer(openAiEmbeddings(fixture.url("/fault/500/v1/embeddings")),
          inputs(TaskType.TEXT_EMBEDDING, List.of("a")), call);
      Conditions.await(Duration.ofSeconds(5), "the first attempt", () -> requests500() == 1);

      call.cancel();

      assertThat(failure(result).error().type()).isEqualTo("task_cancelled_exception");
      Conditions.holds(Duration.ofMillis(600), "no retry after the cancel (it was due within 300 ms)",
          () -> requests500() == 1);
    } finally {
      await(services.close());
    }
  }

  @Test
  void aRetryThatWouldEndAfterTheDeadlineIsNotStarted() throws Exception {
    ProviderServices services = fixture.services(new RetryPolicy(1_000, 1_000, 3));
    try {
      long start = System.nanoTime();
      Future<InferenceResult> result = services.openAi().infer(openAiEmbeddings(fixture.url("/fault/500/v1/embeddings")),
          inputs(TaskType.TEXT_EMBEDDING, List.of("a")), Call.withTimeout(400));

      EsError error = failure(result).error();

      assertThat(error.type()).isEqualTo("timeout_exception");
      assertThat(elapsedMs(start)).isLessThan(400);
      assertThat(requests500()).isEqualTo(1);
    } finally {
      await(services.close());
    }
  }

  private static long requests500() {
    return fixture.stats().requests("/fault/500/v1/embeddings");
  }

  private static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static Future<InferenceResult> embed(String path) {
    return fixture.services.openAi().infer(openAiEmbeddings(fixture.url(path)),
        inputs(TaskType.TEXT_EMBEDDING, List.of("a")), call());
  }

  private static EndpointDefinition openAiEmbeddings(String url) {
    return endpoint("openai", TaskType.TEXT_EMBEDDING, new JsonObject().put("model_id", "m").put("url", url));
  }

  private static EndpointDefinition completions(String path) {
    return endpoint("openai", TaskType.COMPLETION, new JsonObject().put("model_id", "m").put("url", fixture.url(path)));
  }
}
