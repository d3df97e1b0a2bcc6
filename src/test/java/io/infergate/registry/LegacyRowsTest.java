package io.infergate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Endpoints;
import io.infergate.testing.EventRecorder;
import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by the gateway before the registry served several document kinds needs no
 * migration: the endpoints keep their table and their row format, and a node started on it serves
 * them, their references, their deletions and a revision counter that resumes above its ceiling.
 */
class LegacyRowsTest {

  @TempDir
  Path conf;

  @Test
  void aNodeServesTheRowsOfThePreviousVersion() throws Exception {
    JsonObject store = TestCluster.sqliteStore(conf);
    Path file = Path.of(store.getString("sqlite_path"));
    Files.createDirectories(file.getParent());
    try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + file);
         Statement sql = sqlite.createStatement()) {
      sql.execute("CREATE TABLE infergate_endpoints (id VARCHAR(512) PRIMARY KEY, body TEXT NOT NULL)");
      sql.execute("CREATE TABLE infergate_meta (id VARCHAR(512) PRIMARY KEY, body TEXT NOT NULL)");
      sql.execute("INSERT INTO infergate_endpoints VALUES ('old-elser', '{\"inference_id\":\"old-elser\","
          + "\"task_type\":\"sparse_embedding\",\"service\":\"hugging_face\",\"service_settings\":{\"url\":"
          + "\"https://hf.example/models/elser\"},\"secret_settings\":{\"api_key\":\"" + Endpoints.HF_SECRET + "\"},"
          + "\"revision\":7,\"written_by\":\"m1\",\"references\":[{\"holder\":\"search\",\"since\":5}]}')");
      sql.execute("INSERT INTO infergate_endpoints VALUES ('old-gone', '{\"inference_id\":\"old-gone\","
          + "\"task_type\":\"sparse_embedding\",\"service\":\"hugging_face\",\"revision\":8,"
          + "\"deleted_at\":" + System.currentTimeMillis() + ",\"written_by\":\"m1\"}')");
      sql.execute("INSERT INTO infergate_meta VALUES ('revision', '1000')");
    }

    try (TestCluster cluster = TestCluster.start(1, conf, 1, store);
         EventRecorder events = EventRecorder.subscribe(cluster.node(0))) {
      HttpApi admin = cluster.http(0).as(TestUsers.ADMIN);
      JsonObject endpoint = admin.get("/_inference/old-elser").json().getJsonArray("endpoints").getJsonObject(0);
      assertThat(endpoint.getJsonObject("service_settings").getString("url")).isEqualTo("https://hf.example/models/elser");
      assertThat(endpoint.encode()).doesNotContain(Endpoints.HF_SECRET);
      assertThat(admin.get("/_inference/old-elser/_references").json().getJsonArray("references").getJsonObject(0)
          .getString("holder")).isEqualTo("search");
      assertThat(admin.delete("/_inference/old-elser").status()).as("a referenced endpoint without force").isEqualTo(409);
      assertThat(admin.get("/_inference/old-gone").status()).isEqualTo(404);

      assertThat(admin.put("/_inference/sparse_embedding/old-gone", Endpoints.huggingFace()).status()).isEqualTo(200);
      long revision = events.awaitCount(EventRecorder.of("created", "old-gone"), 1).get(0).getLong("revision");
      assertThat(revision).as("a revision above the stored ceiling").isGreaterThan(1000);
    }
  }
}
