package io.infergate.inference.providers;

import static io.infergate.inference.providers.MockProviderFixture.DIMENSIONS;
import static io.infergate.inference.providers.MockProviderFixture.await;
import static io.infergate.inference.providers.MockProviderFixture.call;
import static io.infergate.inference.providers.MockProviderFixture.endpoint;
import static io.infergate.inference.providers.MockProviderFixture.inputs;
import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.EndpointDefinition;
import io.infergate.examples.mock.MockModels;
import io.infergate.inference.TaskType;
import io.infergate.inference.perform.InferenceResult;
import io.infergate.inference.perform.PerformRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The cohere service against the mock's Cohere v1 API over real HTTP. */
class CohereServiceTest extends AgainstMockProvider {

  @Test
  void floatEmbeddingsAreSplitIntoBatchesOf96WithTheInputTypeMapped() throws Exception {
    List<String> texts = IntStream.range(0, 100).mapToObj(i -> "doc " + i).collect(Collectors.toList());
    PerformRequest request = new PerformRequest("my-cohere", TaskType.TEXT_EMBEDDING, texts, null, "ingest",
        new JsonObject().put("truncate", "END"), null, null, null, 30_000);

    InferenceResult result = await(fixture.services.cohere().infer(cohere(TaskType.TEXT_EMBEDDING, null), request,
        call()));

    assertThat(fixture.stats().requests("/v1/embed")).isEqualTo(2);
    InferenceResult.TextEmbeddings embeddings = (InferenceResult.TextEmbeddings) result;
    assertThat(embeddings.field()).isEqualTo("text_embedding");
    assertThat(embeddings.embeddings().get(99)).containsExactly(MockModels.embedding("doc 99", DIMENSIONS));
    JsonObject sent = fixture.stats().lastBody("/v1/embed");
    assertThat(sent.getString("input_type")).isEqualTo("search_document");
    assertThat(sent.getString("model")).isEqualTo("embed-english-v3.0");
    assertThat(sent.getString("truncate")).isEqualTo("END");
    assertThat(sent.getJsonArray("embedding_types")).isEqualTo(new JsonArray().add("float"));
  }

  @Test
  void byteEmbeddingsAreTextEmbeddingBytes() throws Exception {
    InferenceResult result = await(fixture.services.cohere().infer(cohere(TaskType.TEXT_EMBEDDING, "byte"),
        search(List.of("query")), call()));

    JsonObject json = result.toJson();
    int[] expected = MockModels.int8(MockModels.embedding("query", DIMENSIONS));
    JsonArray values = json.getJsonArray("text_embedding_bytes").getJsonObject(0).getJsonArray("embedding");
    assertThat(values.getList()).containsExactlyElementsOf(IntStream.of(expected).boxed().collect(Collectors.toList()));
    assertThat(fixture.stats().lastBody("/v1/embed").getString("input_type")).isEqualTo("search_query");
  }

  @Test
  void bitEmbeddingsAreTextEmbeddingBits() throws Exception {
    InferenceResult result = await(fixture.services.cohere().infer(cohere(TaskType.TEXT_EMBEDDING, "bit"),
        search(List.of("query")), call()));

    JsonArray values = result.toJson().getJsonArray("text_embedding_bits").getJsonObject(0).getJsonArray("embedding");
    assertThat(values).hasSize(DIMENSIONS / 8);
    assertThat(fixture.stats().lastBody("/v1/embed").getJsonArray("embedding_types"))
        .isEqualTo(new JsonArray().add("binary"));
  }

  @Test
  void rerankReadsIndexScoreAndDocumentText() throws Exception {
    List<String> documents = List.of("paris is in france", "berlin is in germany", "rome");
    PerformRequest request = new PerformRequest("my-cohere", TaskType.RERANK, documents, "germany berlin", null,
        null, true, null, null, 30_000);

    InferenceResult result = await(fixture.services.cohere().infer(cohere(TaskType.RERANK, null), request, call()));

    JsonArray ranked = result.toJson().getJsonArray("rerank");
    assertThat(ranked).hasSize(3);
    assertThat(ranked.getJsonObject(0)).isEqualTo(new JsonObject().put("index", 1)
        .put("relevance_score", MockModels.relevance("germany berlin", "berlin is in germany"))
        .put("text", "berlin is in germany"));
    assertThat(fixture.stats().lastBody("/v1/rerank").getBoolean("return_documents")).isTrue();
  }

  @Test
  void completionSendsOneChatMessagePerInput() throws Exception {
    InferenceResult result = await(fixture.services.cohere().infer(cohere(TaskType.COMPLETION, null),
        inputs(TaskType.COMPLETION, List.of("first question", "second")), call()));

    assertThat(result).isEqualTo(new InferenceResult.Completions(List.of(MockModels.reply("first question"),
        MockModels.reply("second"))));
    assertThat(fixture.stats().requests("/v1/chat")).isEqualTo(2);
    assertThat(fixture.stats().lastBody("/v1/chat").getString("message")).isEqualTo("second");
  }

  /** With a trailing slash on the base URL, as users paste it. */
  private static EndpointDefinition cohere(TaskType taskType, String embeddingType) {
    JsonObject settings = new JsonObject().put("model_id", "embed-english-v3.0").put("url", fixture.url("/"));
    if (embeddingType != null) {
      settings.put("embedding_type", embeddingType);
    }
    return endpoint("cohere", taskType, settings);
  }

  private static PerformRequest search(List<String> texts) {
    return new PerformRequest("my-cohere", TaskType.TEXT_EMBEDDING, texts, null, "search", null, null, null, null,
        30_000);
  }
}
