package io.infergate.inference.providers;

import io.infergate.bus.EndpointDefinition;
import io.infergate.inference.perform.Call;
import io.infergate.inference.perform.InferenceResult;
import io.infergate.inference.perform.InferenceResult.Ranking.RankedDocument;
import io.infergate.inference.perform.InferenceService;
import io.infergate.inference.perform.PerformRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code cohere} service: Cohere's v1 embed, rerank and chat. */
public final class CohereService implements InferenceService {

  public static final String NAME = "cohere";
  static final String DEFAULT_URL = "https://api.cohere.com";
  /** Cohere takes at most 96 texts per embed request. */
  static final int BATCH_SIZE = 96;

  private final ProviderHttp http;

  public CohereService(ProviderHttp http) {
    this.http = http;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<InferenceResult> infer(EndpointDefinition endpoint, PerformRequest request, Call call) {
    switch (request.taskType()) {
      case TEXT_EMBEDDING:
        return embed(endpoint, request, call);
      case RERANK:
        return rerank(endpoint, request, call);
      case COMPLETION:
        return complete(endpoint, request, call);
      default:
        return UnsupportedTask.failure(NAME, request.taskType());
    }
  }

  private Future<InferenceResult> embed(EndpointDefinition endpoint, PerformRequest request, Call call) {
    ProviderTarget target = target(endpoint, request, "/v1/embed");
    CohereEmbeddingType type = CohereEmbeddingType.of(endpoint.serviceSettings().getString("embedding_type"));
    String inputType = CohereInputType.of(request.inputType() != null ? request.inputType()
        : TaskSettings.string(endpoint, request, "input_type"));
    String truncate = TaskSettings.string(endpoint, request, "truncate");
    return Batches.inOrder(request.input(), BATCH_SIZE, batch -> {
      JsonObject body = withModel(endpoint, new JsonObject().put("texts", new JsonArray(batch)))
          .put("embedding_types", new JsonArray().add(type.wireName()));
      if (inputType != null) {
        body.put("input_type", inputType);
      }
      if (truncate != null) {
        body.put("truncate", truncate);
      }
      return http.postJson(target, body, call, json -> readEmbeddings(json, type, batch.size()));
    }).map(embeddings -> new InferenceResult.TextEmbeddings(type.resultField(), embeddings));
  }

  private Future<InferenceResult> rerank(EndpointDefinition endpoint, PerformRequest request, Call call) {
    Integer topN = TaskSettings.topN(endpoint, request);
    boolean returnDocuments = TaskSettings.returnDocuments(endpoint, request);
    JsonObject body = withModel(endpoint, new JsonObject().put("query", request.query())
        .put("documents", new JsonArray(request.input())).put("return_documents", returnDocuments));
    if (topN != null) {
      body.put("top_n", topN);
    }
    return http.postJson(target(endpoint, request, "/v1/rerank"), body, call,
            json -> readRanking(json, request.input().size()))
        .map(ranked -> InferenceResult.Ranking.of(ranked, topN, returnDocuments));
  }

  /** One {@code /v1/chat} request per input: Cohere's chat takes one message. */
  private Future<InferenceResult> complete(EndpointDefinition endpoint, PerformRequest request, Call call) {
    ProviderTarget target = target(endpoint, request, "/v1/chat");
    return Batches.inOrder(request.input(), 1, single -> http.postJson(target,
            withModel(endpoint, new JsonObject().put("message", single.get(0))), call,
            json -> List.of(ResponseJson.string(ResponseJson.object(json, "the response").getValue("text"), "text"))))
        .map(InferenceResult.Completions::new);
  }

  /** {@code embeddings.<type>} of an embeddings_by_type answer, or the plain array of an embeddings_floats one. */
  static List<float[]> readEmbeddings(Object json, CohereEmbeddingType type, int expected) {
    Object embeddings = ResponseJson.object(json, "the response").getValue("embeddings");
    if (embeddings instanceof JsonObject byType) {
      embeddings = byType.getValue(type.wireName());
    } else if (type != CohereEmbeddingType.FLOAT) {
      throw new UnreadableResponse("expected embeddings by type");
    }
    List<float[]> vectors = new ArrayList<>();
    for (Object vector : ResponseJson.array(embeddings, "embeddings." + type.wireName())) {
      vectors.add(ResponseJson.vector(vector, "an embedding"));
    }
    return ResponseJson.expectCount(vectors, expected, "embeddings");
  }

  /** {@code results[].index}, {@code relevance_score} and {@code document.text} when documents are returned. */
  static List<RankedDocument> readRanking(Object json, int documents) {
    JsonArray results = ResponseJson.array(ResponseJson.object(json, "the response").getValue("results"), "results");
    List<RankedDocument> ranked = new ArrayList<>(results.size());
    for (Object item : results) {
      JsonObject result = ResponseJson.object(item, "results[]");
      String text = result.getValue("document") instanceof JsonObject document ? document.getString("text") : null;
      ranked.add(new RankedDocument(ResponseJson.index(result.getValue("index"), documents, "results[].index"),
          ResponseJson.number(result.getValue("relevance_score"), "results[].relevance_score"), text));
    }
    return ranked;
  }

  /** The base URL (default Cohere's) with {@code path} appended. */
  static String url(EndpointDefinition endpoint, String path) {
    String base = endpoint.serviceSettings().getString("url", DEFAULT_URL);
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
  }

  private static ProviderTarget target(EndpointDefinition endpoint, PerformRequest request, String path) {
    return ProviderTarget.bearer(endpoint, request, url(endpoint, path), Map.of());
  }

  private static JsonObject withModel(EndpointDefinition endpoint, JsonObject body) {
    String model = endpoint.serviceSettings().getString("model_id");
    return model == null ? body : body.put("model", model);
  }
}
