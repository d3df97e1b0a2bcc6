package io.infergate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.infergate.testing.TestSecrets;
import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a durable store the revision counter has no backup in memory: the member holding it may
 * crash, and the next write must still get a revision above every one handed out before, from
 * the ceiling in the store. A counter that started again would order a new endpoint before
 * changes made earlier.
 */
class RevisionCounterOwnerCrashTest {

  private static final String COUNTER_KEY = "revision";

  @TempDir
  Path conf;

  @Test
  void revisionsKeepGrowingAfterTheCounterOwnerCrashes() {
    try (TestCluster cluster = TestCluster.start(3, conf)) {
      HttpApi first = cluster.http(0).as(TestUsers.ADMIN);
      for (int i = 0; i < 5; i++) {
        assertThat(first.put("/_inference/sparse_embedding/counted-" + i, Endpoints.huggingFace()).status()).isEqualTo(200);
      }
      assertThat(first.delete("/_inference/counted-0").json().getBoolean("acknowledged")).isTrue();
      // Partitions move while the cluster forms: ask who holds the counter once they have settled.
      cluster.awaitBackups();
      int owner = ownerOfTheCounter(cluster);
      int survivor = (owner + 1) % 3;
      HttpApi api = cluster.http(survivor).as(TestUsers.ADMIN);
      HazelcastInstance survivorMember = cluster.hazelcast(survivor);
      long deletedAt = revisionOf(survivorMember, "counted-0");
      assertThat(deletedAt).isEqualTo(counter(survivorMember));

      cluster.hazelcast(owner).getLifecycleService().terminate();
      Conditions.await(Duration.ofSeconds(60), "the survivors to see the crash",
          () -> survivorMember.getCluster().getMembers().size() == 2);

      // A new id: nothing but the counter orders its revision after the ones handed out before.
      assertThat(api.put("/_inference/sparse_embedding/counted-new", Endpoints.huggingFace()).status()).isEqualTo(200);
      assertThat(revisionOf(survivorMember, "counted-new"))
          .as("revision of an endpoint created after the counter's owner crashed")
          .isGreaterThan(deletedAt);
      assertThat(api.put("/_inference/sparse_embedding/counted-0", Endpoints.huggingFace()).status()).isEqualTo(200);
      assertThat(revisionOf(survivorMember, "counted-0"))
          .as("revision of the re-created endpoint")
          .isGreaterThan(revisionOf(survivorMember, "counted-new"));
    }
  }

  /** The node whose member owns the counter's partition. */
  private static int ownerOfTheCounter(TestCluster cluster) {
    Member owner = cluster.hazelcast(0).getPartitionService().getPartition(COUNTER_KEY).getOwner();
    return IntStream.range(0, 3)
        .filter(node -> cluster.hazelcast(node).getCluster().getLocalMember().getUuid().equals(owner.getUuid()))
        .findFirst().orElseThrow();
  }

  private static long counter(HazelcastInstance member) {
    long[] value = member.<String, long[]>getMap(Revisions.META_MAP).get(COUNTER_KEY);
    return value[0];
  }

  private static long revisionOf(HazelcastInstance member, String id) {
    String encoded = member.<String, String>getMap(TestSecrets.ENDPOINTS.mapName()).get(id);
    return StoredDocument.decode(id, encoded).revision();
  }
}
