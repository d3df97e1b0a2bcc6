package io.infergate.store;

import com.hazelcast.map.MapStore;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Writes a Hazelcast map through to one table (id, body) of the SQLite file or the PostgreSQL
 * database, and loads it back when the cluster starts. Hazelcast calls it on its partition
 * threads; a failure propagates to the caller of the map operation, so a write the database
 * refused is never acknowledged.
 */
public final class JdbcMapStore<V> implements MapStore<String, V> {

  private final JdbcTable table;
  private final Function<V, String> encode;
  private final Function<String, V> decode;
  // Built once: each write looks its prepared statement up by this text.
  private final String upsert;
  private final String delete;

  public JdbcMapStore(DataSource dataSource, String table, Function<V, String> encode,
      Function<String, V> decode) {
    this(dataSource, table, encode, decode, () -> { });
  }

  /** @param afterCommit runs after each committed write, before Hazelcast hears of it: a sync to disk */
  public JdbcMapStore(DataSource dataSource, String table, Function<V, String> encode,
      Function<String, V> decode, Runnable afterCommit) {
    this(dataSource, table, encode, decode, afterCommit, StoreMeters.NONE);
  }

  /** @param meters where its writes are timed */
  public JdbcMapStore(DataSource dataSource, String table, Function<V, String> encode,
      Function<String, V> decode, Runnable afterCommit, StoreMeters meters) {
    this.table = new JdbcTable(dataSource, table, afterCommit, meters.writes(table));
    // The same statements in SQLite (3.24 and later) and PostgreSQL.
    this.upsert = "INSERT INTO " + table + " (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body";
    this.delete = "DELETE FROM " + table + " WHERE id = ?";
    this.encode = encode;
    this.decode = decode;
  }

  public void createTable() {
    table.create("id VARCHAR(512) PRIMARY KEY, body TEXT NOT NULL");
  }

  @Override
  public void store(String key, V value) {
    String body = encode.apply(value);
    table.update(upsert, statement -> {
      statement.setString(1, key);
      statement.setString(2, body);
    });
  }

  @Override
  public void storeAll(Map<String, V> entries) {
    table.batch(upsert, statement -> {
      for (Map.Entry<String, V> entry : entries.entrySet()) {
        statement.setString(1, entry.getKey());
        statement.setString(2, encode.apply(entry.getValue()));
        statement.addBatch();
      }
    });
  }

  @Override
  public void delete(String key) {
    table.update(delete, statement -> statement.setString(1, key));
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    table.batch(delete, statement -> {
      for (String key : keys) {
        statement.setString(1, key);
        statement.addBatch();
      }
    });
  }

  /**
   * Hazelcast asks for a key that its map misses: a new id (no row: one indexed query on its
   * create), or an entry lost with its partition when two members crashed together, which the
   * write on it then finds as it is in the store instead of missing.
   */
  @Override
  public V load(String key) {
    return loadAll(List.of(key)).get(key);
  }

  @Override
  public Map<String, V> loadAll(Collection<String> keys) {
    return table.read("SELECT body FROM " + table.name() + " WHERE id = ?", statement -> {
      Map<String, V> loaded = new HashMap<>();
      for (String key : keys) {
        statement.setString(1, key);
        try (ResultSet rows = statement.executeQuery()) {
          if (rows.next()) {
            loaded.put(key, decode.apply(rows.getString(1)));
          }
        }
      }
      return loaded;
    });
  }

  @Override
  public Iterable<String> loadAllKeys() {
    return table.query("SELECT id FROM " + table.name(), statement -> { }, rows -> {
      List<String> keys = new ArrayList<>();
      while (rows.next()) {
        keys.add(rows.getString(1));
      }
      return keys;
    });
  }
}
