package io.infergate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The write statements of one table, prepared once per database connection instead of on every
 * write: SQLite compiles a statement each time it is prepared, which cost as much CPU as the write
 * itself on the registry's write path, and the pool (HikariCP) keeps no statements. They are
 * prepared on the pool's underlying connection, so returning it to the pool does not close them;
 * they live as long as that connection, and a connection the pool has closed is forgotten.
 *
 * <p>A connection is used by one thread at a time (the one that borrowed it), so its statements are too.
 */
final class PreparedStatements {

  private final Map<Connection, Map<String, PreparedStatement>> byConnection = new ConcurrentHashMap<>();

  /** {@code sql} prepared on the connection under {@code pooled}: not to be closed by the caller. */
  PreparedStatement prepare(Connection pooled, String sql) throws SQLException {
    Connection connection = pooled.unwrap(Connection.class);
    Map<String, PreparedStatement> statements = byConnection.get(connection);
    if (statements == null) {
      forgetClosedConnections();
      statements = new HashMap<>();
      byConnection.put(connection, statements);
    }
    PreparedStatement statement = statements.get(sql);
    if (statement == null || statement.isClosed()) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    return statement;
  }

  /** How many connections have statements here: for tests. */
  int connections() {
    return byConnection.size();
  }

  private void forgetClosedConnections() {
    byConnection.keySet().removeIf(PreparedStatements::isClosed);
  }

  private static boolean isClosed(Connection connection) {
    try {
      return connection.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }
}
