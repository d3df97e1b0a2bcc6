package io.infergate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
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
    String url = System.getenv("INFERGATE_TEST_POSTGRES_URL");
    Assumptions.assumeTrue(url != null && !url.isBlank(), "INFERGATE_TEST_POSTGRES_URL is not set");
    StoreSettings settings = new StoreSettings("postgresql", null, url,
        System.getenv().getOrDefault("INFERGATE_TEST_POSTGRES_USER", "infergate"),
        System.getenv().getOrDefault("INFERGATE_TEST_POSTGRES_PASSWORD", "infergate"),
        2, durability, Duration.ofSeconds(1));
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
