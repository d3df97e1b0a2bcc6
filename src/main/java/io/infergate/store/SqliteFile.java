package io.infergate.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded default store: one SQLite file that the local nodes share, each process opening it
 * directly (no server hop). WAL journal, so readers never block the writer, and
 * {@code synchronous=NORMAL}: a commit is written to the log file (it survives a crash of the
 * process) without a sync. With {@code request} durability the store then calls
 * {@link #syncCommitted()} before it answers; with {@code async} the next checkpoint syncs it.
 * Commits never checkpoint: {@link SqliteCheckpointer} does, on its own thread.
 *
 * <p>The directory is created 0700 and the files are 0600 (SQLite gives its log and shared-memory
 * files the database file's mode). {@code secure_delete} overwrites deleted content with zeros, so
 * a deleted endpoint's (sealed) secret is gone from the database file once a checkpoint has copied
 * the page there, and from the log when its frames are reused.
 */
final class SqliteFile extends SQLiteDataSource {

  private static final long LOCK_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final Path database;
  private final Path log;
  private volatile boolean filesPrivate;

  SqliteFile(Path file) {
    super(config());
    Path absolute = file.toAbsolutePath();
    this.database = absolute;
    this.log = absolute.resolveSibling(absolute.getFileName() + "-wal");
    PrivateFiles.directory(absolute.getParent());
    setUrl("jdbc:sqlite:" + absolute);
  }

  private static SQLiteConfig config() {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setWalAutocheckpoint(0);
    config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
    // No statement reads generated keys; the driver would otherwise query them after every insert.
    config.setGetGeneratedKeys(false);
    return config;
  }

  /**
   * Puts every commit written so far on disk: an fdatasync of the log file. SQLite's own
   * {@code synchronous=FULL} syncs inside its write lock, which the nodes sharing the file all
   * queue on, and with fsync, which also commits the file system's journal: on a slow disk every
   * writer of every node then waited for each sync in turn. Synced here, after the lock is
   * released, concurrent writers' syncs overlap and the file system merges them. The frames are in
   * the log before this is called, and the log is only reused after a checkpoint has copied them
   * into the database file and synced it, so no commit falls between the two.
   */
  void syncCommitted() {
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
      channel.force(false);
    } catch (NoSuchFileException noLog) {
      // The last connection to close checkpointed the log into the database file and removed it.
      forceDatabase();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync " + log, e);
    }
  }

  private void forceDatabase() {
    try (FileChannel channel = FileChannel.open(database, StandardOpenOption.READ)) {
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync " + database, e);
    }
  }

  @Override
  public SQLiteConnection getConnection(String username, String password) throws SQLException {
    if (!filesPrivate) {
      makeFilesPrivate();
    }
    SQLiteConnection connection = super.getConnection(username, password);
    BusyHandler.setHandler(connection, new ShortWaits());
    return connection;
  }

  /** Before the first connection, so that SQLite opens (and copies the mode of) a file that is 0600 already. */
  private synchronized void makeFilesPrivate() {
    PrivateFiles.file(database);
    PrivateFiles.ifExists(log);
    PrivateFiles.ifExists(database.resolveSibling(database.getFileName() + "-shm"));
    filesPrivate = true;
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
