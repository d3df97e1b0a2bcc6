package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.inference.perform.InferenceResult;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/** Writes JSON responses the way Elasticsearch does: media type, {@code ?pretty}, error envelope. */
final class Responses {

  private Responses() {
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    write(ctx, status, indent -> indent ? body.encodePrettily() : body.encode());
  }

  /** A perform result: its own compact encoding unless the client asked for {@code ?pretty}. */
  static void result(RoutingContext ctx, InferenceResult result) {
    if (indented(ctx)) {
      json(ctx, 200, result.toJson());
      return;
    }
    headers(ctx, 200).end(result.encoded());
  }

  /** A top-level JSON array, as {@code GET /_inference/_services} answers. */
  static void json(RoutingContext ctx, int status, JsonArray body) {
    write(ctx, status, indent -> indent ? body.encodePrettily() : body.encode());
  }

  private static void write(RoutingContext ctx, int status, Function<Boolean, String> encode) {
    boolean indent = indented(ctx);
    headers(ctx, status).end(indent ? encode.apply(true) + "\n" : encode.apply(false));
  }

  private static boolean indented(RoutingContext ctx) {
    String pretty = ctx.queryParams().get("pretty");
    return pretty != null && !pretty.equals("false");
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
    failure.headers().forEach(ctx.response()::putHeader);
    ctx.put(AuditHandler.ERROR_TYPE_KEY, failure.error().type());
    json(ctx, failure.status(), failure.body());
  }

  static void error(RoutingContext ctx, EsError error) {
    failure(ctx, HttpFailure.of(error));
  }
}
