package io.infergate.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Keeps the shared H2 file from growing without bound. With WRITE_DELAY=0, which makes every
 * commit durable before the write is acknowledged, H2 writes a new chunk per commit and never
 * runs the background housekeeping that would reuse old ones: about 8 KB per registry write,
 * 820 MB after some 100,000 writes, with its chunk list growing in the memory of the node that
 * holds the file. Only the node that opened the file itself (the AUTO_SERVER host; the others
 * reach it over TCP) can compact it, so every node checks and the host acts.
 *
 * <p>H2 exposes no SQL command for compacting an open database, hence its store API: MVStore's
 * compactFile, which holds the store lock while it moves live chunks, so concurrent commits wait
 * for it (at most {@link #BUDGET_MS}) rather than interleave.
 */
final class H2FileCompaction implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(H2FileCompaction.class.getName());
  /** Above this file size it is compacted; the system property exists for fault tests. */
  static final long THRESHOLD_BYTES = Long.getLong("infergate.h2.compact_above_bytes", 32L * 1024 * 1024);
  static final int BUDGET_MS = 100;

  private final DataSource dataSource;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "infergate-h2-compaction");
    thread.setDaemon(true);
    return thread;
  });

  H2FileCompaction(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  void start(long everyMillis) {
    timer.scheduleWithFixedDelay(this::compactIfLarge, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
  }

  /** Compacts the file if this node holds it and it has passed the threshold; returns the file size after. */
  long compactIfLarge() {
    try (Connection connection = dataSource.getConnection()) {
      if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local)) {
        return -1;
      }
      MVStore store = local.getDatabase().getStore().getMvStore();
      long before = store.getFileStore().size();
      if (before < THRESHOLD_BYTES) {
        return before;
      }
      store.compactFile(BUDGET_MS);
      long after = store.getFileStore().size();
      LOG.fine(() -> "compacted the registry database file from " + before / 1024 + " KB to " + after / 1024 + " KB");
      return after;
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "compacting the registry database file failed; will retry", e);
      return -1;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
