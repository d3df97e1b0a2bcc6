package io.infergate.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
  /** SQLite with {@code request} durability: the sync of the log after commits; otherwise null. */
  private final GroupSync groupSync;
  private final Runnable afterCommit;
  private final StoreMeters meters;

  private DurableStore(HikariDataSource dataSource, SqliteCheckpointer checkpointer, GroupSync groupSync,
      StoreMeters meters) {
    this.meters = meters;
    this.dataSource = dataSource;
    this.checkpointer = checkpointer;
    this.groupSync = groupSync;
    this.afterCommit = groupSync == null ? () -> { } : groupSync::await;
  }

  public static DurableStore open(StoreSettings store) {
    return open(store, StoreMeters.NONE);
  }

  /** The store, its writes and syncs timed on {@code meters}. */
  public static DurableStore open(StoreSettings store, StoreMeters meters) {
    if (!store.isDurable()) {
      LOG.info("registry store: memory; nothing survives a full-cluster stop");
      return new DurableStore(null, null, null, meters);
    }
    LOG.info(() -> "registry store: " + describe(store));
    SqliteFile sqlite = "sqlite".equals(store.type()) ? new SqliteFile(Path.of(store.sqlitePath())) : null;
    HikariDataSource dataSource = dataSource(store, sqlite);
    GroupSync groupSync = null;
    try {
      // With request durability a write returns once it is on disk: PostgreSQL commits so by
      // itself; the SQLite log is synced after commits, outside SQLite's lock, one sync for the
      // commits that wait together.
      if (sqlite != null && store.durability() == StoreSettings.Durability.REQUEST) {
        groupSync = new GroupSync(meters.timed(sqlite::syncCommitted), "infergate-sqlite-sync");
      }
      return new DurableStore(dataSource,
          sqlite == null ? null : SqliteCheckpointer.start(sqlite, store.syncInterval()), groupSync, meters);
    } catch (RuntimeException e) {
      if (groupSync != null) {
        groupSync.close();
      }
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
   * that writes only the items {@code integrity} accepts. Its commits are not synced where they are
   * made, on the Hazelcast partition thread of the log's owner, which a sync would hold from every
   * other operation of its partitions: whoever appends waits for {@link #committedOnDisk()} instead.
   */
  public JdbcRingbufferStore eventTable(String name, JdbcRingbufferStore.ItemIntegrity integrity) {
    requireDurable();
    JdbcRingbufferStore events = new JdbcRingbufferStore(dataSource, name, () -> { }, Clock.systemUTC(), integrity,
        meters);
    events.createTable();
    return events;
  }

  /**
   * Completes once every commit to the store made before the call is on disk: with SQLite and
   * {@code request} durability after a sync of the log, which the nodes sharing the file share too
   * (a commit another local node made is synced with it); at once otherwise, where a commit is as
   * durable as it gets when it returns. Completes on the sync thread or the caller's.
   */
  public CompletionStage<Void> committedOnDisk() {
    return groupSync == null ? CompletableFuture.completedFuture(null) : groupSync.request();
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
    if (groupSync != null) {
      groupSync.close();
    }
    if (checkpointer != null) {
      checkpointer.close();
    }
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
