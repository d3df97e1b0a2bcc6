package io.infergate.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Conditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints move committed writes from the write-ahead log into the database file, on their own
 * thread. A copy of the database file alone (without its log) shows what a checkpoint has moved.
 */
class SqliteCheckpointerTest {

  @TempDir
  Path dir;

  @Test
  void writesReachTheDatabaseFileWithinTheInterval() throws Exception {
    SqliteFile file = new SqliteFile(dir.resolve("registry.db"));
    try (Connection writer = file.getConnection(); Statement statement = writer.createStatement()) {
      statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
      statement.execute("INSERT INTO t VALUES (1)");
      // Commits do not checkpoint: without the checkpointer the row stays in the log only.
      assertThat(rowsInTheDatabaseFileAlone()).isEqualTo(-1);

      try (SqliteCheckpointer checkpointer = SqliteCheckpointer.start(file, Duration.ofMillis(20))) {
        Conditions.await(Duration.ofSeconds(10), "the row in the database file",
            () -> rowsInTheDatabaseFileAlone() == 1);
        statement.execute("INSERT INTO t VALUES (2)");
        Conditions.await(Duration.ofSeconds(10), "the second row in the database file",
            () -> rowsInTheDatabaseFileAlone() == 2);
      }
    }
  }

  @Test
  void closingCheckpointsWhatIsLeft() throws Exception {
    SqliteFile file = new SqliteFile(dir.resolve("registry.db"));
    try (Connection writer = file.getConnection(); Statement statement = writer.createStatement()) {
      SqliteCheckpointer checkpointer = SqliteCheckpointer.start(file, Duration.ofHours(1));
      statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
      statement.execute("INSERT INTO t VALUES (1)");
      assertThat(rowsInTheDatabaseFileAlone()).isEqualTo(-1);
      checkpointer.close();
      assertThat(rowsInTheDatabaseFileAlone()).isEqualTo(1);
    }
  }

  @Test
  void aCheckpointReportsWhatItCouldNotMove() throws Exception {
    SqliteFile file = new SqliteFile(dir.resolve("registry.db"));
    try (Connection writer = file.getConnection(); Statement statement = writer.createStatement();
         Connection reader = file.getConnection();
         SqliteCheckpointer checkpointer = SqliteCheckpointer.start(file, Duration.ofHours(1))) {
      statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
      assertThat(checkpointer.checkpoint()).isZero();
      // An open read transaction pins its snapshot: frames written after it stay in the log.
      reader.setAutoCommit(false);
      try (Statement read = reader.createStatement(); ResultSet rows = read.executeQuery("SELECT count(*) FROM t")) {
        rows.next();
        statement.execute("INSERT INTO t VALUES (1)");
        assertThat(checkpointer.checkpoint()).isPositive();
      }
      reader.commit();
      assertThat(checkpointer.checkpoint()).isZero();
    }
  }

  /** The rows of t in a copy of the database file without its log; -1 when the table is not there yet. */
  private long rowsInTheDatabaseFileAlone() {
    try {
      Path copy = Files.createTempFile(dir, "copy", ".db");
      Files.copy(dir.resolve("registry.db"), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + copy);
           Statement statement = connection.createStatement();
           ResultSet tables = statement.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 't'")) {
        tables.next();
        if (tables.getInt(1) == 0) {
          return -1;
        }
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM t")) {
          rows.next();
          return rows.getLong(1);
        }
      } finally {
        Files.deleteIfExists(copy);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
