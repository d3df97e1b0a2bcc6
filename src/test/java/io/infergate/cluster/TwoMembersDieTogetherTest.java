package io.infergate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two of three members crash at the same moment: with one backup per partition, the partitions
 * whose owner and backup were both on them are lost from the cluster's memory. Every acknowledged
 * endpoint is still in the durable store, and must still be served by the survivor and, once the
 * two are back, by every node.
 */
class TwoMembersDieTogetherTest {

  private static final int ENDPOINTS = 40;

  @TempDir
  Path conf;

  @Test
  void noAcknowledgedEndpointIsLostWithThePartitionsOfTwoCrashedMembers() {
    try (TestCluster cluster = TestCluster.start(3, conf)) {
      HttpApi survivor = cluster.http(0).as(TestUsers.ADMIN);
      List<String> ids = IntStream.range(0, ENDPOINTS).mapToObj(i -> "kept-" + i).toList();
      for (String id : ids) {
        assertThat(survivor.put("/_inference/sparse_embedding/" + id, Endpoints.huggingFace()).status()).isEqualTo(200);
      }
      AtomicInteger lostPartitions = new AtomicInteger();
      cluster.hazelcast(0).getMap("infergate.endpoints")
          .addPartitionLostListener(event -> lostPartitions.incrementAndGet());

      // Only the partitions whose owner and backup were both on the two are lost, not more.
      cluster.awaitBackups();
      HazelcastInstance second = cluster.hazelcast(1);
      HazelcastInstance third = cluster.hazelcast(2);
      CompletableFuture.allOf(
          CompletableFuture.runAsync(() -> second.getLifecycleService().terminate()),
          CompletableFuture.runAsync(() -> third.getLifecycleService().terminate())).join();

      Conditions.await(Duration.ofSeconds(60), "the survivor to see that partitions were lost",
          () -> lostPartitions.get() > 0);
      Conditions.await(Duration.ofSeconds(60), "the survivor alone in the cluster",
          () -> survivor.get("/_cluster/health").json().getInteger("number_of_nodes") == 1);
      assertAllServed(survivor, ids);

      // The restarted members load their views from the map: what it lost, they would miss.
      cluster.stopNode(1);
      cluster.stopNode(2);
      cluster.startNode(1);
      cluster.startNode(2);
      for (int node = 0; node < 3; node++) {
        assertAllServed(cluster.http(node).as(TestUsers.ADMIN), ids);
      }
    }
  }

  private static void assertAllServed(HttpApi node, List<String> ids) {
    List<String> missing = ids.stream().filter(id -> node.get("/_inference/" + id).status() != 200).toList();
    assertThat(missing).as("acknowledged endpoints that are not served").isEmpty();
  }
}
