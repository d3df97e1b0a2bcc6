package io.infergate.inference.providers;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a server-sent event stream into the data of each event: {@code data:} lines joined up to
 * a blank line, comments and other fields skipped. OpenAI's final {@code data: [DONE]} is not data:
 * it marks the stream {@link #done()}.
 */
final class SseDecoder implements Handler<Buffer> {

  static final String DONE = "[DONE]";

  private final Handler<String> events;
  private final RecordParser lines = RecordParser.newDelimited("\n", this::line);
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private boolean done;

  SseDecoder(Handler<String> events) {
    this.events = events;
  }

  @Override
  public void handle(Buffer chunk) {
    lines.handle(chunk);
  }

  /** Dispatches an event whose closing blank line never came (the stream ended right after it). */
  void end() {
    dispatch();
  }

  boolean done() {
    return done;
  }

  private void line(Buffer raw) {
    String line = raw.toString(StandardCharsets.UTF_8);
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    if (line.isEmpty()) {
      dispatch();
    } else if (line.startsWith("data:")) {
      String value = line.substring(line.startsWith("data: ") ? 6 : 5);
      if (hasData) {
        data.append('\n');
      }
      data.append(value);
      hasData = true;
    }
  }

  private void dispatch() {
    if (!hasData || done) {
      return;
    }
    String event = data.toString();
    data.setLength(0);
    hasData = false;
    if (event.trim().equals(DONE)) {
      done = true;
    } else {
      events.handle(event);
    }
  }
}
