package io.infergate.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Nodes that start together on a new PostgreSQL database create the same tables at the same moment:
 * every one of them gets its tables (PostgreSQL's {@code IF NOT EXISTS} alone fails the losers of
 * that race). Runs when INFERGATE_TEST_POSTGRES_URL names a server (CI starts one).
 */
class PostgresTableCreationTest {

  @Test
  void storesOpeningTogetherAllGetTheSameNewTables() throws Exception {
    StoreSettings settings = new StoreSettings("postgresql", null, TestPostgres.url(), TestPostgres.user(),
        TestPostgres.password(), 4, StoreSettings.Durability.REQUEST, Duration.ofSeconds(1));
    String prefix = "race_" + Long.toHexString(System.nanoTime()) + "_";
    List<String> tables = List.of(prefix + "a", prefix + "b", prefix + "c", prefix + "d", prefix + "e", prefix + "f");
    ExecutorService starters = Executors.newFixedThreadPool(4);
    List<DurableStore> stores = new ArrayList<>();
    try {
      for (int round = 0; round < 4; round++) {
        stores.add(DurableStore.open(settings));
      }
      List<Future<Void>> opened = new ArrayList<>();
      for (DurableStore store : stores) {
        Callable<Void> createAll = () -> {
          tables.forEach(store::table);
          return null;
        };
        opened.add(starters.submit(createAll));
      }
      for (Future<Void> each : opened) {
        each.get(); // a store that lost the race and failed fails the test here
      }
      try (Connection connection = stores.get(0).dataSource().getConnection();
          Statement statement = connection.createStatement()) {
        for (String table : tables) {
          try (ResultSet found = statement.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
            found.next();
            assertThat(found.getBoolean(1)).as(table).isTrue();
          }
          statement.execute("DROP TABLE " + table);
        }
      }
    } finally {
      starters.shutdownNow();
      stores.forEach(DurableStore::close);
    }
  }
}
