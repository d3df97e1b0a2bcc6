package io.infergate.store;

import com.hazelcast.map.MapStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

  private final DataSource dataSource;
  private final String table;
  private final Function<V, String> encode;
  private final Function<String, V> decode;
  private final Runnable afterCommit;

  public JdbcMapStore(DataSource dataSource, String table, Function<V, String> encode,
      Function<String, V> decode) {
    this(dataSource, table, encode, decode, () -> { });
  }

  /** @param afterCommit runs after each committed write, before Hazelcast hears of it: a sync to disk */
  public JdbcMapStore(DataSource dataSource, String table, Function<V, String> encode,
      Function<String, V> decode, Runnable afterCommit) {
    this.dataSource = dataSource;
    this.table = table;
    this.encode = encode;
    this.decode = decode;
    this.afterCommit = afterCommit;
  }

  public void createTable() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "CREATE TABLE IF NOT EXISTS " + table + " (id VARCHAR(512) PRIMARY KEY, body TEXT NOT NULL)")) {
      statement.execute();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create table " + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void store(String key, V value) {
    single(upsert(), key, encode.apply(value));
  }

  @Override
  public void storeAll(Map<String, V> entries) {
    update(upsert(), statement -> {
      for (Map.Entry<String, V> entry : entries.entrySet()) {
        statement.setString(1, entry.getKey());
        statement.setString(2, encode.apply(entry.getValue()));
        statement.addBatch();
      }
    });
  }

  /** The same statement in SQLite (3.24 and later) and PostgreSQL. */
  private String upsert() {
    return "INSERT INTO " + table + " (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body";
  }

  @Override
  public void delete(String key) {
    single("DELETE FROM " + table + " WHERE id = ?", key, null);
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    update("DELETE FROM " + table + " WHERE id = ?", statement -> {
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
    Map<String, V> loaded = new HashMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement("SELECT body FROM " + table + " WHERE id = ?")) {
      for (String key : keys) {
        statement.setString(1, key);
        try (ResultSet rows = statement.executeQuery()) {
          if (rows.next()) {
            loaded.put(key, decode.apply(rows.getString(1)));
          }
        }
      }
      return loaded;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot load from " + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Iterable<String> loadAllKeys() {
    List<String> keys = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement("SELECT id FROM " + table);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        keys.add(rows.getString(1));
      }
      return keys;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list the keys of " + table + ": " + e.getMessage(), e);
    }
  }

  /**
   * One statement in auto-commit: a single round trip to the database on the write path of every
   * registry change, where a transaction would add three (begin, commit, and the pool's reset).
   */
  private void single(String sql, String key, String body) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, key);
      if (body != null) {
        statement.setString(2, body);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write to " + table + ": " + e.getMessage(), e);
    }
    afterCommit.run();
  }

  private void update(String sql, StatementFiller filler) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        filler.fill(statement);
        statement.executeBatch();
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write to " + table + ": " + e.getMessage(), e);
    }
    afterCommit.run();
  }

  @FunctionalInterface
  private interface StatementFiller {
    void fill(PreparedStatement statement) throws SQLException;
  }
}
