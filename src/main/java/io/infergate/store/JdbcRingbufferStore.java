package io.infergate.store;

import com.hazelcast.ringbuffer.RingbufferStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Writes a Hazelcast ringbuffer (an event log) through to one table (sequence, body, stored_at),
 * so that its sequence goes on after a full-cluster restart (Hazelcast starts a ringbuffer after
 * {@link #getLargestSequence()}) and events older than what the ringbuffer holds in memory are
 * read back from the table. Hazelcast calls it on the partition thread of the ringbuffer's owner
 * before an append returns; a failure fails the append. {@link #prune} bounds the table.
 *
 * Only events our gateways signed are written ({@link ItemIntegrity}): an append of anything else,
 * by a member that joined with the cluster's name alone, fails on the owner and reaches no row. Rows
 * written before events were signed are signed as they are loaded.
 */
public final class JdbcRingbufferStore implements RingbufferStore<String> {

  /** What the store knows of the items' signatures, given by the boot (this package knows no key). */
  public interface ItemIntegrity {

    /** Whether the item to store at {@code sequence} was signed by one of our gateways; a refusal is reported. */
    boolean accepts(long sequence, String item);

    /** A loaded row as Hazelcast gets it: one written before events were signed, signed now. */
    String loaded(String row);
  }

  /** Rows one load reads ahead: Hazelcast loads a page of events one sequence at a time. */
  static final int READ_AHEAD = 1_000;

  private final JdbcTable table;
  // Built once: each append looks its prepared statement up by this text.
  private final String upsert;
  private final Clock clock;
  private final ItemIntegrity integrity;
  private volatile ReadAhead readAhead = new ReadAhead(0, -1, Map.of());

  /** @param afterCommit runs after each committed write, before Hazelcast hears of it: a sync to disk */
  public JdbcRingbufferStore(DataSource dataSource, String table, Runnable afterCommit, Clock clock,
      ItemIntegrity integrity) {
    this(dataSource, table, afterCommit, clock, integrity, StoreMeters.NONE);
  }

  /** @param meters where its writes are timed */
  public JdbcRingbufferStore(DataSource dataSource, String table, Runnable afterCommit, Clock clock,
      ItemIntegrity integrity, StoreMeters meters) {
    this.table = new JdbcTable(dataSource, table, afterCommit, meters.writes(table));
    this.upsert = "INSERT INTO " + table + " (sequence, body, stored_at) VALUES (?, ?, ?) "
        + "ON CONFLICT (sequence) DO UPDATE SET body = excluded.body, stored_at = excluded.stored_at";
    this.clock = clock;
    this.integrity = integrity;
  }

  public void createTable() {
    table.create("sequence BIGINT PRIMARY KEY, body TEXT NOT NULL, stored_at BIGINT NOT NULL");
  }

  /**
   * An upsert: after the owner crashed between storing an event and its backup taking it,
   * Hazelcast retries the append on the new owner, at the same sequence.
   */
  @Override
  public void store(long sequence, String event) {
    requireSigned(sequence, event);
    long now = clock.millis();
    table.update(upsert, statement -> {
      statement.setLong(1, sequence);
      statement.setString(2, event);
      statement.setLong(3, now);
    });
  }

  @Override
  public void storeAll(long firstSequence, String[] events) {
    for (int i = 0; i < events.length; i++) {
      requireSigned(firstSequence + i, events[i]);
    }
    long now = clock.millis();
    table.batch(upsert, statement -> {
      for (int i = 0; i < events.length; i++) {
        statement.setLong(1, firstSequence + i);
        statement.setString(2, events[i]);
        statement.setLong(3, now);
        statement.addBatch();
      }
    });
  }

  private void requireSigned(long sequence, String event) {
    if (!integrity.accepts(sequence, event)) {
      throw new SecurityException("refused to store an event at sequence [" + sequence + "] of [" + table.name()
          + "]: it is not signed by a gateway of this cluster");
    }
  }

  /** The event at {@code sequence}, or null when the table has none (pruned, or never stored). */
  @Override
  public String load(long sequence) {
    ReadAhead rows = readAhead;
    if (!rows.covers(sequence)) {
      rows = readFrom(sequence);
      readAhead = rows;
    }
    return rows.events().get(sequence);
  }

  private ReadAhead readFrom(long sequence) {
    return table.query("SELECT sequence, body FROM " + table.name() + " WHERE sequence >= ? ORDER BY sequence LIMIT "
        + READ_AHEAD, statement -> statement.setLong(1, sequence), rows -> {
          Map<Long, String> events = new HashMap<>();
          long last = sequence;
          while (rows.next()) {
            last = rows.getLong(1);
            events.put(last, integrity.loaded(rows.getString(2)));
          }
          return new ReadAhead(sequence, last, events);
        });
  }

  /** The newest stored sequence, or -1 when the table is empty. */
  @Override
  public long getLargestSequence() {
    return bound("MAX");
  }

  /** The oldest stored sequence, or -1 when the table is empty. */
  public long oldestSequence() {
    return bound("MIN");
  }

  private long bound(String function) {
    return sequence("SELECT " + function + "(sequence) FROM " + table.name(), statement -> { });
  }

  /** The sequence a query selects, or -1 for none. */
  private long sequence(String sql, JdbcTable.Parameters parameters) {
    return table.query(sql, parameters, rows -> {
      rows.next();
      long sequence = rows.getLong(1);
      return rows.wasNull() ? -1 : sequence;
    });
  }

  /**
   * Deletes the events beyond retention: all but the newest {@code count}, and those stored more
   * than {@code age} ago, but never the newest, whose sequence a restart goes on from. Returns how
   * many rows went.
   */
  public int prune(int count, Duration age) {
    long newest = getLargestSequence();
    if (newest < 0) {
      return 0;
    }
    // Found first with a read, so that the delete holds the write lock only for a range of the key.
    long agedOut = sequence("SELECT MAX(sequence) FROM " + table.name() + " WHERE stored_at < ?",
        statement -> statement.setLong(1, clock.millis() - age.toMillis()));
    long below = Math.max(newest - count + 1, Math.min(agedOut + 1, newest));
    return table.update("DELETE FROM " + table.name() + " WHERE sequence < ?", statement -> statement.setLong(1, below));
  }

  /** Rows read in one query: every stored event from {@code from} to {@code to}; a sequence in between and not here has none. */
  private record ReadAhead(long from, long to, Map<Long, String> events) {
    boolean covers(long sequence) {
      return sequence >= from && sequence <= to;
    }
  }
}
