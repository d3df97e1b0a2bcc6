package io.infergate.logs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Logger;

/**
 * Where a node's log goes: the console (a node in the foreground), or a size-rotated file
 * ({@code logging.file}, for nodes in the background) that then replaces the console handler.
 */
public final class NodeLogs {

  private NodeLogs() {
  }

  /** Sends the root logger's records to {@code file}, rotated, instead of the console. */
  public static void toFile(Path file, FileRotation rotation) throws IOException {
    Logger root = Logger.getLogger("");
    RotatingLogHandler handler = new RotatingLogHandler(file, rotation);
    for (Handler existing : root.getHandlers()) {
      if (existing instanceof ConsoleHandler) {
        handler.setLevel(existing.getLevel());
        root.removeHandler(existing);
        existing.close();
      }
    }
    root.addHandler(handler);
  }
}
