package io.infergate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store's file: its settings, its sync, and a writer that waits for another's lock. */
class SqliteFileTest {

  @TempDir
  Path dir;

  @Test
  void commitsAreWrittenToTheLogWithoutASyncOfTheirOwn() throws SQLException {
    SqliteFile file = new SqliteFile(dir.resolve("nested/registry.db"));
    try (Connection connection = file.getConnection(); Statement statement = connection.createStatement()) {
      assertThat(single(statement, "PRAGMA journal_mode")).isEqualTo("wal");
      // 1 = NORMAL: a commit is in the log (it survives a process crash) and is synced by
      // syncCommitted (request durability) or the next checkpoint, never inside SQLite's lock.
      assertThat(single(statement, "PRAGMA synchronous")).isEqualTo("1");
      // Commits never checkpoint: SqliteCheckpointer does, off the write path.
      assertThat(single(statement, "PRAGMA wal_autocheckpoint")).isEqualTo("0");
    }
    assertThat(dir.resolve("nested/registry.db")).exists();
  }

  @Test
  void theDirectoryAndFilesAreTheOwnersOnlyAndDeletedContentIsOverwritten() throws Exception {
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    SqliteFile file = new SqliteFile(dir.resolve("data/registry.db"));
    try (Connection connection = file.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
      statement.execute("INSERT INTO t VALUES (1, 'x')");
      assertThat(single(statement, "PRAGMA secure_delete")).isEqualTo("1");
      assertThat(permissions(dir.resolve("data"))).isEqualTo("rwx------");
      for (String name : List.of("registry.db", "registry.db-wal", "registry.db-shm")) {
        assertThat(permissions(dir.resolve("data").resolve(name))).as(name).isEqualTo("rw-------");
      }
    }
  }

  @Test
  void anExistingDatabaseFileIsMadeTheOwnersOnly() throws Exception {
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    Path database = Files.createFile(dir.resolve("old.db"));
    Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));
    SqliteFile file = new SqliteFile(database);
    try (Connection connection = file.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
    }
    assertThat(permissions(database)).isEqualTo("rw-------");
  }

  private static String permissions(Path path) throws java.io.IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void syncCommittedSyncsTheLogOrTheDatabaseFileWhenTheLogIsGone() throws SQLException {
    SqliteFile file = new SqliteFile(dir.resolve("registry.db"));
    try (Connection connection = file.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
      statement.execute("INSERT INTO t VALUES (1)");
      assertThat(dir.resolve("registry.db-wal")).exists();
      file.syncCommitted();
    }
    // The last connection closed: SQLite checkpointed the log and removed it.
    assertThat(dir.resolve("registry.db-wal")).doesNotExist();
    file.syncCommitted();
  }

  @Test
  void aSyncThatCannotReachTheFileFails() {
    SqliteFile file = new SqliteFile(dir.resolve("never-opened.db"));
    assertThatThrownBy(file::syncCommitted).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("never-opened.db");
  }

  @Test
  void aWriteWaitsForTheLockThatAnotherConnectionHolds() throws Exception {
    SqliteFile file = new SqliteFile(dir.resolve("registry.db"));
    try (Connection holder = file.getConnection(); Connection waiter = file.getConnection()) {
      try (Statement statement = holder.createStatement()) {
        statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
      }
      holder.setAutoCommit(false);
      try (Statement statement = holder.createStatement()) {
        statement.execute("INSERT INTO t VALUES (1)");
      }
      CountDownLatch writing = new CountDownLatch(1);
      CompletableFuture<Integer> waited = CompletableFuture.supplyAsync(() -> {
        writing.countDown();
        try (Statement statement = waiter.createStatement()) {
          return statement.executeUpdate("INSERT INTO t VALUES (2)");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      writing.await();
      // Another node's open write holds the waiter up; it must wait, not fail with SQLITE_BUSY.
      assertThat(waited).isNotDone();
      holder.commit();
      assertThat(waited.get(10, TimeUnit.SECONDS)).isEqualTo(1);
      try (Statement statement = waiter.createStatement()) {
        assertThat(single(statement, "SELECT count(*) FROM t")).isEqualTo("2");
      }
    }
  }

  private static String single(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
