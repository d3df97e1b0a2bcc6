package io.infergate.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.spi.merge.MergingEntry;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The split-brain merge of the endpoints map against a real SQLite store: the store's row decides,
 * whatever either side of the split holds.
 */
class StoreWinsMergePolicyTest {

  @TempDir
  Path dir;

  private HikariDataSource dataSource;
  private JdbcMapStore<String> rows;
  private final StoreWinsMergePolicy policy = new StoreWinsMergePolicy("infergate_endpoints");

  @BeforeEach
  void openStore() {
    HikariConfig hikari = new HikariConfig();
    hikari.setDataSource(new SqliteFile(dir.resolve("registry.db")));
    dataSource = new HikariDataSource(hikari);
    rows = new JdbcMapStore<>(dataSource, "infergate_endpoints", Function.identity(), Function.identity());
    rows.createTable();
    policy.useRows(rows);
  }

  @AfterEach
  void closeStore() {
    dataSource.close();
  }

  @Test
  void anEndpointDeletedAndPurgedWhileTheOtherSideWasCutOffStaysGone() {
    // The larger side deleted it and purged the tombstone (and its row); the cut-off side still
    // holds the endpoint live.
    assertThat(policy.merge(entry("gone", "{\"live\":1}"), null)).isNull();
  }

  @Test
  void theLargerSidesValueStaysWhenTheStoreAgrees() {
    rows.store("kept", "{\"revision\":7}");
    Object merged = policy.merge(entry("kept", "{\"revision\":3}"), entry("kept", "{\"revision\":7}"));
    assertThat(merged).isEqualTo("raw:{\"revision\":7}");
  }

  @Test
  void theStoresRowWinsOverBothSides() {
    rows.store("newer", "{\"revision\":9}");
    assertThat(policy.merge(entry("newer", "{\"revision\":3}"), entry("newer", "{\"revision\":7}")))
        .isEqualTo("{\"revision\":9}");
    assertThat(policy.merge(entry("newer", "{\"revision\":9}"), entry("newer", "{\"revision\":7}")))
        .isEqualTo("raw:{\"revision\":9}");
  }

  @Test
  void anEntryOnlyTheCutOffSideHoldsComesBackFromItsRow() {
    rows.store("only-there", "{\"revision\":4}");
    assertThat(policy.merge(entry("only-there", "{\"revision\":4}"), null)).isEqualTo("raw:{\"revision\":4}");
  }

  private static MergingEntry<String, String> entry(String key, String value) {
    return new MergingEntry<>() {
      @Override
      public String getKey() {
        return key;
      }

      @Override
      public Object getRawKey() {
        return "raw:" + key;
      }

      @Override
      public String getValue() {
        return value;
      }

      @Override
      public Object getRawValue() {
        return "raw:" + value;
      }
    };
  }
}
