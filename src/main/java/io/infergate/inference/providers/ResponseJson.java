package io.infergate.inference.providers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.util.List;

/** Strict reads of a provider's JSON: anything off the documented shape is an {@link UnreadableResponse}. */
final class ResponseJson {

  /** Embeddings are hundreds of numbers per text: Jackson's fast parser reads them at a fraction of the JDK's cost. */
  private static final JsonFactory FAST_NUMBERS = JsonFactory.builder()
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .build();

  private ResponseJson() {
  }

  /** The body as a JsonObject or JsonArray. */
  static Object parse(Buffer body) {
    try (JsonParser parser = FAST_NUMBERS.createParser(body.getBytes())) {
      Object value = JacksonCodec.fromParser(parser, Object.class);
      if (value instanceof JsonObject || value instanceof JsonArray) {
        return value;
      }
    } catch (DecodeException | IOException e) {
      // falls through to the same failure as a body that is not JSON at all
    }
    throw new UnreadableResponse("the response is not JSON");
  }

  static JsonObject object(Object value, String what) {
    if (value instanceof JsonObject object) {
      return object;
    }
    throw new UnreadableResponse("expected " + what + " to be an object");
  }

  static JsonArray array(Object value, String what) {
    if (value instanceof JsonArray array) {
      return array;
    }
    throw new UnreadableResponse("expected " + what + " to be an array");
  }

  static String string(Object value, String what) {
    if (value instanceof String string) {
      return string;
    }
    throw new UnreadableResponse("expected " + what + " to be a string");
  }

  static float number(Object value, String what) {
    if (value instanceof Number number) {
      return number.floatValue();
    }
    throw new UnreadableResponse("expected " + what + " to be a number");
  }

  static int index(Object value, int bound, String what) {
    if (value instanceof Number number && number.doubleValue() == number.intValue()
        && number.intValue() >= 0 && number.intValue() < bound) {
      return number.intValue();
    }
    throw new UnreadableResponse("expected " + what + " to be an index below " + bound);
  }

  static float[] vector(Object value, String what) {
    JsonArray values = array(value, what);
    float[] vector = new float[values.size()];
    String valuesWhat = what + " values";
    for (int i = 0; i < vector.length; i++) {
      vector[i] = number(values.getValue(i), valuesWhat);
    }
    return vector;
  }

  static <T> List<T> expectCount(List<T> results, int expected, String what) {
    if (results.size() != expected) {
      throw new UnreadableResponse("expected " + expected + " " + what + ", got " + results.size());
    }
    return results;
  }
}
