package io.infergate.inference.providers;

import io.infergate.bus.EndpointDefinition;
import io.infergate.inference.TaskType;
import io.infergate.inference.perform.Call;
import io.infergate.inference.perform.InferenceResult;
import io.infergate.inference.perform.InferenceResult.Ranking.RankedDocument;
import io.infergate.inference.perform.InferenceResult.SparseEmbeddings.SparseEmbedding;
import io.infergate.inference.perform.InferenceService;
import io.infergate.inference.perform.PerformRequest;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code hugging_face} service: an endpoint's {@code url} is a Hugging Face inference endpoint or
 * a text-embeddings-inference (TEI) server for embeddings and rerank, or an OpenAI-compatible
 * {@code /v1/chat/completions} for completions.
 */
public final class HuggingFaceService implements InferenceService {

  public static final String NAME = "hugging_face";
  static final int BATCH_SIZE = 20;

  private final ProviderHttp http;
  private final ChatCompletions chat;

  public HuggingFaceService(ProviderHttp http) {
    this.http = http;
    this.chat = new ChatCompletions(http);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<InferenceResult> infer(EndpointDefinition endpoint, PerformRequest request, Call call) {
    ProviderTarget target = target(endpoint, request);
    switch (request.taskType()) {
      case TEXT_EMBEDDING:
        return Batches.inOrder(request.input(), BATCH_SIZE, batch -> http.postJson(target, inputs(batch), call,
            json -> readEmbeddings(json, batch.size()))).map(InferenceResult.TextEmbeddings::new);
      case SPARSE_EMBEDDING:
        return Batches.inOrder(request.input(), BATCH_SIZE, batch -> http.postJson(target, inputs(batch), call,
            json -> readSparse(json, batch.size()))).map(InferenceResult.SparseEmbeddings::new);
      case RERANK:
        return rerank(target, endpoint, request, call);
      case COMPLETION:
        return chat.complete(target, modelId(endpoint), null, request.input(), call);
      default:
        return UnsupportedTask.failure(NAME, request.taskType());
    }
  }

  @Override
  public boolean streams(TaskType taskType) {
    return ChatCompletions.streams(taskType);
  }

  @Override
  public Future<Void> stream(EndpointDefinition endpoint, PerformRequest request, Call call,
      Handler<JsonObject> chunks) {
    return chat.stream(NAME, target(endpoint, request), modelId(endpoint), null, request, call, chunks);
  }

  private Future<InferenceResult> rerank(ProviderTarget target, EndpointDefinition endpoint, PerformRequest request,
      Call call) {
    boolean returnDocuments = TaskSettings.returnDocuments(endpoint, request);
    JsonObject body = new JsonObject().put("query", request.query()).put("texts", new JsonArray(request.input()))
        .put("return_text", returnDocuments);
    return http.postJson(target, body, call, json -> readRanking(json, request.input().size()))
        .map(ranked -> InferenceResult.Ranking.of(ranked, TaskSettings.topN(endpoint, request), returnDocuments));
  }

  /** TEI's {@code /embed} answers {@code [[...]]}; Hugging Face endpoints {@code {"embeddings":[[...]]}}. */
  static List<float[]> readEmbeddings(Object json, int expected) {
    Object embeddings = json instanceof JsonObject object ? object.getValue("embeddings") : json;
    JsonArray array = ResponseJson.array(embeddings, "the embeddings");
    List<float[]> vectors = new ArrayList<>(array.size());
    for (Object vector : array) {
      vectors.add(ResponseJson.vector(vector, "an embedding"));
    }
    return ResponseJson.expectCount(vectors, expected, "embeddings");
  }

  /** {@code [{"token":weight,...}]}, one object per input. */
  static List<SparseEmbedding> readSparse(Object json, int expected) {
    JsonArray array = ResponseJson.array(json, "the sparse embeddings");
    List<SparseEmbedding> embeddings = new ArrayList<>(array.size());
    for (Object item : array) {
      Map<String, Float> weights = new LinkedHashMap<>();
      ResponseJson.object(item, "a sparse embedding")
          .forEach(entry -> weights.put(entry.getKey(), ResponseJson.number(entry.getValue(), "a token weight")));
      embeddings.add(new SparseEmbedding(weights, false));
    }
    return ResponseJson.expectCount(embeddings, expected, "sparse embeddings");
  }

  /** TEI's {@code /rerank}: {@code [{"index":i,"score":s,"text"?:..}]}. */
  static List<RankedDocument> readRanking(Object json, int documents) {
    List<RankedDocument> ranked = new ArrayList<>();
    for (Object item : ResponseJson.array(json, "the ranking")) {
      JsonObject entry = ResponseJson.object(item, "a ranked document");
      ranked.add(new RankedDocument(ResponseJson.index(entry.getValue("index"), documents, "index"),
          ResponseJson.number(entry.getValue("score"), "score"), entry.getString("text")));
    }
    return ranked;
  }

  private static JsonObject inputs(List<String> batch) {
    return new JsonObject().put("inputs", new JsonArray(batch));
  }

  private static ProviderTarget target(EndpointDefinition endpoint, PerformRequest request) {
    return ProviderTarget.bearer(endpoint, request, endpoint.serviceSettings().getString("url"), Map.of());
  }

  private static String modelId(EndpointDefinition endpoint) {
    return endpoint.serviceSettings().getString("model_id");
  }
}
