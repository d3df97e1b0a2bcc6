package io.infergate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 file, written with a durable commit per row, is brought back under the threshold with every row intact. */
class H2FileCompactionTest {

  @TempDir
  Path dir;

  @Test
  void aFileGrownByDurableCommitsIsCompactedWithEveryRowKept() throws Exception {
    StoreSettings settings = new StoreSettings("h2", dir.resolve("registry").toString(), "", "", "", 2);
    Path file = dir.resolve("registry.mv.db");
    try (HikariDataSource dataSource = RegistryStorage.dataSource(settings, SqlDialect.H2);
        H2FileCompaction compaction = new H2FileCompaction(dataSource)) {
      JdbcMapStore<String> rows = new JdbcMapStore<>(dataSource, SqlDialect.H2, "infergate_endpoints",
          Function.identity(), Function.identity(), false);
      rows.createTable();
      String body = "x".repeat(400);
      int written = 0;
      while (Files.size(file) < H2FileCompaction.THRESHOLD_BYTES + 1024 * 1024) {
        rows.store("id-" + (written % 50), body + written);
        written++;
      }
      long grown = Files.size(file);

      long after = compaction.compactIfLarge();

      assertThat(after).isLessThan(H2FileCompaction.THRESHOLD_BYTES).isLessThan(grown / 4);
      assertThat(Files.size(file)).isLessThan(grown / 4);
      for (int i = 0; i < 50; i++) {
        String id = "id-" + i;
        int newest = written - 1 - Math.floorMod(written - 1 - i, 50);
        assertThat(rows.load(id)).isNull(); // the registry maps never load on a miss
        assertThat(rows.loadAll(List.of(id)).get(id)).as(id).isEqualTo(body + newest);
      }
    }
    // and the compacted file opens again with the same rows
    try (HikariDataSource reopened = RegistryStorage.dataSource(settings, SqlDialect.H2)) {
      JdbcMapStore<String> rows = new JdbcMapStore<>(reopened, SqlDialect.H2, "infergate_endpoints",
          Function.identity(), Function.identity(), false);
      assertThat(rows.loadAllKeys()).hasSize(50);
    }
  }
}
