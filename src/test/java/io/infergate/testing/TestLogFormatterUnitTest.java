package io.infergate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class TestLogFormatterUnitTest {

  private final TestLogFormatter formatter = new TestLogFormatter();

  @Test
  void aSevereRefusalIsOneLine() {
    LogRecord record = record(Level.SEVERE, new IllegalStateException("operation failed",
        new SecurityException("refused to store an event at sequence [3]")));

    assertThat(formatter.format(record).lines()).singleElement().asString()
        .endsWith("| java.lang.IllegalStateException: operation failed; caused by java.lang.SecurityException: "
            + "refused to store an event at sequence [3]");
  }

  @Test
  void aStoppedMembersFailureIsOneLine() {
    LogRecord record = record(Level.SEVERE,
        new com.hazelcast.core.HazelcastInstanceNotActiveException("Hazelcast instance is not active!"));

    assertThat(formatter.format(record).lines()).hasSize(1);
  }

  @Test
  void aMemberListForARestartedMembersOldSelfIsOneLine() {
    LogRecord record = record(Level.SEVERE, new IllegalArgumentException(
        "Not applying member update because target uuid: 1f83849f is different!"));
    record.setLoggerName("com.hazelcast.internal.cluster.impl.operations.MembersUpdateOp");

    assertThat(formatter.format(record).lines()).hasSize(1);
  }

  @Test
  void anyOtherSevereFailureKeepsItsStackTrace() {
    LogRecord record = record(Level.SEVERE, new IllegalStateException("store is gone"));

    assertThat(formatter.format(record)).contains("java.lang.IllegalStateException: store is gone")
        .contains("\tat io.infergate.testing.TestLogFormatterUnitTest");
  }

  @Test
  void aWarningIsOneLine() {
    LogRecord record = record(Level.WARNING, new IllegalStateException("store is gone"));

    assertThat(formatter.format(record).lines()).hasSize(1);
  }

  private static LogRecord record(Level level, Throwable thrown) {
    LogRecord record = new LogRecord(level, "failed");
    record.setLoggerName("com.hazelcast.spi.impl.operationservice.impl.Invocation");
    record.setThrown(thrown);
    return record;
  }
}
