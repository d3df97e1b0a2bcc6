package io.infergate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/watch-deletions} with the cluster's keystore answers the gateways' challenges: the cluster stays writable. */
class WatchDeletionsAttestationTest {

  @TempDir
  Path conf;

  @Test
  void theWatcherIsAttestedAndTheClusterStaysGreenAndWritable() throws Exception {
    try (TestCluster cluster = TestCluster.start(1, conf)) {
      HttpApi api = cluster.http(0).as(TestUsers.ELASTIC);
      Path config = conf.resolve("watcher.json");
      Files.writeString(config, cluster.nodeSettings(0).encode());
      WatchDeletions watcher = new WatchDeletions();
      watcher.config = config;
      watcher.keystore = Path.of(cluster.nodeSettings(0).getJsonObject("keystore").getString("path"));
      watcher.stateFile = conf.resolve("watcher.sequence");
      watcher.seconds = 8L;
      CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
        try {
          return watcher.call();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Conditions.await(Duration.ofSeconds(30), "the watcher joined and is attested", () ->
          cluster.hazelcast(0).getCluster().getMembers().size() == 2
              && "green".equals(api.get("/_cluster/health").json().getString("status")));
      Conditions.holds(Duration.ofSeconds(2), "health stays green while it runs",
          () -> "green".equals(api.get("/_cluster/health").json().getString("status")));
      assertThat(api.put("/_inference/sparse_embedding/watched", Endpoints.huggingFace()).status()).isEqualTo(200);
      assertThat(api.delete("/_inference/watched").status()).isEqualTo(200);
      assertThat(run.get(60, TimeUnit.SECONDS)).isZero();
    }
  }
}
