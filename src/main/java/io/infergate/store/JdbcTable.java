package io.infergate.store;

import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;

/**
 * One table of the store as the Hazelcast stores use it: each statement on a pooled connection, a
 * write followed by {@code afterCommit} (with {@code request} durability, the sync to disk) before
 * it returns, and every failure an {@link IllegalStateException} naming the table, which Hazelcast
 * hands to the caller of the operation.
 */
final class JdbcTable {

  /** Sets a statement's parameters (and adds its batches). */
  @FunctionalInterface
  interface Parameters {
    void set(PreparedStatement statement) throws SQLException;
  }

  /** Reads a query's rows. */
  @FunctionalInterface
  interface Rows<T> {
    T read(ResultSet rows) throws SQLException;
  }

  /** Runs a prepared query, as many times as it needs. */
  @FunctionalInterface
  interface Reads<T> {
    T run(PreparedStatement statement) throws SQLException;
  }

  /** PostgreSQL's answers to the loser of a race to create a table: unique_violation, duplicate_table, duplicate_object. */
  private static final Set<String> LOST_CREATION_RACE = Set.of("23505", "42P07", "42710");
  private static final int MAX_CREATE_ATTEMPTS = 5;

  private final DataSource dataSource;
  private final String name;
  private final Runnable afterCommit;
  private final Timer writes;
  private final PreparedStatements writeStatements = new PreparedStatements();

  /** @param writes times each write, its commit included (not {@code afterCommit}); null: untimed */
  JdbcTable(DataSource dataSource, String name, Runnable afterCommit, Timer writes) {
    this.writes = writes;
    this.dataSource = dataSource;
    this.name = name;
    this.afterCommit = afterCommit;
  }

  String name() {
    return name;
  }

  /**
   * Creates the table unless it exists. Nodes that start together on a new PostgreSQL database race
   * to create the same tables, and there {@code IF NOT EXISTS} does not save the loser: it fails on
   * the catalog's unique index, or with "relation/type already exists". The table exists then, so
   * the loser asks again (a few times).
   */
  void create(String columns) {
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement statement = connection.prepareStatement(
              "CREATE TABLE IF NOT EXISTS " + name + " (" + columns + ")")) {
        statement.execute();
        return;
      } catch (SQLException e) {
        if (attempt >= MAX_CREATE_ATTEMPTS || !LOST_CREATION_RACE.contains(e.getSQLState())) {
          throw new IllegalStateException("cannot create table " + name + ": " + e.getMessage(), e);
        }
      }
    }
  }

  /**
   * One statement in auto-commit: a single round trip to the database on the write path of every
   * registry change, where a transaction would add three (begin, commit, and the pool's reset). The
   * statement is prepared once per connection ({@link PreparedStatements}).
   */
  int update(String sql, Parameters parameters) {
    int changed;
    long started = System.nanoTime();
    try (Connection connection = dataSource.getConnection()) {
      PreparedStatement statement = writeStatements.prepare(connection, sql);
      parameters.set(statement);
      changed = statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write to " + name + ": " + e.getMessage(), e);
    }
    StoreMeters.record(writes, started);
    afterCommit.run();
    return changed;
  }

  /** The batches {@code parameters} adds, in one transaction. */
  void batch(String sql, Parameters parameters) {
    long started = System.nanoTime();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        parameters.set(statement);
        statement.executeBatch();
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write to " + name + ": " + e.getMessage(), e);
    }
    StoreMeters.record(writes, started);
    afterCommit.run();
  }

  <T> T query(String sql, Parameters parameters, Rows<T> rows) {
    return read(sql, statement -> {
      parameters.set(statement);
      try (ResultSet result = statement.executeQuery()) {
        return rows.read(result);
      }
    });
  }

  <T> T read(String sql, Reads<T> reads) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      return reads.run(statement);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read from " + name + ": " + e.getMessage(), e);
    }
  }
}
