package io.infergate.http;

import io.vertx.core.http.HttpClosedException;

/**
 * Failures a client causes while its request is still arriving: a body whose framing the HTTP
 * decoder rejects (a chunk size that is not hex, a chunk without its CRLF), or a connection the
 * client closed. They are the client's error, not the node's: a 400 where an answer can still be
 * sent, and a line at FINE, never a WARNING with a stack trace that any client could repeat.
 */
final class ClientFailures {

  private ClientFailures() {
  }

  static boolean isClosedConnection(Throwable failure) {
    return failure instanceof HttpClosedException;
  }

  /** Thrown by the HTTP decoder itself, whatever the exception type (Netty uses plain NumberFormatException too). */
  static boolean isBadFraming(Throwable failure) {
    if (failure == null) {
      return false;
    }
    StackTraceElement[] frames = failure.getStackTrace();
    return frames.length > 0 && frames[0].getClassName().startsWith("io.netty.handler.codec.");
  }
}
