package io.infergate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import io.infergate.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With PostgreSQL, the durability is the server's commit mode on every pooled connection. Runs
 * when INFERGATE_TEST_POSTGRES_URL names a server (CI starts one).
 */
class PostgresDurabilityTest {

  @ParameterizedTest
  @CsvSource({"REQUEST, on", "ASYNC, off"})
  void everyConnectionCommitsAsTheDurabilitySays(StoreSettings.Durability durability, String synchronousCommit)
      throws Exception {
    StoreSettings settings = new StoreSettings("postgresql", null, TestPostgres.url(), TestPostgres.user(),
        TestPostgres.password(), 2, durability, Duration.ofSeconds(1));
    try (DurableStore storage = DurableStore.open(settings)) {
      for (int i = 0; i < 3; i++) {
        try (Connection connection = storage.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SHOW synchronous_commit")) {
          result.next();
          assertThat(result.getString(1)).isEqualTo(synchronousCommit);
        }
      }
    }
  }
}
