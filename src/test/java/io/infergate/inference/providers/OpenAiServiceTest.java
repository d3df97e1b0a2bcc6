package io.infergate.inference.providers;

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

/** The openai service against the mock's OpenAI API over real HTTP. */
class OpenAiServiceTest extends AgainstMockProvider {

  @Test
  void embeddingsComeBackInInputOrderWithTheRequestedDimensions() throws Exception {
    EndpointDefinition endpoint = endpoint("openai", TaskType.TEXT_EMBEDDING, new JsonObject()
        .put("model_id", "text-embedding-3-small").put("url", fixture.url("/v1/embeddings")).put("dimensions", 8)
        .put("organization_id", "org-42"), new JsonObject().put("user", "alice"));
    List<String> texts = List.of("first", "second", "third");

    InferenceResult result = await(fixture.services.openAi().infer(endpoint, inputs(TaskType.TEXT_EMBEDDING, texts),
        call()));

    InferenceResult.VerbatimTextEmbeddings embeddings = (InferenceResult.VerbatimTextEmbeddings) result;
    assertThat(embeddings.toJson().containsKey("text_embedding")).isTrue();
    for (int i = 0; i < texts.size(); i++) {
      assertThat(embeddings.embeddings().get(i)).as("embedding %d", i).containsExactly(MockModels.embedding(texts.get(i), 8));
    }
    JsonObject sent = fixture.stats().lastBody("/v1/embeddings");
    assertThat(sent.getJsonArray("input")).isEqualTo(new JsonArray(texts));
    assertThat(sent.getString("model")).isEqualTo("text-embedding-3-small");
    assertThat(sent.getInteger("dimensions")).isEqualTo(8);
    assertThat(sent.getString("user")).isEqualTo("alice");
    assertThat(fixture.stats().lastHeaders("/v1/embeddings")).containsEntry("openai-organization", "org-42");
  }

  @Test
  void inputsBeyondTheBatchSizeGoInTwoRequestsAndComeBackInOrder() throws Exception {
    EndpointDefinition endpoint = endpoint("openai", TaskType.TEXT_EMBEDDING, new JsonObject()
        .put("model_id", "batch-model").put("url", fixture.url("/v1/embeddings")).put("dimensions", 4));
    List<String> texts = IntStream.range(0, 2100).mapToObj(i -> "text " + i).collect(Collectors.toList());

    InferenceResult result = await(fixture.services.openAi().infer(endpoint, inputs(TaskType.TEXT_EMBEDDING, texts),
        call()));

    assertThat(fixture.stats().requests("/v1/embeddings")).isEqualTo(2);
    assertThat(fixture.stats().requestsForModel("batch-model")).isEqualTo(2);
    List<float[]> embeddings = ((InferenceResult.VerbatimTextEmbeddings) result).embeddings();
    assertThat(embeddings).hasSize(2100);
    for (int i : new int[] {0, 2047, 2048, 2099}) {
      assertThat(embeddings.get(i)).as("embedding %d", i).containsExactly(MockModels.embedding(texts.get(i), 4));
    }
  }

  @Test
  void completionsAnswerEachInputWithOneUserMessage() throws Exception {
    EndpointDefinition endpoint = endpoint("openai", TaskType.COMPLETION, new JsonObject()
        .put("model_id", "gpt-4o-mini").put("url", fixture.url("/v1/chat/completions")));

    InferenceResult result = await(fixture.services.openAi().infer(endpoint,
        inputs(TaskType.COMPLETION, List.of("what is up", "and down")), call()));

    assertThat(result.toJson()).isEqualTo(new JsonObject().put("completion", new JsonArray()
        .add(new JsonObject().put("result", MockModels.reply("what is up")))
        .add(new JsonObject().put("result", MockModels.reply("and down")))));
    JsonObject sent = fixture.stats().lastBody("/v1/chat/completions");
    assertThat(sent.getJsonArray("messages")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("role", "user").put("content", "and down")));
    assertThat(sent.getString("model")).isEqualTo("gpt-4o-mini");
  }

  @Test
  void aStreamedCompletionSendsOneChunkPerDeltaAndStopsAtDone() throws Exception {
    EndpointDefinition endpoint = endpoint("openai", TaskType.COMPLETION, new JsonObject()
        .put("model_id", "gpt-4o-mini").put("url", fixture.url("/v1/chat/completions")));
    List<JsonObject> chunks = new CopyOnWriteArrayList<>();

    await(fixture.services.openAi().stream(endpoint, inputs(TaskType.COMPLETION, List.of("tell me")), call(),
        chunks::add));

    assertThat(fixture.services.openAi().streams(TaskType.COMPLETION)).isTrue();
    assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.fieldNames()).containsExactly("completion"));
    String joined = chunks.stream().map(chunk -> chunk.getJsonArray("completion").getJsonObject(0).getString("delta"))
        .collect(Collectors.joining());
    assertThat(joined).isEqualTo(MockModels.reply("tell me"));
    assertThat(fixture.stats().lastBody("/v1/chat/completions").getBoolean("stream")).isTrue();
  }

  @Test
  void aStreamedChatCompletionForwardsTheChatAndEachChunkWhole() throws Exception {
    EndpointDefinition endpoint = endpoint("openai", TaskType.CHAT_COMPLETION, new JsonObject()
        .put("model_id", "gpt-4o").put("url", fixture.url("/v1/chat/completions")));
    JsonObject chat = new JsonObject()
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi there")))
        .put("temperature", 0.2).put("max_completion_tokens", 50).put("top_p", 0.9)
        .put("stop", new JsonArray().add("END"));
    PerformRequest request = new PerformRequest("my-chat", TaskType.CHAT_COMPLETION, List.of(), null, null, null,
        null, null, chat, 30_000);
    List<JsonObject> chunks = new CopyOnWriteArrayList<>();

    await(fixture.services.openAi().stream(endpoint, request, call(), chunks::add));

    JsonObject sent = fixture.stats().lastBody("/v1/chat/completions");
    assertThat(sent.copy().put("stream", (Object) null)).isEqualTo(chat.copy().put("model", "gpt-4o")
        .put("stream", (Object) null));
    assertThat(sent.getBoolean("stream")).isTrue();
    assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.getString("object"))
        .isEqualTo("chat.completion.chunk"));
    JsonObject last = chunks.get(chunks.size() - 1);
    assertThat(last.getJsonArray("choices").getJsonObject(0).getString("finish_reason")).isEqualTo("stop");
    String content = chunks.stream()
        .map(chunk -> chunk.getJsonArray("choices").getJsonObject(0)
            .getJsonObject("delta").getString("content", ""))
        .collect(Collectors.joining());
    assertThat(content).isEqualTo(MockModels.reply("hi there"));
  }

  @Test
  void taskTypesOpenAiDoesNotServeFailWithElasticsearchsMessage() throws Exception {
    EndpointDefinition endpoint = endpoint("openai", TaskType.RERANK, new JsonObject().put("model_id", "m"));

    assertThat(MockProviderFixture.failure(fixture.services.openAi().infer(endpoint,
        inputs(TaskType.RERANK, List.of("a")), call())).error().reason())
        .isEqualTo("The [openai] service does not support task type [rerank]");
    assertThat(fixture.stats().requests()).isZero();
  }
}
