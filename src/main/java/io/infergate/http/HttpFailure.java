package io.infergate.http;

import io.infergate.bus.EsError;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure the router answers itself. Most carry an {@link EsError} and render in the
 * Elasticsearch envelope; a few REST-layer failures render as Elasticsearch renders them, with a
 * plain string {@code error} ("no handler found", "Incorrect HTTP method", media types).
 */
final class HttpFailure extends RuntimeException {

  private final int status;
  private final JsonObject body;
  private final Map<String, List<String>> headers;
  private final EsError error;

  private HttpFailure(int status, JsonObject body, Map<String, List<String>> headers, EsError error) {
    // The trace is kept for ?error_trace, except on a 401: Elasticsearch never shows one there, and
    // an unauthenticated client should not make every refusal cost a stack walk.
    super(body.encode(), null, false, status != 401);
    this.status = status;
    this.body = body;
    this.headers = headers;
    this.error = error;
  }

  static HttpFailure of(EsError error) {
    return new HttpFailure(error.status(), error.toEnvelope(), Map.of(), error);
  }

  static HttpFailure of(EsError error, Map<String, String> headers) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    headers.forEach((name, value) -> values.put(name, List.of(value)));
    return new HttpFailure(error.status(), error.toEnvelope(), values, error);
  }

  /** A failure whose envelope is {@code body} (the error with fields of its own), with headers of several values. */
  static HttpFailure of(EsError error, JsonObject body, Map<String, List<String>> headers) {
    return new HttpFailure(error.status(), body, Map.copyOf(headers), error);
  }

  static HttpFailure plain(int status, String error) {
    return new HttpFailure(status, new JsonObject().put("error", error).put("status", status), Map.of(),
        new EsError(status, "exception", error));
  }

  /** The failure as an Elasticsearch error (a plain one gets the type {@code exception}). */
  EsError error() {
    return error;
  }

  int status() {
    return status;
  }

  JsonObject body() {
    return body;
  }

  Map<String, List<String>> headers() {
    return headers;
  }
}
