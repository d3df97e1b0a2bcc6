package io.infergate.examples.mock;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** Reading requests and writing answers the way the providers do. */
final class MockJson {

  private MockJson() {
  }

  /** A field that is one string or an array of strings, as a list. */
  static List<String> texts(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value instanceof String text) {
      return List.of(text);
    }
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw new IllegalArgumentException("'" + field + "' must be a string or a non-empty array of strings");
    }
    List<String> texts = new ArrayList<>(array.size());
    for (Object item : array) {
      if (item instanceof String text) {
        texts.add(text);
      } else if (item instanceof JsonObject document && document.getValue("text") instanceof String text) {
        texts.add(text); // Cohere's rerank also takes {"text": ...} documents
      } else {
        throw new IllegalArgumentException("'" + field + "' must hold strings");
      }
    }
    return texts;
  }

  static JsonArray vector(float[] values) {
    JsonArray array = new JsonArray(new ArrayList<>(values.length));
    for (float value : values) {
      array.add(value);
    }
    return array;
  }

  static JsonArray vector(int[] values) {
    JsonArray array = new JsonArray(new ArrayList<>(values.length));
    for (int value : values) {
      array.add(value);
    }
    return array;
  }

  static void send(RoutingContext ctx, Object json) {
    ctx.response().putHeader("Content-Type", "application/json").end(json.toString());
  }
}
