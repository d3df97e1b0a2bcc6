package io.infergate.registry;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Configures the registry's Hazelcast structures before the cluster starts: the maps, with
 * synchronous backups (none for the revision counter, which the durable store restores) and
 * write-through to the durable store (loaded eagerly at start, and deciding the endpoints'
 * split-brain merge: StoreWinsMergePolicy), and the event log's
 * retention. The minimum cluster size is enforced by the registry itself (ClusterGate), which
 * also keeps a cut-off node from reading.
 * {@link #close()} releases the database pool.
 */
public final class RegistryStorage implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RegistryStorage.class.getName());

  private final HikariDataSource dataSource;
  private final SqliteCheckpointer checkpointer;

  private RegistryStorage(HikariDataSource dataSource, SqliteCheckpointer checkpointer) {
    this.dataSource = dataSource;
    this.checkpointer = checkpointer;
  }

  public static RegistryStorage configure(Config config, StoreSettings store, EventRetention retention) {
    config.getRingbufferConfig(EventLog.NAME)
        .setBackupCount(1)
        .setCapacity(retention.count())
        .setTimeToLiveSeconds((int) Math.min(Integer.MAX_VALUE, retention.age().toSeconds()));
    MapConfig endpoints = config.getMapConfig(EndpointStore.ENDPOINTS_MAP).setBackupCount(Math.max(1,
        config.getMapConfig(EndpointStore.ENDPOINTS_MAP).getBackupCount()));
    // A durable store keeps the counter's ceiling, written before any revision above it is handed
    // out: a member that crashes with the counter loses nothing, since the next owner loads it from
    // the store and resumes above every revision given. A backup would only put one more member and
    // message on the path of every write. The memory store has nothing to reload it from.
    MapConfig meta = config.getMapConfig(EndpointStore.META_MAP)
        .setBackupCount(store.isDurable() ? 0 : endpoints.getBackupCount());
    if (!store.isDurable()) {
      LOG.info("registry store: memory; nothing survives a full-cluster stop");
      return new RegistryStorage(null, null);
    }
    LOG.info(() -> "registry store: " + describe(store));
    SqliteFile sqlite = "sqlite".equals(store.type())
        ? new SqliteFile(Path.of(store.sqlitePath())) : null;
    HikariDataSource dataSource = dataSource(store, sqlite);
    try {
      // With request durability a write returns once it is on disk: PostgreSQL commits so by
      // itself; the SQLite log is synced after each commit, outside SQLite's lock.
      Runnable afterCommit = sqlite != null && store.durability() == StoreSettings.Durability.REQUEST
          ? sqlite::syncCommitted : () -> { };
      JdbcMapStore<String> endpointRows = new JdbcMapStore<>(dataSource, "infergate_endpoints",
          Function.identity(), Function.identity(), afterCommit);
      JdbcMapStore<Long> metaRows = new JdbcMapStore<>(dataSource, "infergate_meta",
          String::valueOf, Long::valueOf, afterCommit);
      endpointRows.createTable();
      metaRows.createTable();
      endpoints.setMapStoreConfig(writeThrough(endpointRows));
      endpoints.getMergePolicyConfig().setPolicy(StoreWinsMergePolicy.class.getName());
      config.getUserContext().put(StoreWinsMergePolicy.STORE, endpointRows);
      meta.setMapStoreConfig(writeThrough(new RevisionCeilingStore(metaRows)));
      return new RegistryStorage(dataSource,
          sqlite == null ? null : SqliteCheckpointer.start(sqlite, store.syncInterval()));
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
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

  private static MapStoreConfig writeThrough(Object implementation) {
    return new MapStoreConfig()
        .setEnabled(true)
        .setImplementation(implementation)
        .setWriteDelaySeconds(0)
        .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER);
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
