package io.infergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure inside the registry that is not the client's (here the store's table is gone) reaches
 * the client as Elasticsearch's generic 500: no SQL, table name or Hazelcast text, which stay in the
 * node's log, even with {@code ?error_trace}. Nothing is changed.
 */
class InternalErrorTest {

  @TempDir
  Path conf;

  @Test
  void aStoreFailureIsAGeneric500WithoutItsText() throws Exception {
    try (TestCluster cluster = TestCluster.start(1, conf)) {
      HttpApi admin = cluster.http(0).as(TestUsers.ADMIN);
      String file = TestCluster.sqliteStore(conf).getString("sqlite_path");
      try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + file);
           Statement sql = sqlite.createStatement()) {
        sql.execute("DROP TABLE infergate_endpoints");
      }

      HttpApi.Response response = admin.put("/_inference/sparse_embedding/unstorable", Endpoints.huggingFace());

      assertThat(response.status()).isEqualTo(500);
      assertThat(response.errorType()).isEqualTo("exception");
      assertThat(response.errorReason()).isEqualTo("internal error; see the node's log");
      assertThat(response.body()).doesNotContain("infergate_endpoints").doesNotContainIgnoringCase("sql")
          .doesNotContainIgnoringCase("hazelcast");
      assertThat(admin.get("/_inference/unstorable").status()).isEqualTo(404);

      // ?error_trace shows frames, headed by the generic reason: still no text of the failure itself.
      HttpApi.Response traced = admin.put("/_inference/sparse_embedding/unstorable?error_trace=true",
          Endpoints.huggingFace());
      assertThat(traced.status()).isEqualTo(500);
      assertThat(traced.json().getJsonObject("error").getString("stack_trace"))
          .startsWith("io.infergate.bus.EsException: internal error; see the node's log\n\tat ");
      assertThat(traced.body()).doesNotContain("infergate_endpoints").doesNotContainIgnoringCase("no such table");
    }
  }
}
