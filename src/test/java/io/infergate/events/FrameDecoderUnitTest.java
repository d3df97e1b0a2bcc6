package io.infergate.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Frames cut from the bytes however they arrive, and a length above the limit refused before any of its frame is kept. */
class FrameDecoderUnitTest {

  private static final int MAX = 64;

  private final List<String> frames = new ArrayList<>();
  private final List<Long> oversized = new ArrayList<>();
  private final FrameDecoder decoder = new FrameDecoder(MAX,
      frame -> frames.add(frame.toString(StandardCharsets.UTF_8)), oversized::add);

  @Test
  void framesArriveWholeWhetherSplitAnywhereOrSeveralInOneRead() {
    Buffer bytes = frame("{\"type\":\"ping\"}").appendBuffer(frame("{}")).appendBuffer(frame(""));
    for (int i = 0; i < bytes.length(); i++) {
      decoder.handle(bytes.getBuffer(i, i + 1));
    }
    decoder.handle(bytes);

    assertThat(frames).containsExactly("{\"type\":\"ping\"}", "{}", "", "{\"type\":\"ping\"}", "{}", "");
    assertThat(oversized).isEmpty();
  }

  @Test
  void aFrameOfExactlyTheLimitPassesAndOneByteMoreStopsTheDecoderFromItsLengthAlone() {
    decoder.handle(frame("x".repeat(MAX)));
    assertThat(frames).containsExactly("x".repeat(MAX));

    decoder.handle(Buffer.buffer().appendInt(MAX + 1));
    decoder.handle(frame("{}"));

    assertThat(oversized).containsExactly((long) MAX + 1);
    assertThat(frames).hasSize(1);
  }

  @Test
  void twoGibibytesDeclaredIsReadUnsignedAndRefused() {
    decoder.handle(Buffer.buffer().appendInt(Integer.MIN_VALUE).appendBytes(new byte[1024]));
    decoder.handle(Buffer.buffer().appendUnsignedInt(0xFFFF_FFFFL));

    assertThat(oversized).containsExactly(2L * 1024 * 1024 * 1024);
    assertThat(frames).isEmpty();
  }

  @Test
  void whilePausedNoFrameIsHandedOutAndTheRestWaitsInOrder() {
    AtomicReference<FrameDecoder> self = new AtomicReference<>();
    FrameDecoder pausing = new FrameDecoder(MAX, frame -> {
      frames.add(frame.toString(StandardCharsets.UTF_8));
      if (frames.size() == 1) {
        self.get().pause();
      }
    }, oversized::add);
    self.set(pausing);

    pausing.handle(frame("a").appendBuffer(frame("b")).appendBuffer(frame("c").getBuffer(0, 2)));
    assertThat(frames).containsExactly("a");
    pausing.handle(frame("c").getBuffer(2, 5).appendBuffer(frame("d")));
    assertThat(frames).containsExactly("a");

    pausing.resume();
    assertThat(frames).containsExactly("a", "b", "c", "d");
  }

  private static Buffer frame(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return Buffer.buffer().appendInt(bytes.length).appendBytes(bytes);
  }
}
