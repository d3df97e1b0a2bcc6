package io.infergate.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Copies the SQLite write-ahead log into the database file on its own thread, at a fixed interval,
 * so that no write waits for it. SQLite would otherwise checkpoint inside a committing write about
 * every thousand pages, adding two syncs to that write, and a sync on a cloud disk now and then
 * takes hundreds of milliseconds. A checkpoint first syncs the log: with {@code async} durability it
 * is what puts the acknowledged writes on disk.
 */
final class SqliteCheckpointer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SqliteCheckpointer.class.getName());
  /**
   * SQLite starts the log over only when a write finds all of it checkpointed, which under a steady
   * stream of writes never happens: a passive checkpoint does not stop them, and the log grew past
   * 50 MB in a benchmark. Past this many frames (about 16 MB) the checkpoint holds writes back for
   * the moment it takes to finish, and the next write starts the log over.
   */
  static final long RESTART_FRAMES = 4_096;

  private final Connection connection;
  private final ScheduledExecutorService thread;
  private boolean failing;

  private SqliteCheckpointer(Connection connection) {
    this.connection = connection;
    this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread checkpointer = new Thread(runnable, "infergate-sqlite-checkpoint");
      checkpointer.setDaemon(true);
      return checkpointer;
    });
  }

  static SqliteCheckpointer start(SqliteFile file, Duration interval) {
    try {
      SqliteCheckpointer checkpointer = new SqliteCheckpointer(file.getConnection());
      long millis = Math.max(1, interval.toMillis());
      checkpointer.thread.scheduleWithFixedDelay(checkpointer::checkpointLogged, millis, millis, TimeUnit.MILLISECONDS);
      return checkpointer;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the SQLite store for checkpoints: " + e.getMessage(), e);
    }
  }

  /** One checkpoint now; returns the frames still in the log and not yet in the database file. */
  long checkpoint() throws SQLException {
    long[] passive = run("PASSIVE");
    if (passive[0] >= RESTART_FRAMES) {
      passive = run("RESTART");
    }
    return passive[0] - passive[1];
  }

  private long[] run(String mode) throws SQLException {
    try (Statement statement = connection.createStatement();
         ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
      result.next();
      // (busy, frames in the log, frames checkpointed); -1 when the file is not in WAL mode
      return new long[] {result.getLong(2), result.getLong(3)};
    }
  }

  private void checkpointLogged() {
    try {
      checkpoint();
      if (failing) {
        failing = false;
        LOG.info("SQLite checkpoints succeed again");
      }
    } catch (SQLException | RuntimeException e) {
      if (!failing) {
        failing = true;
        LOG.log(Level.WARNING, "SQLite checkpoint failed; the write-ahead log grows until one succeeds", e);
      }
    }
  }

  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
      // A last checkpoint: with async durability, writes acknowledged since the previous one are synced now.
      checkpoint();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "last SQLite checkpoint failed", e);
    } finally {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.log(Level.FINE, "closing the checkpoint connection", e);
      }
    }
  }
}
