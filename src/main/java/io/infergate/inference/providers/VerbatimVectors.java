package io.infergate.inference.providers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Reads OpenAI's embeddings response ({@code {"data":[{"index":0,"embedding":[...]}, ...]}}) in one
 * pass of Jackson's tokenizer, keeping each embedding's array as the provider wrote it once every
 * element is checked to be a number: no number is converted, the gateway passes the text on.
 */
final class VerbatimVectors {

  private static final JsonFactory FACTORY = new JsonFactory();

  private VerbatimVectors() {
  }

  /**
   * {@code data[].embedding} in {@code index} order; exactly {@code expected} of them.
   *
   * @param tokens told {@code usage.total_tokens} when the response has it
   */
  static List<String> openAi(Buffer body, int expected, LongConsumer tokens) {
    byte[] bytes = body.getBytes();
    String[] ordered = new String[expected];
    int found = 0;
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      require(parser.nextToken() == JsonToken.START_OBJECT, "the response to be an object");
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("usage") && value == JsonToken.START_OBJECT) {
          readUsage(parser, tokens);
          continue;
        }
        if (!field.equals("data")) {
          parser.skipChildren();
          continue;
        }
        require(value == JsonToken.START_ARRAY, "data to be an array");
        while (parser.nextToken() == JsonToken.START_OBJECT) {
          found++;
          require(found <= expected, "expected " + expected + " embeddings");
          readEntry(parser, bytes, ordered);
        }
      }
      require(parser.currentToken() == JsonToken.END_OBJECT && parser.nextToken() == null, "one JSON object");
    } catch (IOException e) {
      throw new UnreadableResponse("the response is not JSON");
    }
    require(found == expected, "expected " + expected + " embeddings, got " + found);
    return Arrays.asList(ordered);
  }

  private static void readUsage(JsonParser parser, LongConsumer tokens) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("total_tokens") && value == JsonToken.VALUE_NUMBER_INT) {
        tokens.accept(parser.getLongValue());
      } else {
        parser.skipChildren();
      }
    }
  }

  private static void readEntry(JsonParser parser, byte[] bytes, String[] ordered) throws IOException {
    int index = -1;
    String embedding = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("index")) {
        require(value == JsonToken.VALUE_NUMBER_INT, "data[].index to be an integer");
        index = parser.getIntValue();
      } else if (field.equals("embedding")) {
        require(value == JsonToken.START_ARRAY, "data[].embedding to be an array");
        embedding = numbers(parser, bytes);
      } else {
        parser.skipChildren();
      }
    }
    require(index >= 0 && index < ordered.length, "data[].index to be an index below " + ordered.length);
    require(embedding != null, "data[].embedding");
    require(ordered[index] == null, "each data[].index once");
    ordered[index] = embedding;
  }

  /** The array the parser is at, as written, after checking that it holds numbers only. */
  private static String numbers(JsonParser parser, byte[] bytes) throws IOException {
    int start = (int) parser.currentTokenLocation().getByteOffset();
    int count = 0;
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      require(token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT,
          "data[].embedding values to be numbers");
      count++;
    }
    require(count > 0, "data[].embedding to have values");
    int end = (int) parser.currentLocation().getByteOffset();
    return new String(bytes, start, end - start, StandardCharsets.US_ASCII);
  }

  private static void require(boolean condition, String expectation) {
    if (!condition) {
      throw new UnreadableResponse("expected " + expectation);
    }
  }
}
