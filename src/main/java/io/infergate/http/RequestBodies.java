package io.infergate.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import io.infergate.bus.EsError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
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
      value = decodeStrictly(buffer);
    } catch (DecodeException e) {
      if (e.getCause() instanceof JsonParseException duplicate
          && duplicate.getOriginalMessage().startsWith("Duplicate field")) {
        throw HttpFailure.of(EsError.badRequest("x_content_parse_exception", "[" + duplicate.getLocation().getLineNr()
            + ":" + duplicate.getLocation().getColumnNr() + "] " + duplicate.getOriginalMessage()));
      }
      throw HttpFailure.of(EsError.badRequest("x_content_parse_exception", readable(e)));
    }
    if (value instanceof JsonObject object) {
      return object;
    }
    throw HttpFailure.of(EsError.badRequest("parse_exception",
        "request body must be a JSON object, found [" + kind(value) + "]"));
  }

  /**
   * Vert.x's own decoding, one pass, that also refuses a key named twice in one object, as
   * Elasticsearch does ("Duplicate field"): Vert.x alone keeps the last value, so
   * {@code {"service":"x","service":"openai"}} would be read as something the client may not have meant.
   */
  private static Object decodeStrictly(Buffer buffer) {
    JsonParser parser = JacksonCodec.createParser(buffer);
    parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    return JacksonCodec.fromParser(parser, Object.class);
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

  /** The parser's own words, without Vert.x's prefix: what is wrong and at which line and column. */
  private static String readable(DecodeException e) {
    String message = String.valueOf(e.getMessage());
    message = message.replaceFirst("^Failed to decode:\\s*", "");
    return "Failed to parse the request body as JSON: " + message.replaceAll("\\s+", " ").trim();
  }
}
