package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.bus.EsException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code ?error_trace=true}: a {@code stack_trace} in the error and in each root cause, as
 * Elasticsearch adds it ({@code ElasticsearchException.innerToXContent}), never on a 401. The trace
 * is that of the exception that carried the failure, headed by its class and the error's own
 * reason: no other message (a cause's, a provider's) can reach the client through it.
 */
final class ErrorTrace {

  private ErrorTrace() {
  }

  /** A copy of the envelope with the trace added; the envelope itself for a 401 or a plain-string error. */
  static JsonObject add(JsonObject envelope, EsError failure, Throwable carrier) {
    if (failure.status() == 401 || !(envelope.getValue("error") instanceof JsonObject)) {
      return envelope;
    }
    JsonObject traced = envelope.copy();
    JsonObject error = traced.getJsonObject("error");
    String trace = render(failure.reason(), carrier);
    error.put("stack_trace", trace);
    JsonArray rootCauses = error.getJsonArray("root_cause");
    for (int i = 0; i < rootCauses.size(); i++) {
      rootCauses.getJsonObject(i).put("stack_trace", trace);
    }
    return traced;
  }

  /**
   * {@code printStackTrace}'s form. A carrier without frames (a failure that crossed the event bus
   * or was made without a trace) gets those of the point where the error is rendered.
   */
  private static String render(String reason, Throwable carrier) {
    Throwable source = carrier;
    if (source == null || source.getStackTrace().length == 0) {
      source = new Throwable();
    }
    StringBuilder trace = new StringBuilder((carrier == null ? EsException.class : carrier.getClass()).getName())
        .append(": ").append(reason);
    for (StackTraceElement frame : source.getStackTrace()) {
      trace.append("\n\tat ").append(frame);
    }
    return trace.toString();
  }
}
