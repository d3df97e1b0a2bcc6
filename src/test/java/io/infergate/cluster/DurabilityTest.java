package io.infergate.cluster;

import static io.infergate.http.InferenceApiTestSupport.assertNotFound;
import static io.infergate.http.InferenceApiTestSupport.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.EventRecorder;
import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestPostgres;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full-cluster stop and start keeps every acknowledged endpoint and every acknowledged delete,
 * and revisions keep growing across it: with the embedded SQLite file, and with PostgreSQL when
 * INFERGATE_TEST_POSTGRES_URL names a server (CI starts one).
 */
class DurabilityTest {

  @TempDir
  Path conf;

  @Test
  void sqliteKeepsTheRegistryAcrossAFullClusterRestart() {
    registrySurvivesRestart(TestCluster.sqliteStore(conf));
  }

  @Test
  void postgresqlKeepsTheRegistryAcrossAFullClusterRestart() {
    registrySurvivesRestart(TestPostgres.store());
  }

  @Test
  void everyViewIsCurrentOnceLoadedAfterARestartBeforeAnyWrite() {
    JsonObject store = TestCluster.sqliteStore(conf);
    try (TestCluster first = TestCluster.start(2, conf, 1, store)) {
      HttpApi admin = first.http(0).as(TestUsers.ADMIN);
      admin.put("/_inference/sparse_embedding/kept", Endpoints.huggingFace());
      admin.put("/_inference/sparse_embedding/gone", Endpoints.huggingFace());
      admin.delete("/_inference/gone");
    }
    try (TestCluster second = TestCluster.start(2, conf, 1, store)) {
      for (int node = 0; node < 2; node++) {
        assertEveryViewCurrent(second.http(node).as(TestUsers.READER));
      }
      // A refused write takes a revision that no document has: the views are still current.
      assertThat(second.http(0).as(TestUsers.ADMIN).delete("/_inference/never-was").status()).isEqualTo(404);
      assertEveryViewCurrent(second.http(1).as(TestUsers.READER));
    }
  }

  private static void assertEveryViewCurrent(HttpApi api) {
    Conditions.await(Duration.ofSeconds(30), "both nodes serving", () -> api.get("/_nodes").json()
        .getJsonObject("nodes").stream()
        .filter(node -> ((JsonObject) node.getValue()).getJsonObject("infergate").getBoolean("serving")).count() == 2);
    api.get("/_nodes").json().getJsonObject("nodes").forEach(entry -> assertThat(
        ((JsonObject) entry.getValue()).getJsonObject("infergate").getBoolean("view_current")).as(entry.toString())
        .isTrue());
    assertThat(new io.vertx.core.json.JsonArray(api.get("/_cat/nodes?format=json").body()).stream()
        .map(row -> ((JsonObject) row).getString("view_current")).toList()).containsExactly("true", "true");
  }

  private void registrySurvivesRestart(JsonObject store) {
    String prefix = "durable-" + Long.toHexString(System.nanoTime()) + "-";
    long deletedRevision;
    try (TestCluster first = TestCluster.start(2, conf, 1, store);
        EventRecorder events = EventRecorder.subscribe(first.node(0))) {
      HttpApi a = first.http(0).as(TestUsers.ADMIN);
      HttpApi b = first.http(1).as(TestUsers.ADMIN);
      for (String name : List.of("a", "b", "c", "d")) {
        assertThat(a.put("/_inference/sparse_embedding/" + prefix + name, Endpoints.huggingFace()).status()).isEqualTo(200);
      }
      assertThat(b.delete("/_inference/" + prefix + "b").json().getBoolean("acknowledged")).isTrue();
      assertThat(a.delete("/_inference/" + prefix + "d").json().getBoolean("acknowledged")).isTrue();
      deletedRevision = events.awaitCount(EventRecorder.of("deleted", prefix + "d"), 1).get(0).getLong("revision");
    }

    try (TestCluster second = TestCluster.start(2, conf, 1, store);
        EventRecorder events = EventRecorder.subscribe(second.node(1))) {
      for (int node = 0; node < 2; node++) {
        HttpApi api = second.http(node).as(TestUsers.READER);
        assertThat(ids(api.get("/_inference")).stream().filter(id -> id.startsWith(prefix)).toList())
            .containsExactly(prefix + "a", prefix + "c");
        assertNotFound(api.get("/_inference/" + prefix + "b"), prefix + "b");
        assertNotFound(api.get("/_inference/" + prefix + "d"), prefix + "d");
        JsonObject settings = api.get("/_inference/" + prefix + "a").json().getJsonArray("endpoints")
            .getJsonObject(0).getJsonObject("service_settings");
        assertThat(settings.getString("url")).isEqualTo("https://hf.example/models/elser");
      }
      HttpApi admin = second.http(1).as(TestUsers.ADMIN);
      assertThat(admin.put("/_inference/sparse_embedding/" + prefix + "d", Endpoints.huggingFace()).status()).isEqualTo(200);
      long recreated = events.awaitCount(EventRecorder.of("created", prefix + "d"), 1).get(0).getLong("revision");
      assertThat(recreated).isGreaterThan(deletedRevision);
    }
  }
}
