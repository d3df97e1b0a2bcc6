package io.infergate.examples.mock;

import io.vertx.core.json.JsonObject;

/** How each provider words an error body: the mock answers a fault in the dialect of the path it hit. */
enum MockDialect {
  /** {@code {"error":{"message","type","param","code"}}} */
  OPENAI,
  /** {@code {"message":..}} */
  COHERE,
  /** {@code {"error":..}} */
  HUGGING_FACE;

  JsonObject error(int status, String message) {
    switch (this) {
      case OPENAI:
        return new JsonObject().put("error", new JsonObject().put("message", message).put("type", openAiType(status))
            .putNull("param").put("code", openAiCode(status)));
      case COHERE:
        return new JsonObject().put("message", message);
      default:
        return new JsonObject().put("error", message);
    }
  }

  /** The message a provider gives for {@code status}; a 401 shows the key masked, as OpenAI does. */
  static String message(int status, String apiKey) {
    switch (status) {
      case 401:
        return "Incorrect API key provided: " + mask(apiKey)
            + ". You can find your API key at https://platform.openai.com/account/api-keys.";
      case 429:
        return "Rate limit reached for requests. Please try again in 1s.";
      case 500:
        return "The server had an error while processing your request. Sorry about that!";
      default:
        return "Mock fault with status " + status;
    }
  }

  /** {@code sk-ab*****yz}: the first five and last two characters. */
  static String mask(String apiKey) {
    if (apiKey == null || apiKey.length() < 10) {
      return "*****";
    }
    return apiKey.substring(0, 5) + "*".repeat(apiKey.length() - 7) + apiKey.substring(apiKey.length() - 2);
  }

  private static String openAiType(int status) {
    if (status == 429) {
      return "requests";
    }
    return status >= 500 ? "server_error" : "invalid_request_error";
  }

  private static String openAiCode(int status) {
    if (status == 401) {
      return "invalid_api_key";
    }
    return status == 429 ? "rate_limit_exceeded" : null;
  }
}
