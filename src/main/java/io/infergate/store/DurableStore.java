package io.infergate.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The database behind the registry: the SQLite file or the PostgreSQL server of
 * {@link StoreSettings}, its connection pool, and (for SQLite) the checkpointer. It hands out one
 * table per replicated document kind ({@link #table}) and one per event log ({@link #eventTable}). The {@code memory} store has none of this:
 * {@link #isDurable()} is false and nothing survives a full-cluster stop. {@link #close()} releases
 * the pool after a last checkpoint.
 */
public final class DurableStore implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(DurableStore.class.getName());

  private final HikariDataSource dataSource;
  private final SqliteCheckpointer checkpointer;
  private final Runnable afterCommit;
  private final StoreMeters meters;

  private DurableStore(HikariDataSource dataSource, SqliteCheckpointer checkpointer, Runnable afterCommit,
      StoreMeters meters) {
    this.meters = meters;
    this.dataSource = dataSource;
    this.checkpointer = checkpointer;
    this.afterCommit = afterCommit;
  }

  public static DurableStore open(StoreSettings store) {
    return open(store, StoreMeters.NONE);
  }

  /** The store, its writes and syncs timed on {@code meters}. */
  public static DurableStore open(StoreSettings store, StoreMeters meters) {
    if (!store.isDurable()) {
      LOG.info("registry store: memory; nothing survives a full-cluster stop");
      return new DurableStore(null, null, () -> { }, meters);
    }
    LOG.info(() -> "registry store: " + describe(store));
    SqliteFile sqlite = "sqlite".equals(store.type()) ? new SqliteFile(Path.of(store.sqlitePath())) : null;
    HikariDataSource dataSource = dataSource(store, sqlite);
    try {
      // With request durability a write returns once it is on disk: PostgreSQL commits so by
      // itself; the SQLite log is synced after each commit, outside SQLite's lock.
      Runnable afterCommit = sqlite != null && store.durability() == StoreSettings.Durability.REQUEST
          ? meters.timed(sqlite::syncCommitted) : () -> { };
      return new DurableStore(dataSource,
          sqlite == null ? null : SqliteCheckpointer.start(sqlite, store.syncInterval()), afterCommit, meters);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  public boolean isDurable() {
    return dataSource != null;
  }

  /** The table {@code name} (created when missing), as a Hazelcast map store of text values. */
  public JdbcMapStore<String> table(String name) {
    return table(name, Function.identity(), Function.identity());
  }

  /** The table {@code name} (created when missing), with values encoded to and from its text column. */
  public <V> JdbcMapStore<V> table(String name, Function<V, String> encode, Function<String, V> decode) {
    requireDurable();
    JdbcMapStore<V> rows = new JdbcMapStore<>(dataSource, name, encode, decode, afterCommit, meters);
    rows.createTable();
    return rows;
  }

  /**
   * The table {@code name} (created when missing) of an event log, as a Hazelcast ringbuffer store
   * that writes only the items {@code integrity} accepts.
   */
  public JdbcRingbufferStore eventTable(String name, JdbcRingbufferStore.ItemIntegrity integrity) {
    requireDurable();
    JdbcRingbufferStore events = new JdbcRingbufferStore(dataSource, name, afterCommit, Clock.systemUTC(), integrity,
        meters);
    events.createTable();
    return events;
  }

  private void requireDurable() {
    if (!isDurable()) {
      throw new IllegalStateException("the memory store has no tables");
    }
  }

  /** For the log: where the store is and its durability; a JDBC URL without its query, which may hold a password. */
  private static String describe(StoreSettings store) {
    String where = "sqlite".equals(store.type())
        ? "sqlite file [" + Path.of(store.sqlitePath()).toAbsolutePath() + "], checkpointed every "
            + store.syncInterval().toMillis() + " ms"
        : "postgresql [" + store.jdbcUrl().replaceFirst("[?].*", "") + "]";
    return where + ", durability " + store.durability().name().toLowerCase(Locale.ROOT);
  }

  private static HikariDataSource dataSource(StoreSettings store, SqliteFile sqlite) {
    HikariConfig hikari = new HikariConfig();
    if (sqlite != null) {
      hikari.setDataSource(sqlite);
    } else {
      if (store.jdbcUrl() == null || store.jdbcUrl().isBlank()) {
        throw new IllegalArgumentException("store.type is postgresql but store.jdbc_url is empty");
      }
      hikari.setJdbcUrl(store.jdbcUrl());
      hikari.setUsername(store.username());
      hikari.setPassword(store.password());
      if (store.durability() == StoreSettings.Durability.ASYNC) {
        // PostgreSQL's own asynchronous commit: its WAL writer flushes within 3 x wal_writer_delay (600 ms by default).
        hikari.setConnectionInitSql("SET synchronous_commit = off");
      }
    }
    hikari.setMaximumPoolSize(Math.max(2, store.poolSize()));
    hikari.setPoolName("infergate-store");
    hikari.setInitializationFailTimeout(30_000);
    return new HikariDataSource(hikari);
  }

  /** The database pool; null with the memory store. */
  DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    if (checkpointer != null) {
      checkpointer.close();
    }
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
