package io.infergate.http;

import io.infergate.bus.EsError;
import io.vertx.core.http.HttpHeaders;
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

  /** A top-level JSON array, as {@code GET /_inference/_services} answers. */
  static void json(RoutingContext ctx, int status, JsonArray body) {
    write(ctx, status, indent -> indent ? body.encodePrettily() : body.encode());
  }

  private static void write(RoutingContext ctx, int status, Function<Boolean, String> encode) {
    String pretty = ctx.queryParams().get("pretty");
    boolean indent = pretty != null && !pretty.equals("false");
    String contentType;
    try {
      contentType = MediaTypes.responseType(ctx.request().getHeader(HttpHeaders.ACCEPT));
    } catch (HttpFailure unsupportedAccept) {
      contentType = MediaTypes.JSON;
    }
    String text = indent ? encode.apply(true) + "\n" : encode.apply(false);
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
        // The official Elasticsearch clients refuse a server that does not say it is Elasticsearch.
        .putHeader("X-Elastic-Product", "Elasticsearch")
        .end(text);
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
