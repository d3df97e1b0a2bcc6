package io.infergate.bus;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.jackson.JacksonCodec;

/**
 * JSON from outside (HTTP bodies, bridge frames) as Elasticsearch reads it: a key named twice in
 * one object is refused ("Duplicate field"), where Vert.x alone keeps the last value, so
 * {@code {"service":"x","service":"openai"}} would be read as something the client may not have meant.
 */
public final class StrictJson {

  private static final String DUPLICATE = "Duplicate field";

  private StrictJson() {
  }

  /** Vert.x's own decoding, one pass, with Jackson's duplicate detection on; fails with a {@link DecodeException}. */
  public static Object decode(Buffer json) {
    JsonParser parser = JacksonCodec.createParser(json);
    parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    return JacksonCodec.fromParser(parser, Object.class);
  }

  /** {@code [line:column] Duplicate field 'name'} when the failure is a key named twice; null for any other. */
  public static String duplicateKey(DecodeException failure) {
    if (failure.getCause() instanceof JsonParseException parse && parse.getOriginalMessage().startsWith(DUPLICATE)) {
      return "[" + parse.getLocation().getLineNr() + ":" + parse.getLocation().getColumnNr() + "] "
          + parse.getOriginalMessage();
    }
    return null;
  }

  /** The parser's own words on one line, without Vert.x's prefix: what is wrong and at which line and column. */
  public static String parserMessage(DecodeException failure) {
    String message = String.valueOf(failure.getMessage()).replaceFirst("^Failed to decode:\\s*", "");
    return message.replaceAll("\\s+", " ").trim();
  }
}
