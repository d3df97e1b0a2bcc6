package io.infergate.examples.mock;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face: text-embeddings-inference's {@code /embed} ({@code [[...]]}) and {@code /rerank},
 * and inference-endpoint style {@code /hf/embeddings} ({@code {"embeddings":[[...]]}}) and
 * {@code /hf/sparse} ({@code [{"token":weight}]} per input). Chat goes to the OpenAI-compatible
 * {@code /v1/chat/completions}.
 */
final class HuggingFaceMock {

  private final int dimensions;

  HuggingFaceMock(int dimensions) {
    this.dimensions = dimensions;
  }

  Map<String, MockRoute> routes() {
    return Map.of(
        "/embed", new MockRoute(MockDialect.HUGGING_FACE, (ctx, body) -> MockJson.send(ctx, embeddings(body))),
        "/hf/embeddings", new MockRoute(MockDialect.HUGGING_FACE,
            (ctx, body) -> MockJson.send(ctx, new JsonObject().put("embeddings", embeddings(body)))),
        "/hf/sparse", new MockRoute(MockDialect.HUGGING_FACE, HuggingFaceMock::sparse),
        "/rerank", new MockRoute(MockDialect.HUGGING_FACE, HuggingFaceMock::rerank));
  }

  private JsonArray embeddings(JsonObject body) {
    JsonArray embeddings = new JsonArray();
    MockJson.texts(body, "inputs").forEach(text -> embeddings.add(MockJson.vector(MockModels.embedding(text, dimensions))));
    return embeddings;
  }

  private static void sparse(RoutingContext ctx, JsonObject body) {
    JsonArray results = new JsonArray();
    MockJson.texts(body, "inputs").forEach(text -> {
      JsonObject weights = new JsonObject();
      MockModels.sparse(text).forEach(weights::put);
      results.add(weights);
    });
    MockJson.send(ctx, results);
  }

  /** Sorted by score, highest first, as TEI answers. */
  private static void rerank(RoutingContext ctx, JsonObject body) {
    String query = body.getString("query");
    if (query == null) {
      throw new IllegalArgumentException("'query' is required");
    }
    List<String> texts = MockJson.texts(body, "texts");
    boolean returnText = Boolean.TRUE.equals(body.getBoolean("return_text"));
    JsonArray results = new JsonArray();
    MockModels.ranking(query, texts).forEach(i -> {
          JsonObject result = new JsonObject().put("index", i).put("score", MockModels.relevance(query, texts.get(i)));
          if (returnText) {
            result.put("text", texts.get(i));
          }
          results.add(result);
        });
    MockJson.send(ctx, results);
  }
}
