package io.infergate.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.infergate.bus.EsError;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Refuses a JSON body that names a key twice in one object, as Elasticsearch does ("Duplicate
 * field"): Vert.x's decoder keeps the last value, so {@code {"service":"x","service":"openai"}}
 * would be read as something the client may not have meant.
 */
final class DuplicateKeys {

  private static final JsonFactory STRICT = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private DuplicateKeys() {
  }

  /** Scans the tokens only; other syntax errors are left to the decoder that reports them. */
  static void refuse(Buffer body) {
    try (JsonParser parser = STRICT.createParser(body.getBytes())) {
      while (parser.nextToken() != null) {
        // every token once: the parser fails on a key seen twice in the same object
      }
    } catch (JsonParseException e) {
      if (e.getOriginalMessage().startsWith("Duplicate field")) {
        throw HttpFailure.of(EsError.badRequest("x_content_parse_exception", "[" + e.getLocation().getLineNr() + ":"
            + e.getLocation().getColumnNr() + "] " + e.getOriginalMessage()));
      }
    } catch (IOException otherSyntaxError) {
      // reported by the decoder with its own message
    }
  }
}
