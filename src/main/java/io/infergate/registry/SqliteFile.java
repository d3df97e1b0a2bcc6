package io.infergate.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded default store: one SQLite file that the local nodes share, each process opening it
 * directly (no server hop). WAL journal, so readers never block the writer; with {@code request}
 * durability {@code synchronous=FULL} (a commit is on disk before the statement returns), with
 * {@code async} {@code synchronous=NORMAL} (a commit is in the log file, synced by the next
 * checkpoint). Commits never checkpoint: {@link SqliteCheckpointer} does, on its own thread.
 */
final class SqliteFile extends SQLiteDataSource {

  private static final long LOCK_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

  SqliteFile(Path file, StoreSettings.Durability durability) {
    super(config(durability));
    Path absolute = file.toAbsolutePath();
    try {
      Files.createDirectories(absolute.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of " + absolute, e);
    }
    setUrl("jdbc:sqlite:" + absolute);
  }

  private static SQLiteConfig config(StoreSettings.Durability durability) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(durability == StoreSettings.Durability.REQUEST
        ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
    config.setWalAutocheckpoint(0);
    return config;
  }

  @Override
  public SQLiteConnection getConnection(String username, String password) throws SQLException {
    SQLiteConnection connection = super.getConnection(username, password);
    BusyHandler.setHandler(connection, new ShortWaits());
    return connection;
  }

  /**
   * Waits for another process's write lock in steps of tens of microseconds. SQLite's own busy
   * timeout sleeps 1, 2, 5, 10, 15, 20... ms between tries, while a registry write holds the lock
   * for a fraction of a millisecond: under concurrent writes from several nodes those sleeps made
   * the write tail. Gives up (SQLITE_BUSY, the write fails) after 30 s.
   */
  private static final class ShortWaits extends BusyHandler {
    private long firstTry;

    @Override
    protected int callback(int previousTries) {
      long now = System.nanoTime();
      if (previousTries == 0) {
        firstTry = now;
      }
      long waited = now - firstTry;
      if (waited > LOCK_WAIT_NANOS) {
        return 0;
      }
      LockSupport.parkNanos(waited < TimeUnit.MILLISECONDS.toNanos(50) ? 20_000 : 1_000_000);
      return 1;
    }
  }
}
