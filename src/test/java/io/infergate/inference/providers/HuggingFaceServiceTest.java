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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The hugging_face service against the mock's TEI and inference-endpoint paths over real HTTP. */
class HuggingFaceServiceTest extends AgainstMockProvider {

  @Test
  void teiEmbeddingsAreSplitIntoBatchesOfTwentyAndReassembled() throws Exception {
    List<String> texts = IntStream.range(0, 45).mapToObj(i -> "passage " + i).collect(Collectors.toList());

    InferenceResult result = await(fixture.services.huggingFace().infer(at("/embed", TaskType.TEXT_EMBEDDING),
        inputs(TaskType.TEXT_EMBEDDING, texts), call()));

    assertThat(fixture.stats().requests("/embed")).isEqualTo(3);
    List<float[]> embeddings = ((InferenceResult.TextEmbeddings) result).embeddings();
    assertThat(embeddings).hasSize(45);
    for (int i = 0; i < texts.size(); i++) {
      assertThat(embeddings.get(i)).as("embedding %d", i).containsExactly(MockModels.embedding(texts.get(i), DIMENSIONS));
    }
    assertThat(fixture.stats().lastBody("/embed").getJsonArray("inputs")).hasSize(5);
  }

  @Test
  void embeddingsInTheInferenceEndpointShapeAreReadToo() throws Exception {
    InferenceResult result = await(fixture.services.huggingFace().infer(at("/hf/embeddings", TaskType.TEXT_EMBEDDING),
        inputs(TaskType.TEXT_EMBEDDING, List.of("one", "two")), call()));

    assertThat(((InferenceResult.TextEmbeddings) result).embeddings().get(1))
        .containsExactly(MockModels.embedding("two", DIMENSIONS));
  }

  @Test
  void sparseEmbeddingsAreATokenWeightMapPerInput() throws Exception {
    InferenceResult result = await(fixture.services.huggingFace().infer(at("/hf/sparse", TaskType.SPARSE_EMBEDDING),
        inputs(TaskType.SPARSE_EMBEDDING, List.of("red apple", "green pear")), call()));

    JsonObject json = result.toJson();
    JsonObject second = json.getJsonArray("sparse_embedding").getJsonObject(1);
    assertThat(second.getBoolean("is_truncated")).isFalse();
    assertThat(second.getJsonObject("embedding").fieldNames()).containsExactlyInAnyOrder("green", "pear");
    assertThat(second.getJsonObject("embedding").getFloat("pear")).isEqualTo(MockModels.sparse("green pear").get("pear"));
  }

  @Test
  void rerankIsSortedByScoreAndKeepsTopN() throws Exception {
    List<String> documents = List.of("the cat sat", "dogs bark loudly", "a cat and a dog");
    PerformRequest request = new PerformRequest("my-rerank", TaskType.RERANK, documents, "dogs bark", null, null,
        true, 2, null, 30_000);

    InferenceResult result = await(fixture.services.huggingFace().infer(at("/rerank", TaskType.RERANK), request,
        call()));

    JsonArray ranked = result.toJson().getJsonArray("rerank");
    assertThat(ranked).hasSize(2);
    assertThat(ranked.getJsonObject(0).getInteger("index")).isEqualTo(1);
    assertThat(ranked.getJsonObject(0).getString("text")).isEqualTo("dogs bark loudly");
    assertThat(ranked.getJsonObject(0).getFloat("relevance_score"))
        .isEqualTo(MockModels.relevance("dogs bark", "dogs bark loudly"));
    JsonObject sent = fixture.stats().lastBody("/rerank");
    assertThat(sent.getString("query")).isEqualTo("dogs bark");
    assertThat(sent.getBoolean("return_text")).isTrue();
  }

  @Test
  void chatCompletionsStreamFromAnOpenAiCompatibleServer() throws Exception {
    JsonObject chat = new JsonObject().put("messages", new JsonArray()
        .add(new JsonObject().put("role", "user").put("content", "hello tgi")));
    PerformRequest request = new PerformRequest("my-chat", TaskType.CHAT_COMPLETION, List.of(), null, null, null,
        null, null, chat, 30_000);
    List<JsonObject> chunks = new CopyOnWriteArrayList<>();

    await(fixture.services.huggingFace().stream(at("/v1/chat/completions", TaskType.CHAT_COMPLETION), request,
        call(), chunks::add));

    assertThat(chunks).isNotEmpty().allSatisfy(chunk -> assertThat(chunk.getString("object")).isEqualTo("chat.completion.chunk"));
    assertThat(fixture.stats().lastBody("/v1/chat/completions").containsKey("model")).isFalse();
  }

  @Test
  void completionsComeFromTheSameServer() throws Exception {
    InferenceResult result = await(fixture.services.huggingFace().infer(at("/v1/chat/completions",
        TaskType.COMPLETION), inputs(TaskType.COMPLETION, List.of("hi")), call()));

    assertThat(result).isEqualTo(new InferenceResult.Completions(List.of(MockModels.reply("hi"))));
  }

  private static EndpointDefinition at(String path, TaskType taskType) {
    return endpoint("hugging_face", taskType, new JsonObject().put("url", fixture.url(path)));
  }
}
