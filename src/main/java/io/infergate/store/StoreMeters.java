package io.infergate.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The store's meters: {@code infergate_store_write_seconds{table}} (one statement or batch, its
 * commit included) and {@code infergate_store_sync_seconds} (with {@code request} durability on
 * SQLite, the fdatasync of the log after each commit), both histograms. {@link #NONE} meters nothing.
 */
public final class StoreMeters {

  public static final StoreMeters NONE = new StoreMeters(null);

  private final MeterRegistry registry;

  public StoreMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The write timer of a table, or null for {@link #NONE}. */
  Timer writes(String table) {
    return registry == null ? null : Timer.builder("infergate.store.write").tag("table", table)
        .description("A write to the durable store: one statement or batch, committed").register(registry);
  }

  /** {@code sync}, timed. */
  Runnable timed(Runnable sync) {
    if (registry == null) {
      return sync;
    }
    Timer timer = Timer.builder("infergate.store.sync").description("A sync of the store's log to disk after a commit")
        .register(registry);
    return () -> {
      long started = System.nanoTime();
      sync.run();
      timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    };
  }

  static void record(Timer timer, long startedNanos) {
    if (timer != null) {
      timer.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
  }
}
