package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.inference.perform.InferenceResult;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON responses the way Elasticsearch does: media type, {@code ?pretty}, {@code ?filter_path}
 * on every answer but errors (Elasticsearch builds those unfiltered), {@code ?error_trace} on errors.
 */
final class Responses {

  private Responses() {
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ResponseFilter filter = CommonParameters.filter(ctx);
    write(ctx, status, filter == null ? body : filter.apply(body));
  }

  /** A perform result: its own compact encoding unless the client asked for {@code ?pretty} or a filter. */
  static void result(RoutingContext ctx, InferenceResult result) {
    if (CommonParameters.pretty(ctx) || CommonParameters.filter(ctx) != null) {
      json(ctx, 200, result.toJson());
      return;
    }
    headers(ctx, 200).end(result.encoded());
  }

  /** A top-level JSON array, as {@code GET /_inference/_services} answers. */
  static void json(RoutingContext ctx, int status, JsonArray body) {
    ResponseFilter filter = CommonParameters.filter(ctx);
    write(ctx, status, filter == null ? body : filter.apply(body));
  }

  /** A body of JSON, or none at all when it is null (a top-level array filtered away entirely). */
  private static void write(RoutingContext ctx, int status, Object body) {
    HttpServerResponse response = headers(ctx, status);
    if (body == null) {
      response.end();
    } else if (CommonParameters.pretty(ctx)) {
      response.end(encode(body, true) + "\n");
    } else {
      response.end(encode(body, false));
    }
  }

  private static String encode(Object body, boolean pretty) {
    if (body instanceof JsonArray array) {
      return pretty ? array.encodePrettily() : array.encode();
    }
    JsonObject object = (JsonObject) body;
    return pretty ? object.encodePrettily() : object.encode();
  }

  private static HttpServerResponse headers(RoutingContext ctx, int status) {
    String contentType;
    try {
      contentType = MediaTypes.responseType(ctx.request().getHeader(HttpHeaders.ACCEPT));
    } catch (HttpFailure unsupportedAccept) {
      contentType = MediaTypes.JSON;
    }
    return ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
        // The official Elasticsearch clients refuse a server that does not say it is Elasticsearch.
        .putHeader("X-Elastic-Product", "Elasticsearch");
  }

  static void failure(RoutingContext ctx, HttpFailure failure) {
    send(ctx, failure.error(), failure.body(), failure.headers(), failure);
  }

  /** An error, with the exception that carried it for {@code ?error_trace} (null if none did). */
  static void error(RoutingContext ctx, EsError error, Throwable carrier) {
    send(ctx, error, error.toEnvelope(), Map.of(), carrier);
  }

  private static void send(RoutingContext ctx, EsError error, JsonObject body, Map<String, List<String>> headers,
      Throwable carrier) {
    headers.forEach((name, values) -> ctx.response().putHeader(name, values));
    ctx.put(AuditHandler.ERROR_TYPE_KEY, error.type());
    boolean traced = CommonParameters.errorTrace(ctx);
    write(ctx, error.status(), traced ? ErrorTrace.add(body, error, carrier) : body);
  }
}
