package io.infergate.inference.providers;

import io.vertx.core.json.JsonObject;
import java.util.OptionalLong;

/**
 * How many tokens a provider says a request used, for the endpoint's usage figures: OpenAI's (and
 * OpenAI-compatible servers') {@code usage.total_tokens}, Cohere's
 * {@code meta.billed_units.input_tokens} plus {@code output_tokens}. Empty when the answer does not
 * say (Hugging Face's embedding servers do not).
 */
final class ReportedTokens {

  private ReportedTokens() {
  }

  static OptionalLong of(Object json) {
    if (!(json instanceof JsonObject answer)) {
      return OptionalLong.empty();
    }
    if (answer.getValue("usage") instanceof JsonObject usage && usage.getValue("total_tokens") instanceof Number total) {
      return OptionalLong.of(total.longValue());
    }
    if (answer.getValue("meta") instanceof JsonObject meta && meta.getValue("billed_units") instanceof JsonObject billed) {
      long tokens = count(billed.getValue("input_tokens")) + count(billed.getValue("output_tokens"));
      return tokens > 0 ? OptionalLong.of(tokens) : OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  private static long count(Object value) {
    return value instanceof Number number ? number.longValue() : 0;
  }
}
