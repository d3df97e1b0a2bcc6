package io.infergate.inference.providers;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The message of a provider's error body: OpenAI's {@code {"error":{"message":..}}}, Cohere's
 * {@code {"message":..}}, Hugging Face's {@code {"error":..}}. Anything else gives no message: the
 * raw body never reaches a client.
 */
final class ProviderErrorBody {

  private ProviderErrorBody() {
  }

  static String message(Buffer body) {
    Object parsed;
    try {
      parsed = ResponseJson.parse(body);
    } catch (UnreadableResponse e) {
      return null;
    }
    if (!(parsed instanceof JsonObject json)) {
      return null;
    }
    Object error = json.getValue("error");
    if (error instanceof JsonObject openAi && openAi.getValue("message") instanceof String message) {
      return message;
    }
    if (error instanceof String huggingFace) {
      return huggingFace;
    }
    return json.getValue("message") instanceof String cohere ? cohere : null;
  }
}
