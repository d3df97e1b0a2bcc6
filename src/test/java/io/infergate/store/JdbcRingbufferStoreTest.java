package io.infergate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infergate.testing.TestPostgres;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The event log's table: what a restart resumes from, what a read below the ringbuffer's memory
 * loads, and pruning to retention; on SQLite, and on PostgreSQL when INFERGATE_TEST_POSTGRES_URL
 * names a server (CI starts one).
 */
class JdbcRingbufferStoreTest {

  @TempDir
  java.nio.file.Path dir;

  private final AtomicInteger commits = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final MovableClock clock = new MovableClock();
  private final AtomicInteger refusals = new AtomicInteger();
  /** Stands for the gateways' signatures (EventIntegrity, tested with real nodes in SignedEventsTest). */
  private final JdbcRingbufferStore.ItemIntegrity integrity = new JdbcRingbufferStore.ItemIntegrity() {
    @Override
    public boolean accepts(long sequence, String item) {
      boolean signed = item != null && item.startsWith(SIGNED);
      if (!signed) {
        refusals.incrementAndGet();
      }
      return signed;
    }

    @Override
    public String loaded(String row) {
      return row.startsWith(SIGNED) ? row : SIGNED + row;
    }
  };
  private static final String SIGNED = "signed ";
  private DurableStore postgres;
  private DataSource database;
  private String table;

  @AfterEach
  void dropTable() throws SQLException {
    if (postgres != null) {
      try (Connection connection = postgres.dataSource().getConnection();
           Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE IF EXISTS " + table);
      }
      postgres.close();
    }
  }

  /** A new table on the database, counting commits (the syncs of request durability) and connections. */
  private JdbcRingbufferStore events(String type) {
    if (type.equals("sqlite")) {
      database = new SqliteFile(dir.resolve("events.db"));
      table = "events";
    } else {
      postgres = DurableStore.open(new StoreSettings("postgresql", null, TestPostgres.url(), TestPostgres.user(),
          TestPostgres.password(), 2, StoreSettings.Durability.REQUEST, Duration.ofSeconds(1)));
      database = postgres.dataSource();
      // The database outlives the test: a table of its own keeps runs apart.
      table = "events_test_" + Long.toHexString(System.nanoTime());
    }
    JdbcRingbufferStore events = new JdbcRingbufferStore(new Counting(database), table, commits::incrementAndGet, clock,
        integrity);
    events.createTable();
    connections.set(0);
    return events;
  }

  /** The same table as another node's store sees it: nothing read ahead yet. */
  private JdbcRingbufferStore anotherNode() {
    return new JdbcRingbufferStore(database, table, () -> { }, clock, integrity);
  }

  private static void storeRange(JdbcRingbufferStore events, int from, int to) {
    IntStream.range(from, to).forEach(sequence -> events.store(sequence, event(sequence)));
  }

  private static String event(long sequence) {
    return SIGNED + unsigned(sequence);
  }

  private static String unsigned(long sequence) {
    return "{\"type\":\"deleted\",\"n\":" + sequence + "}";
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void anEmptyTableStartsTheLogAtZero(String type) {
    JdbcRingbufferStore events = events(type);
    assertThat(events.getLargestSequence()).isEqualTo(-1);
    assertThat(events.oldestSequence()).isEqualTo(-1);
    assertThat(events.load(0)).isNull();
    assertThat(events.prune(10, Duration.ofHours(1))).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void everyStoredEventIsCommittedOnceAndReadBack(String type) {
    JdbcRingbufferStore events = events(type);
    storeRange(events, 0, 5);
    events.storeAll(5, new String[] {event(5), event(6)});

    assertThat(commits).hasValue(6);
    assertThat(events.getLargestSequence()).isEqualTo(6);
    assertThat(events.oldestSequence()).isZero();
    JdbcRingbufferStore restarted = anotherNode();
    assertThat(IntStream.rangeClosed(0, 6).mapToObj(restarted::load).toList())
        .containsExactlyElementsOf(IntStream.rangeClosed(0, 6).mapToObj(JdbcRingbufferStoreTest::event).toList());
    assertThat(restarted.load(7)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void anAppendRetriedAtTheSameSequenceReplacesTheRow(String type) {
    JdbcRingbufferStore events = events(type);
    events.store(0, SIGNED + "{\"first\":true}");
    events.store(0, event(0));
    assertThat(anotherNode().load(0)).isEqualTo(event(0));
    assertThat(events.getLargestSequence()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aPageOfLoadsIsOneQuery(String type) {
    JdbcRingbufferStore events = events(type);
    events.storeAll(0, IntStream.range(0, 2_500).mapToObj(JdbcRingbufferStoreTest::event).toArray(String[]::new));
    connections.set(0);

    for (int sequence = 100; sequence < 1_100; sequence++) {
      assertThat(events.load(sequence)).isEqualTo(event(sequence));
    }
    assertThat(connections).as("Hazelcast loads one sequence at a time; the table is read once").hasValue(1);
    assertThat(events.load(1_100)).isEqualTo(event(1_100));
    assertThat(connections).hasValue(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void pruningKeepsTheNewestCountOfEvents(String type) {
    JdbcRingbufferStore events = events(type);
    storeRange(events, 0, 20);

    assertThat(events.prune(5, Duration.ofHours(1))).isEqualTo(15);
    assertThat(events.oldestSequence()).isEqualTo(15);
    assertThat(events.getLargestSequence()).isEqualTo(19);
    assertThat(anotherNode().load(14)).isNull();
    assertThat(events.prune(5, Duration.ofHours(1))).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void pruningDropsEventsOlderThanTheAgeButNeverTheNewest(String type) {
    JdbcRingbufferStore events = events(type);
    storeRange(events, 0, 10);
    clock.advance(Duration.ofMinutes(90));
    storeRange(events, 10, 13);

    assertThat(events.prune(1_000, Duration.ofHours(1))).isEqualTo(10);
    assertThat(events.oldestSequence()).isEqualTo(10);

    clock.advance(Duration.ofHours(2));
    assertThat(events.prune(1_000, Duration.ofHours(1))).isEqualTo(2);
    assertThat(events.oldestSequence()).as("the newest row carries the sequence a restart goes on from").isEqualTo(12);
    assertThat(events.getLargestSequence()).isEqualTo(12);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void anUnsignedEventIsRefusedAndNothingOfItsBatchIsWritten(String type) {
    JdbcRingbufferStore events = events(type);
    storeRange(events, 0, 2);
    commits.set(0);
    assertThatThrownBy(() -> events.store(2, unsigned(2))).isInstanceOf(SecurityException.class)
        .hasMessageContaining("sequence [2]").hasMessageNotContaining("deleted");
    assertThatThrownBy(() -> events.storeAll(2, new String[] {event(2), unsigned(3)}))
        .isInstanceOf(SecurityException.class).hasMessageContaining("sequence [3]");
    assertThatThrownBy(() -> events.store(2, null)).isInstanceOf(SecurityException.class);
    assertThat(refusals).hasValue(3);
    assertThat(commits).hasValue(0);
    assertThat(events.getLargestSequence()).isEqualTo(1);
    assertThat(anotherNode().load(2)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void rowsWrittenBeforeEventsWereSignedAreSignedAsTheyLoad(String type) throws SQLException {
    JdbcRingbufferStore events = events(type);
    try (Connection connection = database.getConnection();
         Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO " + table + " (sequence, body, stored_at) VALUES (0, '" + unsigned(0)
          + "', 0), (1, '" + unsigned(1) + "', 0)");
    }
    events.store(2, event(2));
    JdbcRingbufferStore restarted = anotherNode();
    assertThat(IntStream.rangeClosed(0, 2).mapToObj(restarted::load).toList())
        .containsExactly(event(0), event(1), event(2));
    assertThat(refusals).hasValue(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aFailedWriteIsNotCommitted(String type) {
    events(type);
    JdbcRingbufferStore missing = new JdbcRingbufferStore(database, "no_such_table", commits::incrementAndGet, clock,
        integrity);
    assertThatThrownBy(() -> missing.store(0, event(0))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot write to no_such_table");
    assertThatThrownBy(() -> missing.storeAll(0, new String[] {event(0)})).isInstanceOf(IllegalStateException.class);
    assertThat(commits).hasValue(0);
  }

  /** A clock the test moves forward. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** The database as it is, counting the connections taken from it. */
  private final class Counting implements DataSource {
    private final DataSource database;

    Counting(DataSource database) {
      this.database = database;
    }

    @Override
    public Connection getConnection() throws SQLException {
      connections.incrementAndGet();
      return database.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      connections.incrementAndGet();
      return database.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return database.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      database.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      database.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return database.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return database.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      return database.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return database.isWrapperFor(type);
    }
  }
}
