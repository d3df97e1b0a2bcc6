package io.infergate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The map store's hook after a commit, which request durability uses to sync the SQLite log: it
 * runs once for every committed write, after the commit, and never for a write that failed.
 */
class JdbcMapStoreTest {

  @TempDir
  Path dir;

  private final AtomicInteger syncs = new AtomicInteger();
  private SqliteFile file;
  private JdbcMapStore<String> rows;

  @BeforeEach
  void createTable() {
    file = new SqliteFile(dir.resolve("registry.db"));
    rows = new JdbcMapStore<>(file, "rows", Function.identity(), Function.identity(), this::syncAfterCommit);
    rows.createTable();
  }

  /** Counts the syncs and runs the real one. */
  private void syncAfterCommit() {
    syncs.incrementAndGet();
    file.syncCommitted();
  }

  @Test
  void everyCommittedWriteIsFollowedByOneSync() {
    rows.store("a", "1");
    assertThat(syncs).hasValue(1);
    assertThat(new JdbcMapStore<>(file, "rows", Function.identity(), Function.identity()).load("a"))
        .as("committed, so another store on the same file reads it").isEqualTo("1");
    rows.storeAll(Map.of("b", "2", "c", "3"));
    assertThat(syncs).hasValue(2);
    rows.delete("a");
    rows.deleteAll(List.of("b", "c"));
    assertThat(syncs).hasValue(4);
    assertThat(rows.loadAllKeys()).isEmpty();
  }

  @Test
  void aFailedWriteIsNotSynced() {
    JdbcMapStore<String> missingTable =
        new JdbcMapStore<>(file, "no_such_table", Function.identity(), Function.identity(), this::syncAfterCommit);
    assertThatThrownBy(() -> missingTable.store("a", "1")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot write to no_such_table");
    assertThatThrownBy(() -> missingTable.storeAll(Map.of("a", "1"))).isInstanceOf(IllegalStateException.class);
    assertThat(syncs).hasValue(0);
  }
}
