package io.infergate.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code request} durability syncs the SQLite log: after each registry row's commit, on the
 * thread that wrote it (a Hazelcast map store thread); never inside an event row's write, which runs
 * on a Hazelcast partition thread, but when the appender asks {@link DurableStore#committedOnDisk()}.
 */
class DurableStoreSyncTest {

  private static final JdbcRingbufferStore.ItemIntegrity ANY = new JdbcRingbufferStore.ItemIntegrity() {
    @Override
    public boolean accepts(long sequence, String item) {
      return true;
    }

    @Override
    public String loaded(String row) {
      return row;
    }
  };

  @TempDir
  Path dir;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private DurableStore open(StoreSettings.Durability durability) {
    return DurableStore.open(new StoreSettings("sqlite", dir.resolve("infergate.db").toString(), null, null, null, 2,
        durability, Duration.ofMinutes(10)), new StoreMeters(meters));
  }

  private long syncs() {
    var timer = meters.find("infergate.store.sync").timer();
    return timer == null ? 0 : timer.count();
  }

  @Test
  void requestSyncsRowsAsTheyAreWrittenAndEventsWhenTheAppenderAsks() throws Exception {
    try (DurableStore store = open(StoreSettings.Durability.REQUEST)) {
      JdbcMapStore<String> rows = store.table("rows");
      JdbcRingbufferStore events = store.eventTable("events", ANY);

      rows.store("a", "1");
      assertThat(syncs()).as("a registry row, synced before its write returns").isEqualTo(1);
      events.store(0, "deleted a");
      assertThat(syncs()).as("an event row: no sync on the partition thread").isEqualTo(1);
      store.committedOnDisk().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(syncs()).as("the appender's wait for the event row").isEqualTo(2);
      assertThat(events.load(0)).isEqualTo("deleted a");
    }
  }

  @Test
  void asyncNeverSyncsOnAWrite() throws Exception {
    try (DurableStore store = open(StoreSettings.Durability.ASYNC)) {
      store.table("rows").store("a", "1");
      store.eventTable("events", ANY).store(0, "deleted a");
      assertThat(store.committedOnDisk().toCompletableFuture().isDone()).isTrue();
      assertThat(syncs()).isZero();
    }
  }
}
