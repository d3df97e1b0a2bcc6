package io.infergate.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * A java.util.logging handler writing formatted records to a {@link RotatingFile}. The JDK's own
 * FileHandler rotates too, but numbers the current file ({@code node-1.log.0}) and cannot keep the
 * name scripts and the README point to.
 */
public final class RotatingLogHandler extends Handler {

  private final RotatingFile file;

  public RotatingLogHandler(Path path, FileRotation rotation) throws IOException {
    this.file = new RotatingFile(path, rotation);
    setFormatter(new SimpleFormatter());
  }

  @Override
  public void publish(LogRecord record) {
    if (!isLoggable(record)) {
      return;
    }
    try {
      file.append(getFormatter().format(record).getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      reportError("cannot write the log file " + file.path(), e, ErrorManager.WRITE_FAILURE);
    }
  }

  @Override
  public void flush() {
    // Every record is written through at once.
  }

  @Override
  public void close() {
    try {
      file.close();
    } catch (IOException e) {
      reportError("cannot close the log file " + file.path(), e, ErrorManager.CLOSE_FAILURE);
    }
  }
}
