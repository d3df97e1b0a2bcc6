package io.infergate.inference.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infergate.bus.EndpointDefinition;
import io.infergate.inference.TaskType;
import io.infergate.inference.perform.PerformRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Provider URLs, the requests built for them and the readers of their answers, without a network. */
class ProviderRequestsUnitTest {

  private static Vertx vertx;
  private static ProviderHttp http;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    http = ProviderHttp.create(vertx, ProviderSettings.defaults());
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @Test
  void anHttpsUrlIsSentOverTlsToPort443() {
    RequestOptions options = http.requestOptions(target(OpenAiService.DEFAULT_EMBEDDINGS_URL), "application/json");

    assertThat(options.isSsl()).isTrue();
    assertThat(options.getHost()).isEqualTo("api.openai.com");
    assertThat(options.getPort()).isEqualTo(443);
    assertThat(options.getURI()).isEqualTo("/v1/embeddings");
    assertThat(options.getHeaders().get("Authorization")).isEqualTo("Bearer sk-secret");
  }

  @Test
  void anHttpUrlWithAPortIsSentInTheClear() {
    RequestOptions options = http.requestOptions(target("http://localhost:8089/embed"), "application/json");

    assertThat(options.isSsl()).isFalse();
    assertThat(options.getPort()).isEqualTo(8089);
  }

  @Test
  void cohereUrlsJoinTheBaseAndThePath() {
    assertThat(CohereService.url(cohere(null), "/v1/embed")).isEqualTo("https://api.cohere.com/v1/embed");
    assertThat(CohereService.url(cohere("https://cohere.internal:8443/"), "/v1/rerank"))
        .isEqualTo("https://cohere.internal:8443/v1/rerank");
  }

  @Test
  void targetsNeverPrintTheirHeaders() {
    assertThat(target("https://api.openai.com/v1/embeddings").toString()).doesNotContain("sk-secret");
  }

  @Test
  void openAiEmbeddingsAreOrderedByIndex() {
    JsonObject response = new JsonObject().put("data", new JsonArray()
        .add(new JsonObject().put("index", 1).put("embedding", new JsonArray().add(2.0)))
        .add(new JsonObject().put("index", 0).put("embedding", new JsonArray().add(1.0))));

    List<String> embeddings = VerbatimVectors.openAi(response.toBuffer(), 2, tokens -> { });

    assertThat(embeddings).containsExactly("[1.0]", "[2.0]");
  }

  @Test
  void openAiEmbeddingsKeepTheProvidersDigitsAndRefuseAnythingButNumbers() {
    String body = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,"
        + "\"embedding\":[ -0.006929283495992422, 1e-3 ,7]}],\"model\":\"m\",\"usage\":{\"total_tokens\":3}}";
    List<Long> tokens = new ArrayList<>();
    assertThat(VerbatimVectors.openAi(Buffer.buffer(body), 1, tokens::add))
        .containsExactly("[ -0.006929283495992422, 1e-3 ,7]");
    assertThat(tokens).as("usage.total_tokens").containsExactly(3L);
    for (String bad : new String[] {
        "{\"data\":[{\"index\":0,\"embedding\":[1,\"x\"]}]}",
        "{\"data\":[{\"index\":0,\"embedding\":[1,[2]]}]}",
        "{\"data\":[{\"index\":0,\"embedding\":[]}]}",
        "{\"data\":[{\"index\":0,\"embedding\":[1]}]} trailing",
        "{\"data\":[{\"index\":1,\"embedding\":[1]}]}",
        "not json"}) {
      assertThatThrownBy(() -> VerbatimVectors.openAi(Buffer.buffer(bad), 1, tokens::add)).as(bad)
          .isInstanceOf(UnreadableResponse.class);
    }
  }

  @Test
  void openAiEmbeddingsWithARepeatedOrMissingIndexAreUnreadable() {
    JsonObject repeated = new JsonObject().put("data", new JsonArray()
        .add(new JsonObject().put("index", 0).put("embedding", new JsonArray().add(1.0)))
        .add(new JsonObject().put("index", 0).put("embedding", new JsonArray().add(1.0))));

    assertThatThrownBy(() -> VerbatimVectors.openAi(repeated.toBuffer(), 2, ignored -> { })).isInstanceOf(UnreadableResponse.class);
    assertThatThrownBy(() -> VerbatimVectors.openAi(repeated.toBuffer(), 3, ignored -> { })).isInstanceOf(UnreadableResponse.class);
  }

  @Test
  void huggingFaceReadsBothEmbeddingShapesAndRefusesAWrongCount() {
    JsonArray vectors = new JsonArray().add(new JsonArray().add(0.5));

    assertThat(HuggingFaceService.readEmbeddings(vectors, 1).get(0)).containsExactly(0.5f);
    assertThat(HuggingFaceService.readEmbeddings(new JsonObject().put("embeddings", vectors), 1).get(0))
        .containsExactly(0.5f);
    assertThatThrownBy(() -> HuggingFaceService.readEmbeddings(vectors, 2)).isInstanceOf(UnreadableResponse.class);
  }

  @Test
  void cohereInputAndEmbeddingTypesMapAsElasticsearchMapsThem() {
    assertThat(CohereInputType.of("ingest")).isEqualTo("search_document");
    assertThat(CohereInputType.of("search")).isEqualTo("search_query");
    assertThat(CohereInputType.of("clustering")).isEqualTo("clustering");
    assertThat(CohereEmbeddingType.of(null)).isEqualTo(CohereEmbeddingType.FLOAT);
    assertThat(CohereEmbeddingType.of("byte").resultField()).isEqualTo("text_embedding_bytes");
    assertThat(CohereEmbeddingType.of("bit").wireName()).isEqualTo("binary");
  }

  @Test
  void aKeyThisNodeCouldNotDecryptIsNeverSent() {
    JsonObject sealed = new JsonObject().put("encrypted", new JsonObject().put("kid", "0badc0de").put("iv", "AAAA")
        .put("data", "AAAA"));
    EndpointDefinition endpoint = new EndpointDefinition("sealed", "text_embedding", "openai", new JsonObject(),
        new JsonObject().put("api_key", sealed), new JsonObject(), null);
    PerformRequest request = new PerformRequest("sealed", TaskType.TEXT_EMBEDDING, List.of("x"), null, null, null,
        false, null, null, 30_000);

    ProviderTarget target = ProviderTarget.bearer(endpoint, request, "https://api.openai.com/v1/embeddings", Map.of());

    assertThat(target.headers()).containsEntry("Authorization", "Bearer ");
  }

  private static ProviderTarget target(String url) {
    return new ProviderTarget("my-endpoint", url, Map.of("Authorization", "Bearer sk-secret"), List.of("sk-secret"),
        30_000);
  }

  private static EndpointDefinition cohere(String url) {
    JsonObject settings = url == null ? new JsonObject() : new JsonObject().put("url", url);
    return new EndpointDefinition("my-cohere", TaskType.TEXT_EMBEDDING.wireName(), "cohere", settings,
        new JsonObject(), new JsonObject(), null);
  }
}
