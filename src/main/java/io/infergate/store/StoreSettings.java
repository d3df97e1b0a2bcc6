package io.infergate.store;

import java.time.Duration;
import java.util.Locale;

/**
 * Where the registry is made durable: {@code sqlite} (an embedded file database; local nodes may
 * share it), {@code postgresql} (one server for nodes on several machines) or {@code memory}
 * (nothing survives a full-cluster stop: for throwaway nodes only).
 *
 * @param durability   when a write reaches the disk (see {@link Durability})
 * @param syncInterval how often the SQLite file is checkpointed, and with {@code async} synced
 */
public record StoreSettings(String type, String sqlitePath, String jdbcUrl, String username, String password,
    int poolSize, Durability durability, Duration syncInterval) {

  /** Elasticsearch's translog durability, applied to the registry's store. */
  public enum Durability {
    /** Every write is synced to disk before it is acknowledged: it survives a power loss. */
    REQUEST,
    /**
     * Every write is in the store (the OS's file cache, or PostgreSQL's WAL buffers) before it is
     * acknowledged, so it survives any process crash, including {@code kill -9} of every node;
     * it reaches the disk within about the sync interval, and a power loss or OS crash in between
     * can lose it. The disk's sync latency then stays out of the write path.
     */
    ASYNC;

    /** {@code request} or {@code async}, as the node configuration spells it. */
    public static Durability of(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  public boolean isDurable() {
    return !"memory".equals(type);
  }
}
