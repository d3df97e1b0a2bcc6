package io.infergate.logs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Logger;

/**
 * Where a node's log goes and how it looks: the console (a node in the foreground), or a
 * size-rotated file ({@code logging.file}, for nodes in the background) that then replaces the
 * console handler; plain lines or ECS JSON lines ({@code logging.format}).
 */
public final class NodeLogs {

  private NodeLogs() {
  }

  /**
   * The format of the root logger's handlers (the console's, or the file's): {@code plain} leaves
   * the one-line format of the logging configuration, {@code json} writes {@link EcsJsonFormatter}'s
   * lines naming this node and cluster.
   */
  public static void format(String format, String nodeName, String clusterName) {
    switch (format) {
      case "plain" -> {
      }
      case "json" -> {
        EcsJsonFormatter json = new EcsJsonFormatter(nodeName, clusterName);
        for (Handler handler : Logger.getLogger("").getHandlers()) {
          handler.setFormatter(json);
        }
      }
      default -> throw new IllegalArgumentException("logging.format must be [plain] or [json], got [" + format + "]");
    }
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
