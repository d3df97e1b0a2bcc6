package io.infergate.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What one java.util.logging logger writes while this is open, as {@code "LEVEL message"} lines, at
 * {@code level} and above; the records are kept from the test run's console. Closing restores the
 * logger.
 */
public final class CapturedLog implements AutoCloseable {

  private final Logger logger;
  private final Level previousLevel;
  private final boolean previousParents;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      lines.add(record.getLevel() + " " + record.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  private CapturedLog(Logger logger, Level level) {
    this.logger = logger;
    this.previousLevel = logger.getLevel();
    this.previousParents = logger.getUseParentHandlers();
    logger.setLevel(level);
    logger.setUseParentHandlers(false);
    logger.addHandler(handler);
  }

  public static CapturedLog of(String loggerName, Level level) {
    return new CapturedLog(Logger.getLogger(loggerName), level);
  }

  /** The lines so far, oldest first. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
    logger.setUseParentHandlers(previousParents);
    logger.setLevel(previousLevel);
  }
}
