package io.infergate.examples.mock;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/** OpenAI's {@code /v1/embeddings} and {@code /v1/chat/completions}, streamed or not. */
final class OpenAiMock {

  private final int defaultDimensions;

  OpenAiMock(int defaultDimensions) {
    this.defaultDimensions = defaultDimensions;
  }

  Map<String, MockRoute> routes() {
    return Map.of(
        "/v1/embeddings", new MockRoute(MockDialect.OPENAI, this::embeddings),
        "/v1/chat/completions", new MockRoute(MockDialect.OPENAI, OpenAiMock::chat));
  }

  /** Lists the data last to first: OpenAI's format orders by {@code index}, not by position, and clients must too. */
  private void embeddings(RoutingContext ctx, JsonObject body) {
    List<String> inputs = MockJson.texts(body, "input");
    int dimensions = body.getInteger("dimensions", defaultDimensions);
    JsonArray data = new JsonArray();
    int tokens = 0;
    for (int i = inputs.size() - 1; i >= 0; i--) {
      data.add(new JsonObject().put("object", "embedding").put("index", i)
          .put("embedding", MockJson.vector(MockModels.embedding(inputs.get(i), dimensions))));
      tokens += inputs.get(i).split("\\s+").length;
    }
    MockJson.send(ctx, new JsonObject().put("object", "list").put("data", data)
        .put("model", body.getString("model", "")).put("usage", usage(tokens, 0)));
  }

  private static void chat(RoutingContext ctx, JsonObject body) {
    String reply = MockModels.reply(lastUserMessage(body));
    String model = body.getString("model", "mock");
    if (Boolean.TRUE.equals(body.getBoolean("stream"))) {
      stream(ctx.response(), model, reply);
      return;
    }
    JsonObject choice = new JsonObject().put("index", 0)
        .put("message", new JsonObject().put("role", "assistant").put("content", reply))
        .put("finish_reason", "stop");
    MockJson.send(ctx, completionBase("chat.completion", model).put("choices", new JsonArray().add(choice))
        .put("usage", usage(10, reply.split(" ").length)));
  }

  /** A role chunk, a chunk per word, a finish chunk, then {@code data: [DONE]}, as OpenAI streams. */
  static void stream(HttpServerResponse response, String model, String reply) {
    response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
    writeChunk(response, model, new JsonObject().put("role", "assistant").put("content", ""), null);
    String[] words = reply.split(" ");
    for (int i = 0; i < words.length; i++) {
      writeChunk(response, model, new JsonObject().put("content", i == 0 ? words[i] : " " + words[i]), null);
    }
    writeChunk(response, model, new JsonObject(), "stop");
    response.end("data: [DONE]\n\n");
  }

  /** A stream that breaks: a role chunk and one content chunk, then the connection closed without {@code [DONE]}. */
  static void streamCut(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
    writeChunk(response, "mock", new JsonObject().put("role", "assistant").put("content", ""), null);
    writeChunk(response, "mock", new JsonObject().put("content", "Mock"), null)
        .onComplete(written -> ctx.request().connection().close());
  }

  private static Future<Void> writeChunk(HttpServerResponse response, String model, JsonObject delta,
      String finishReason) {
    JsonObject choice = new JsonObject().put("index", 0).put("delta", delta).put("finish_reason", finishReason);
    JsonObject chunk = completionBase("chat.completion.chunk", model).put("choices", new JsonArray().add(choice));
    return response.write("data: " + chunk.encode() + "\n\n");
  }

  private static JsonObject completionBase(String object, String model) {
    return new JsonObject().put("id", "chatcmpl-mock").put("object", object)
        .put("created", System.currentTimeMillis() / 1000).put("model", model);
  }

  private static String lastUserMessage(JsonObject body) {
    JsonArray messages = body.getJsonArray("messages");
    if (messages == null || messages.isEmpty()) {
      throw new IllegalArgumentException("'messages' must be a non-empty array");
    }
    for (int i = messages.size() - 1; i >= 0; i--) {
      JsonObject message = messages.getJsonObject(i);
      if ("user".equals(message.getString("role")) && message.getValue("content") instanceof String content) {
        return content;
      }
    }
    return "";
  }

  private static JsonObject usage(int promptTokens, int completionTokens) {
    return new JsonObject().put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
  }
}
