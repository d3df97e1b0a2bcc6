package io.infergate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With registry.min_cluster_size 2, a node alone refuses reads and writes (503) and serves once it has company. */
class MinClusterSizeTest {

  @TempDir
  Path conf;

  @Test
  void aNodeBelowTheMinimumRefusesThenServesOnceJoined() {
    try (TestCluster cluster = TestCluster.create(2, conf, 2, TestCluster.sqliteStore(conf))) {
      cluster.startNode(0);
      HttpApi alone = cluster.http(0).as(TestUsers.ADMIN);

      Response read = alone.get("/_inference");
      assertThat(read.status()).isEqualTo(503);
      assertThat(read.errorType()).isEqualTo("cluster_block_exception");
      assertThat(read.errorReason()).isEqualTo("this node sees 1 of the 2 gateway nodes it needs "
          + "(registry.min_cluster_size); it refuses reads and writes until it rejoins the cluster");
      assertThat(alone.put("/_inference/sparse_embedding/blocked", Endpoints.huggingFace()).status()).isEqualTo(503);
      assertThat(alone.delete("/_inference/blocked").status()).isEqualTo(503);
      Response perform = alone.post("/_inference/blocked", new JsonObject().put("input", "a"));
      assertThat(perform.status()).isEqualTo(503);
      assertThat(perform.errorType()).isEqualTo("cluster_block_exception");
      Response health = alone.get("/_cluster/health");
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.json().getString("status")).isEqualTo("red");
      // Waiting for a better status than the node can reach ends at the timeout, as in Elasticsearch.
      Response waited = alone.get("/_cluster/health?wait_for_status=yellow&timeout=300ms");
      assertThat(waited.status()).isEqualTo(408);
      assertThat(waited.json().getBoolean("timed_out")).isTrue();
      assertThat(waited.json().getString("status")).isEqualTo("red");

      cluster.startNode(1);
      HttpApi second = cluster.http(1).as(TestUsers.ADMIN);
      Conditions.await(Duration.ofSeconds(30), "both nodes serve",
          () -> alone.get("/_inference").status() == 200 && second.get("/_inference").status() == 200);
      assertThat(alone.put("/_inference/sparse_embedding/together", Endpoints.huggingFace()).status()).isEqualTo(200);
      assertThat(second.get("/_inference/together").status()).isEqualTo(200);
      Response green = second.get("/_cluster/health?wait_for_status=green&timeout=30s");
      assertThat(green.status()).isEqualTo(200);
      assertThat(green.json().getString("status")).isEqualTo("green");
      assertThat(green.json().getBoolean("timed_out")).isFalse();

      cluster.stopNode(1);
      Conditions.await(Duration.ofSeconds(30), "the node left alone refuses again",
          () -> alone.get("/_inference/together").status() == 503);
    }
  }
}
