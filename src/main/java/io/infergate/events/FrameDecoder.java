package io.infergate.events;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.function.LongConsumer;

/**
 * Cuts a connection's bytes into the bridge's frames: a 4-byte big-endian length, then that many
 * bytes of JSON. The length is checked before any byte of its frame is kept: a frame declared
 * larger than the limit (read unsigned, so 2 GiB is not a negative number that slips through)
 * stops the decoder, which drops everything after it. While paused it hands out no frame, and
 * keeps the rest of what it was given for later. A connection therefore holds at most one frame
 * of the limit and the one read it came in, whatever it declares or sends.
 */
final class FrameDecoder implements Handler<Buffer> {

  private static final int LENGTH_BYTES = 4;

  private final int maxFrameBytes;
  private final Handler<Buffer> frames;
  private final LongConsumer oversized;
  private Buffer unread = Buffer.buffer();
  private int position;
  private long declared;
  private int lengthBytesRead;
  /** The frame being read, once its length is known and allowed; null while reading a length. */
  private Buffer frame;
  private boolean paused;
  private boolean decoding;
  private boolean stopped;

  /**
   * @param frames    each whole frame's JSON bytes, in order
   * @param oversized the declared length of a frame above {@code maxFrameBytes}; nothing is decoded after it
   */
  FrameDecoder(int maxFrameBytes, Handler<Buffer> frames, LongConsumer oversized) {
    this.maxFrameBytes = maxFrameBytes;
    this.frames = frames;
    this.oversized = oversized;
  }

  @Override
  public void handle(Buffer chunk) {
    if (stopped) {
      return;
    }
    unread = position < unread.length() ? unread.getBuffer(position, unread.length()).appendBuffer(chunk) : chunk;
    position = 0;
    decode();
  }

  /** No more frames until {@link #resume()}; one being handed out when this is called still completes. */
  void pause() {
    paused = true;
  }

  void resume() {
    if (paused) {
      paused = false;
      decode();
    }
  }

  /** Drops whatever was read and whatever comes next, for a connection being closed. */
  void stop() {
    stopped = true;
    unread = Buffer.buffer();
    position = 0;
    frame = null;
  }

  private void decode() {
    if (decoding) {
      return;
    }
    decoding = true;
    try {
      while (!stopped && !paused && position < unread.length()) {
        if (frame == null) {
          readLength();
        } else {
          readFrame();
        }
      }
    } finally {
      decoding = false;
    }
  }

  private void readLength() {
    while (lengthBytesRead < LENGTH_BYTES && position < unread.length()) {
      declared = declared << 8 | unread.getUnsignedByte(position++);
      lengthBytesRead++;
    }
    if (lengthBytesRead < LENGTH_BYTES) {
      return;
    }
    if (declared > maxFrameBytes) {
      stop();
      oversized.accept(declared);
      return;
    }
    frame = Buffer.buffer((int) declared);
    if (declared == 0) {
      emit();
    }
  }

  private void readFrame() {
    int wanted = (int) declared - frame.length();
    int taken = Math.min(wanted, unread.length() - position);
    frame.appendBuffer(unread, position, taken);
    position += taken;
    if (taken == wanted) {
      emit();
    }
  }

  private void emit() {
    Buffer whole = frame;
    frame = null;
    declared = 0;
    lengthBytesRead = 0;
    frames.handle(whole);
  }
}
