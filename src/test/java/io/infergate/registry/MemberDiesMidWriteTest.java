package io.infergate.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.infergate.endpoints.EndpointKind;
import io.infergate.testing.TestSecrets;
import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.EventRecorder;
import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway that dies after writing a change to the map but before any other view has it (and
 * before publishing its event) must not leave the survivors serving the old state: they reload,
 * and the oldest publishes the missing event.
 */
class MemberDiesMidWriteTest {

  @TempDir
  Path conf;

  @Test
  void survivorsRecoverTheDeadWritersChange() {
    try (TestCluster cluster = TestCluster.start(3, conf)) {
      HttpApi nodeB = cluster.http(1).as(TestUsers.ADMIN);
      HttpApi nodeC = cluster.http(2).as(TestUsers.ADMIN);
      assertThat(nodeC.put("/_inference/sparse_embedding/half-deleted", Endpoints.huggingFace()).status()).isEqualTo(200);
      try (EventRecorder events = EventRecorder.subscribe(cluster.node(2))) {
        events.awaitReachableFrom(cluster.node(1));

        cluster.awaitBackups();
        // What node A's registry does first when deleting: the tombstone goes into the map...
        HazelcastInstance nodeA = cluster.hazelcast(0);
        IMap<String, String> endpoints = nodeA.getMap(TestSecrets.ENDPOINTS.mapName());
        StoredDocument live = StoredDocument.decode("half-deleted", endpoints.get("half-deleted"));
        long revision = nodeA.<String, long[]>getMap(Revisions.META_MAP).executeOnKey(Revisions.KEY, new RevisionIncrement());
        endpoints.put("half-deleted", EntrySigner.of(nodeA).forKind(EndpointKind.NAME).tombstone(live, TestSecrets.ENDPOINTS.identityFields(), revision,
            System.currentTimeMillis(), nodeA.getCluster().getLocalMember().getUuid().toString()).encoded());
        // ...and then node A crashes before any view or subscriber hears of it.
        nodeA.getLifecycleService().terminate();

        Conditions.await(Duration.ofSeconds(60), "the survivors no longer serve the deleted endpoint",
            () -> nodeB.get("/_inference/half-deleted").status() == 404
                && nodeC.get("/_inference/half-deleted").status() == 404);
        List<JsonObject> deleted = events.awaitCount(EventRecorder.of("deleted", "half-deleted"), 1);
        assertThat(deleted.get(0).getJsonObject("principal").getString("username")).isEqualTo("_recovery");
        assertThat(deleted.get(0).getString("service")).isEqualTo("hugging_face");
      }
    }
  }
}
