package io.infergate.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.infergate.testing.Conditions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Write statements prepared once per pooled connection, through the pool the store uses. */
class PreparedStatementsTest {

  @TempDir
  Path dir;

  private HikariDataSource pool;

  @BeforeEach
  void openPool() {
    HikariConfig config = new HikariConfig();
    config.setDataSource(new SqliteFile(dir.resolve("registry.db")));
    config.setMaximumPoolSize(1);
    pool = new HikariDataSource(config);
  }

  @AfterEach
  void closePool() {
    pool.close();
  }

  @Test
  void aStatementIsPreparedOncePerConnectionAndOutlivesItsReturnToThePool() throws Exception {
    PreparedStatements statements = new PreparedStatements();
    PreparedStatement first = selectOne(statements, false);
    try (Connection connection = pool.getConnection()) {
      PreparedStatement again = statements.prepare(connection, "SELECT 1");
      assertThat(again).isSameAs(first);
      assertThat(again.isClosed()).isFalse();
      assertThat(statements.prepare(connection, "SELECT 2")).isNotSameAs(first);
    }
  }

  @Test
  void aConnectionThePoolClosedIsForgottenAndItsStatementsNotReused() throws Exception {
    PreparedStatements statements = new PreparedStatements();
    PreparedStatement first = selectOne(statements, true);
    // The pool closes an evicted connection on its own thread.
    Conditions.await(Duration.ofSeconds(10), "the evicted connection closed", () -> isClosed(first));
    try (Connection connection = pool.getConnection()) {
      PreparedStatement again = statements.prepare(connection, "SELECT 1");
      assertThat(again).isNotSameAs(first);
      assertThat(again.isClosed()).isFalse();
    }
    assertThat(statements.connections()).as("only the open connection is remembered").isEqualTo(1);
  }

  /** "SELECT 1" prepared on a pooled connection, which is then returned, or evicted from the pool. */
  private PreparedStatement selectOne(PreparedStatements statements, boolean evict) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      PreparedStatement statement = statements.prepare(connection, "SELECT 1");
      if (evict) {
        pool.evictConnection(connection);
      }
      return statement;
    }
  }

  private static boolean isClosed(PreparedStatement statement) {
    try {
      return statement.getConnection().isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  @Test
  void reusedStatementsWriteWhatEachCallGives() {
    JdbcMapStore<String> rows = new JdbcMapStore<>(pool, "rows", Function.identity(), Function.identity());
    rows.createTable();
    for (int i = 0; i < 100; i++) {
      rows.store("a", "v" + i);
      rows.store("b" + i, "w" + i);
    }
    rows.delete("b7");
    assertThat(rows.load("a")).isEqualTo("v99");
    assertThat(rows.loadAll(List.of("b6", "b7", "b8"))).isEqualTo(Map.of("b6", "w6", "b8", "w8"));
  }
}
