package io.infergate.examples.mock;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/** Cohere's v1 {@code /v1/embed}, {@code /v1/rerank} and {@code /v1/chat}. */
final class CohereMock {

  private final int defaultDimensions;

  CohereMock(int defaultDimensions) {
    this.defaultDimensions = defaultDimensions;
  }

  Map<String, MockRoute> routes() {
    return Map.of(
        "/v1/embed", new MockRoute(MockDialect.COHERE, this::embed),
        "/v1/rerank", new MockRoute(MockDialect.COHERE, CohereMock::rerank),
        "/v1/chat", new MockRoute(MockDialect.COHERE, CohereMock::chat));
  }

  /** {@code embeddings_by_type} when {@code embedding_types} is given, else {@code embeddings_floats}. */
  private void embed(RoutingContext ctx, JsonObject body) {
    List<String> texts = MockJson.texts(body, "texts");
    JsonObject response = new JsonObject().put("id", "mock-embed").put("texts", new JsonArray(texts))
        .put("meta", meta(texts.size()));
    JsonArray types = body.getJsonArray("embedding_types");
    if (types == null) {
      MockJson.send(ctx, response.put("embeddings", embeddings(texts, "float"))
          .put("response_type", "embeddings_floats"));
      return;
    }
    JsonObject byType = new JsonObject();
    for (Object type : types) {
      byType.put((String) type, embeddings(texts, (String) type));
    }
    MockJson.send(ctx, response.put("embeddings", byType).put("response_type", "embeddings_by_type"));
  }

  private JsonArray embeddings(List<String> texts, String type) {
    JsonArray embeddings = new JsonArray();
    for (String text : texts) {
      float[] embedding = MockModels.embedding(text, defaultDimensions);
      switch (type) {
        case "float":
          embeddings.add(MockJson.vector(embedding));
          break;
        case "int8":
          embeddings.add(MockJson.vector(MockModels.int8(embedding)));
          break;
        case "binary":
          embeddings.add(MockJson.vector(MockModels.binary(embedding)));
          break;
        default:
          throw new IllegalArgumentException("invalid embedding type: " + type);
      }
    }
    return embeddings;
  }

  private static void rerank(RoutingContext ctx, JsonObject body) {
    String query = body.getString("query");
    if (query == null) {
      throw new IllegalArgumentException("'query' is required");
    }
    List<String> documents = MockJson.texts(body, "documents");
    boolean returnDocuments = Boolean.TRUE.equals(body.getBoolean("return_documents"));
    int topN = body.getInteger("top_n", documents.size());
    JsonArray results = new JsonArray();
    MockModels.ranking(query, documents).stream().limit(topN)
        .forEach(i -> {
          JsonObject result = new JsonObject().put("index", i)
              .put("relevance_score", MockModels.relevance(query, documents.get(i)));
          if (returnDocuments) {
            result.put("document", new JsonObject().put("text", documents.get(i)));
          }
          results.add(result);
        });
    MockJson.send(ctx, new JsonObject().put("id", "mock-rerank").put("results", results)
        .put("meta", meta(documents.size())));
  }

  private static void chat(RoutingContext ctx, JsonObject body) {
    String message = body.getString("message");
    if (message == null) {
      throw new IllegalArgumentException("'message' is required");
    }
    MockJson.send(ctx, new JsonObject().put("response_id", "mock-chat").put("text", MockModels.reply(message))
        .put("generation_id", "mock-generation").put("finish_reason", "COMPLETE").put("meta", meta(1)));
  }

  private static JsonObject meta(int units) {
    return new JsonObject().put("api_version", new JsonObject().put("version", "1"))
        .put("billed_units", new JsonObject().put("input_tokens", units));
  }
}
