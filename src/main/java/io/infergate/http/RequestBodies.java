package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.bus.StrictJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads a request body as a JSON object, with Elasticsearch's parse errors when it is not one. */
final class RequestBodies {

  private RequestBodies() {
  }

  /** The body as a JSON object; fails first when its Content-Type is not one the router reads. */
  static JsonObject object(RoutingContext ctx) {
    MediaTypes.requireReadable(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    Buffer buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0 || buffer.toString().isBlank()) {
      throw HttpFailure.of(EsError.badRequest("parse_exception", "request body is required"));
    }
    Object value;
    try {
      value = StrictJson.decode(buffer);
    } catch (DecodeException e) {
      String duplicate = StrictJson.duplicateKey(e);
      throw HttpFailure.of(EsError.badRequest("x_content_parse_exception", duplicate != null ? duplicate
          : "Failed to parse the request body as JSON: " + StrictJson.parserMessage(e)));
    }
    if (value instanceof JsonObject object) {
      return object;
    }
    throw HttpFailure.of(EsError.badRequest("parse_exception",
        "request body must be a JSON object, found [" + kind(value) + "]"));
  }

  private static String kind(Object value) {
    if (value instanceof JsonArray) {
      return "array";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    return "null";
  }
}
