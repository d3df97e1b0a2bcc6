package io.infergate.inference.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseDecoderUnitTest {

  private final List<String> events = new ArrayList<>();
  private final SseDecoder decoder = new SseDecoder(events::add);

  @Test
  void eventsSplitAcrossChunksAndCrlfLinesComeOutWhole() {
    decoder.handle(Buffer.buffer("data: {\"a\":"));
    decoder.handle(Buffer.buffer("1}\r\n\r\n: a comment\n\nevent: x\ndata: {\"b\":2}\n"));
    decoder.handle(Buffer.buffer("\n"));

    assertThat(events).containsExactly("{\"a\":1}", "{\"b\":2}");
    assertThat(decoder.done()).isFalse();
  }

  @Test
  void doneEndsTheStreamAndIsNotAnEvent() {
    decoder.handle(Buffer.buffer("data: {\"a\":1}\n\ndata: [DONE]\n\ndata: {\"late\":true}\n\n"));

    assertThat(events).containsExactly("{\"a\":1}");
    assertThat(decoder.done()).isTrue();
  }

  @Test
  void dataLinesOfOneEventAreJoinedAndALastEventWithoutBlankLineIsKept() {
    decoder.handle(Buffer.buffer("data:first\ndata: second\n\ndata: tail\n"));
    decoder.end();

    assertThat(events).containsExactly("first\nsecond", "tail");
  }
}
