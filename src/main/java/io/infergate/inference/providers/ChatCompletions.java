package io.infergate.inference.providers;

import io.infergate.inference.TaskType;
import io.infergate.inference.perform.Call;
import io.infergate.inference.perform.InferenceResult;
import io.infergate.inference.perform.PerformRequest;
import io.infergate.inference.perform.ProviderFailures;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * OpenAI's chat completions protocol, spoken by OpenAI and by Hugging Face's OpenAI-compatible
 * servers: a completion per input, and streams of completion deltas or whole chat chunks.
 */
final class ChatCompletions {

  /** The fields of a chat_completion request forwarded to the provider as they are. */
  private static final List<String> CHAT_FIELDS = List.of("messages", "model", "max_completion_tokens", "stop",
      "temperature", "tool_choice", "tools", "top_p");

  private final ProviderHttp http;

  ChatCompletions(ProviderHttp http) {
    this.http = http;
  }

  /** The task types an OpenAI-compatible chat server streams. */
  static boolean streams(TaskType taskType) {
    return taskType == TaskType.COMPLETION || taskType == TaskType.CHAT_COMPLETION;
  }

  /** Streams a completion or a chat completion for {@code service}, or fails for any other task type. */
  Future<Void> stream(String service, ProviderTarget target, String model, String user, PerformRequest request,
      Call call, Handler<JsonObject> chunks) {
    switch (request.taskType()) {
      case COMPLETION:
        return streamCompletion(target, model, user, request.input(), call, chunks);
      case CHAT_COMPLETION:
        return streamChat(target, model, request.chat(), call, chunks);
      default:
        return UnsupportedTask.failure(service, request.taskType());
    }
  }

  /** One request per input, each input the one user message; a completion per input, in order. */
  Future<InferenceResult> complete(ProviderTarget target, String model, String user, List<String> inputs, Call call) {
    return Batches.inOrder(inputs, 1, single -> http.postJson(target, completionBody(model, user, single), call,
            ChatCompletions::readCompletion))
        .map(InferenceResult.Completions::new);
  }

  /** Streams {@code {"completion":[{"delta":"..."}]}} for each content delta, the inputs sent as user messages. */
  private Future<Void> streamCompletion(ProviderTarget target, String model, String user, List<String> inputs, Call call,
      Handler<JsonObject> chunks) {
    JsonObject body = completionBody(model, user, inputs).put("stream", true);
    return http.postForEvents(target, body, call, event -> {
      String delta = contentDelta(chunk(target, event));
      if (delta != null && !delta.isEmpty()) {
        chunks.handle(new JsonObject().put("completion", new JsonArray().add(new JsonObject().put("delta", delta))));
      }
    });
  }

  /**
   * Streams each of the provider's chunks as Elasticsearch does: the OpenAI chunk object itself
   * ({@code {"id","choices","model","object":"chat.completion.chunk","usage"?}}), unwrapped.
   */
  private Future<Void> streamChat(ProviderTarget target, String defaultModel, JsonObject chat, Call call,
      Handler<JsonObject> chunks) {
    JsonObject body = new JsonObject();
    for (String field : CHAT_FIELDS) {
      if (chat.containsKey(field)) {
        body.put(field, chat.getValue(field));
      }
    }
    if (body.getValue("model") == null && defaultModel != null) {
      body.put("model", defaultModel);
    }
    body.put("stream", true);
    return http.postForEvents(target, body, call,
        event -> chunks.handle(chunk(target, event)));
  }

  private static JsonObject completionBody(String model, String user, List<String> inputs) {
    JsonArray messages = new JsonArray();
    inputs.forEach(input -> messages.add(new JsonObject().put("role", "user").put("content", input)));
    JsonObject body = new JsonObject().put("messages", messages).put("n", 1);
    if (model != null) {
      body.put("model", model);
    }
    if (user != null) {
      body.put("user", user);
    }
    return body;
  }

  private static List<String> readCompletion(Object json) {
    JsonObject choice = firstChoice(ResponseJson.object(json, "the response"));
    JsonObject message = ResponseJson.object(choice.getValue("message"), "choices[0].message");
    return List.of(ResponseJson.string(message.getValue("content"), "choices[0].message.content"));
  }

  /** A stream chunk; one carrying an error (providers send those mid-stream) fails the stream with its message. */
  private static JsonObject chunk(ProviderTarget target, String event) {
    JsonObject chunk = ResponseJson.object(ResponseJson.parse(Buffer.buffer(event)), "a chunk");
    if (chunk.getValue("error") != null && !chunk.containsKey("choices")) {
      throw ProviderFailures.forStatus(target.inferenceId(), target.url(), 500,
          ProviderErrorBody.message(Buffer.buffer(event)), target.secrets());
    }
    return chunk;
  }

  private static String contentDelta(JsonObject chunk) {
    JsonArray choices = ResponseJson.array(chunk.getValue("choices", new JsonArray()), "choices");
    if (choices.isEmpty()) {
      return null; // the usage chunk at the end of a stream
    }
    JsonObject choice = ResponseJson.object(choices.getValue(0), "choices[0]");
    Object delta = choice.getValue("delta");
    return delta instanceof JsonObject json && json.getValue("content") instanceof String content ? content : null;
  }

  private static JsonObject firstChoice(JsonObject response) {
    JsonArray choices = ResponseJson.array(response.getValue("choices"), "choices");
    if (choices.isEmpty()) {
      throw new UnreadableResponse("expected at least one choice");
    }
    return ResponseJson.object(choices.getValue(0), "choices[0]");
  }
}
