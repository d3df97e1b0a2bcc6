package io.infergate.testing;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The test run's log lines (src/test/resources/test-logging.properties): a failure the tests cause
 * on purpose (a dropped table, a stopped member, a forged request) is one line naming its exception
 * and causes, not forty lines of stack. A SEVERE record keeps its whole stack trace, unless what it
 * reports is a {@link SecurityException}: a refusal our own checks raise (an unsigned event offered
 * to the store by a forged member), which Hazelcast logs as SEVERE on the member that ran the
 * operation although the refusal is the intended outcome. Every record keeps its stack trace with
 * {@code -Dinfergate.test.stack_traces=true} (a failing test to look into).
 */
public final class TestLogFormatter extends Formatter {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private final boolean stackTraces = Boolean.getBoolean("infergate.test.stack_traces");

  @Override
  public String format(LogRecord record) {
    StringBuilder line = new StringBuilder(160)
        .append(TIME.format(LocalTime.ofInstant(record.getInstant(), ZoneId.systemDefault())))
        .append(' ').append(String.format("%-7s", record.getLevel().getName()))
        .append(" [").append(record.getLoggerName()).append("] ")
        .append(formatMessage(record));
    Throwable thrown = record.getThrown();
    if (thrown != null) {
      if (stackTraces || record.getLevel().intValue() >= Level.SEVERE.intValue() && !isRefusal(thrown)) {
        java.io.StringWriter trace = new java.io.StringWriter();
        thrown.printStackTrace(new java.io.PrintWriter(trace));
        line.append(System.lineSeparator()).append(trace.toString().stripTrailing());
      } else {
        line.append(" | ").append(summary(thrown));
      }
    }
    return line.append(System.lineSeparator()).toString();
  }

  private static boolean isRefusal(Throwable thrown) {
    int depth = 0;
    for (Throwable t = thrown; t != null && depth < 5; t = t.getCause() == t ? null : t.getCause(), depth++) {
      if (t instanceof SecurityException) {
        return true;
      }
    }
    return false;
  }

  /** The exception and its causes, one {@code Type: message} each. */
  static String summary(Throwable thrown) {
    StringBuilder summary = new StringBuilder();
    int depth = 0;
    for (Throwable t = thrown; t != null && depth < 5; t = t.getCause() == t ? null : t.getCause(), depth++) {
      if (depth > 0) {
        summary.append("; caused by ");
      }
      summary.append(t.getClass().getName());
      if (t.getMessage() != null) {
        summary.append(": ").append(t.getMessage());
      }
    }
    return summary.toString();
  }
}
