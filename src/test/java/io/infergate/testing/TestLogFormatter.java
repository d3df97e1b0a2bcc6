package io.infergate.testing;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The test run's log lines (src/test/resources/test-logging.properties): a failure the tests cause
 * on purpose (a dropped table, a stopped member, a forged request) is one line naming its exception
 * and causes, not forty lines of stack. A SEVERE record keeps its whole stack trace, unless what it
 * reports is one of the failures tests cause on purpose that Hazelcast and Vert.x log as SEVERE: a
 * {@link SecurityException} our own checks raise (an unsigned event offered to the store by a
 * forged member, logged by the member that ran the operation), and a stopped or killed member
 * ("Failed to leave cluster" from a Vert.x closing over a terminated Hazelcast instance, an
 * operation from a member no longer in the cluster, a member list sent to the previous member at a
 * restarted member's address). Every record keeps its stack trace with
 * {@code -Dinfergate.test.stack_traces=true} (a failing test to look into).
 */
public final class TestLogFormatter extends Formatter {

  private static final Set<String> STOPPED_MEMBER_FAILURES = Set.of(
      "com.hazelcast.core.HazelcastInstanceNotActiveException",
      "com.hazelcast.spi.exception.CallerNotMemberException");
  /** Loggers whose SEVERE records come from members the tests restart at the same address. */
  private static final Set<String> RESTARTED_MEMBER_LOGGERS = Set.of(
      "com.hazelcast.internal.cluster.impl.operations.MembersUpdateOp");

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
      if (keepsStackTrace(record, thrown)) {
        java.io.StringWriter trace = new java.io.StringWriter();
        thrown.printStackTrace(new java.io.PrintWriter(trace));
        line.append(System.lineSeparator()).append(trace.toString().stripTrailing());
      } else {
        line.append(" | ").append(summary(thrown));
      }
    }
    return line.append(System.lineSeparator()).toString();
  }

  private boolean keepsStackTrace(LogRecord record, Throwable thrown) {
    return stackTraces || record.getLevel().intValue() >= Level.SEVERE.intValue() && !isCausedOnPurpose(record, thrown);
  }

  private static boolean isCausedOnPurpose(LogRecord record, Throwable thrown) {
    return RESTARTED_MEMBER_LOGGERS.contains(record.getLoggerName()) || causes(thrown).stream().anyMatch(
        t -> t instanceof SecurityException || STOPPED_MEMBER_FAILURES.contains(t.getClass().getName()));
  }

  /** The exception and its causes, one {@code Type: message} each. */
  static String summary(Throwable thrown) {
    StringBuilder summary = new StringBuilder();
    for (Throwable t : causes(thrown)) {
      if (t != thrown) {
        summary.append("; caused by ");
      }
      summary.append(t.getClass().getName());
      if (t.getMessage() != null) {
        summary.append(": ").append(t.getMessage());
      }
    }
    return summary.toString();
  }

  /** The exception and its first causes, five at most (a cycle ends the chain). */
  private static List<Throwable> causes(Throwable thrown) {
    List<Throwable> causes = new ArrayList<>(5);
    for (Throwable t = thrown; t != null && causes.size() < 5 && !causes.contains(t); t = t.getCause()) {
      causes.add(t);
    }
    return causes;
  }
}
