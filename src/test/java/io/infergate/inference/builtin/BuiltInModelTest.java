package io.infergate.inference.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EsError;
import io.infergate.bus.EsException;
import io.infergate.inference.TaskType;
import io.infergate.inference.perform.Call;
import io.infergate.inference.perform.InferenceResult;
import io.infergate.inference.perform.PerformRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The built-in service with the real model: what it returns, and how its queue behaves. */
@ExtendWith(VertxExtension.class)
class BuiltInModelTest {

  private static final EndpointDefinition ENDPOINT = endpoint(BuiltInModelService.ALL_MINILM_L6_V2);
  private static final String CAT = "The cat sits on the mat";

  private BuiltInModelService service;

  @AfterEach
  void tearDown() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void theSameTextGetsTheSameVectorOf384Dimensions() throws Exception {
    service = new BuiltInModelService();

    float[] first = embedOne(CAT);
    float[] second = embedOne(CAT);

    assertThat(first).hasSize(BuiltInModelService.DIMENSIONS);
    assertThat(second).containsExactly(first, within(1e-6f));
  }

  @Test
  void relatedTextsAreCloserThanUnrelatedOnes() throws Exception {
    service = new BuiltInModelService();
    List<float[]> vectors = embed(List.of(CAT, "A cat is sitting on a mat", "Quarterly tax filing deadlines"));

    double related = cosine(vectors.get(0), vectors.get(1));
    double unrelated = cosine(vectors.get(0), vectors.get(2));

    assertThat(related).isGreaterThan(unrelated + 0.3);
  }

  @Test
  void aRequestOf25InputsGets25EmbeddingsInOrder() throws Exception {
    service = new BuiltInModelService();
    List<String> texts = IntStream.range(0, 25).mapToObj(i -> "Sentence number " + i + " about rivers").toList();

    List<float[]> together = embed(texts);

    assertThat(together).hasSize(25);
    for (int i = 0; i < texts.size(); i++) {
      assertThat(together.get(i)).as("input %d", i).containsExactly(embedOne(texts.get(i)), within(1e-5f));
    }
  }

  @Test
  void concurrentRequestsEachGetTheVectorsOfTheirOwnTextsInOrderOnTheirContext(Vertx vertx) throws Exception {
    service = new BuiltInModelService(new BuiltInModelSettings(2, 1024, 16));
    List<String> texts = IntStream.range(0, 12).mapToObj(i -> "Topic " + i + ": " + "lorem ipsum ".repeat(i)).toList();
    List<float[]> alone = new ArrayList<>();
    for (String text : texts) {
      alone.add(embedOne(text));
    }
    List<List<Integer>> requests = IntStream.range(0, 60)
        .mapToObj(r -> IntStream.range(0, 1 + r % 4).map(i -> (r * 5 + i * 7) % texts.size()).boxed().toList())
        .toList();

    Context context = vertx.getOrCreateContext();
    List<CompletableFuture<List<float[]>>> answers = new ArrayList<>();
    requests.forEach(request -> answers.add(new CompletableFuture<>()));
    context.runOnContext(started -> {
      for (int r = 0; r < requests.size(); r++) {
        CompletableFuture<List<float[]>> answer = answers.get(r);
        List<String> input = requests.get(r).stream().map(texts::get).toList();
        service.infer(ENDPOINT, request(input), Call.withTimeout(30_000)).onComplete(result -> {
          if (Vertx.currentContext() != context) {
            answer.completeExceptionally(new AssertionError("completed off the caller's context"));
          } else if (result.failed()) {
            answer.completeExceptionally(result.cause());
          } else {
            answer.complete(((InferenceResult.TextEmbeddings) result.result()).embeddings());
          }
        });
      }
    });

    for (int r = 0; r < requests.size(); r++) {
      List<float[]> vectors = answers.get(r).get(30, TimeUnit.SECONDS);
      List<Integer> indexes = requests.get(r);
      assertThat(vectors).as("request %d", r).hasSize(indexes.size());
      for (int i = 0; i < indexes.size(); i++) {
        assertThat(vectors.get(i)).as("request %d input %d", r, i).containsExactly(alone.get(indexes.get(i)), within(1e-5f));
      }
    }
  }

  @Test
  void aCallCancelledWhileItsTextsWaitIsNeverRun() throws Exception {
    service = new BuiltInModelService(new BuiltInModelSettings(1, 100, 10));
    embedOne("load the model first");
    long before = service.textsEmbedded();
    List<String> tenTexts = IntStream.range(0, 10).mapToObj(i -> "Busy text " + i).toList();

    Future<InferenceResult> filling = service.infer(ENDPOINT, request(tenTexts), Call.withTimeout(30_000));
    Call leaving = Call.withTimeout(30_000);
    Future<InferenceResult> cancelled = service.infer(ENDPOINT, request(List.of("never embedded")), leaving);
    leaving.cancel();
    Future<InferenceResult> after = service.infer(ENDPOINT, request(List.of("after")), Call.withTimeout(30_000));

    assertThat(await(filling).size()).isEqualTo(10);
    assertThat(esError(cancelled).type()).isEqualTo("task_cancelled_exception");
    assertThat(await(after).size()).isEqualTo(1);
    assertThat(service.textsEmbedded() - before).as("the batch of ten and the one after, not the cancelled text")
        .isEqualTo(11);
  }

  @Test
  void aTextTheModelCannotEmbedFailsOnlyItsOwnRequest() throws Exception {
    service = new BuiltInModelService(new BuiltInModelSettings(1, 100, 32));
    List<String> tenTexts = IntStream.range(0, 10).mapToObj(i -> "Busy text " + i).toList();
    float[] expected = embedOne(CAT);

    Future<InferenceResult> filling = service.infer(ENDPOINT, request(tenTexts), Call.withTimeout(30_000));
    Future<InferenceResult> fine = service.infer(ENDPOINT, request(List.of(CAT)), Call.withTimeout(30_000));
    Future<InferenceResult> zeroWidth = service.infer(ENDPOINT, request(List.of("\u200b")), Call.withTimeout(30_000));

    assertThat(await(filling).size()).isEqualTo(10);
    assertThat(((InferenceResult.TextEmbeddings) await(fine)).embeddings().get(0)).containsExactly(expected, within(1e-5f));
    EsError error = esError(zeroWidth);
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.reason()).startsWith("The [elasticsearch] service could not embed the input");
  }

  @Test
  void aFullQueueAnswers429AndWhatWasAdmittedStillRuns() throws Exception {
    service = new BuiltInModelService(new BuiltInModelSettings(1, 2, 10));
    List<String> tenTexts = IntStream.range(0, 10).mapToObj(i -> "Queued text " + i).toList();

    List<Future<InferenceResult>> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(service.infer(ENDPOINT, request(tenTexts), Call.withTimeout(30_000)));
    }

    EsError queueFull = new EsError(429, "es_rejected_execution_exception",
        "Failed to execute task for inference id [my-e5] because the built-in model queue is full");
    List<Future<InferenceResult>> rejected = sent.stream().filter(Future::failed).toList();
    assertThat(rejected).as("at most one running and two waiting").hasSizeGreaterThanOrEqualTo(2);
    for (Future<InferenceResult> future : rejected) {
      assertThat(esError(future)).isEqualTo(queueFull);
    }
    for (Future<InferenceResult> future : sent) {
      if (!future.failed()) {
        assertThat(await(future).size()).isEqualTo(10);
      }
    }
  }

  private float[] embedOne(String text) throws Exception {
    return embed(List.of(text)).get(0);
  }

  private List<float[]> embed(List<String> texts) throws Exception {
    return ((InferenceResult.TextEmbeddings) await(service.infer(ENDPOINT, request(texts), Call.withTimeout(30_000))))
        .embeddings();
  }

  static EndpointDefinition endpoint(String modelId) {
    return new EndpointDefinition("my-e5", "text_embedding", BuiltInModelService.NAME,
        new JsonObject().put("model_id", modelId).put("num_allocations", 1).put("num_threads", 1),
        new JsonObject(), new JsonObject(), null);
  }

  static PerformRequest request(List<String> input) {
    return new PerformRequest("my-e5", TaskType.TEXT_EMBEDDING, input, null, null, null, null, null, null, 30_000);
  }

  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  static EsError esError(Future<?> future) throws Exception {
    try {
      future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(EsException.class);
      return ((EsException) e.getCause()).error();
    }
    throw new AssertionError("expected the request to fail");
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double normA = 0;
    double normB = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      normA += a[i] * a[i];
      normB += b[i] * b[i];
    }
    return dot / Math.sqrt(normA * normB);
  }
}
