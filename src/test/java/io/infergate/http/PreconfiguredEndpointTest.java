package io.infergate.http;

import static io.infergate.http.InferenceApiTestSupport.assertError;
import static io.infergate.http.InferenceApiTestSupport.assertNotFound;
import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonArray;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Endpoints preconfigured in the node configuration have reserved ids: deleting one needs force. */
class PreconfiguredEndpointTest {

  @TempDir
  Path conf;

  @Test
  void aReservedEndpointIsCreatedAtStartAndDeletedOnlyWithForce() {
    JsonArray preconfigured = new JsonArray().add(Endpoints.huggingFace()
        .put("inference_id", ".elser-default").put("task_type", "sparse_embedding"));
    try (TestCluster cluster = TestCluster.create(1, conf, 1, TestCluster.sqliteStore(conf)).preconfigured(preconfigured)) {
      cluster.startNode(0);
      HttpApi api = cluster.http(0).as(TestUsers.ADMIN);
      io.infergate.testing.Conditions.await(java.time.Duration.ofSeconds(30), "the preconfigured endpoint",
          () -> api.get("/_inference/.elser-default").status() == 200);
      assertThat(api.get("/_inference/.elser-default").body()).doesNotContain(Endpoints.HF_SECRET);

      assertError(api.delete("/_inference/.elser-default"), 400, "status_exception",
          "[.elser-default] is a reserved inference endpoint. Use the force=true query parameter to delete the "
              + "inference endpoint.");
      Response dryRun = api.delete("/_inference/.elser-default?dry_run=true");
      assertThat(dryRun.status()).isEqualTo(200);
      assertThat(dryRun.json().getBoolean("acknowledged")).isFalse();
      assertThat(api.delete("/_inference/sparse_embedding/.elser-default?force=true").json().getBoolean("acknowledged"))
          .isTrue();
      assertNotFound(api.get("/_inference/.elser-default"), ".elser-default");
    }
  }
}
