package io.infergate.cluster;

import static io.infergate.http.InferenceApiTestSupport.assertNotFound;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import io.infergate.cluster.HazelcastConfigFactory;
import io.infergate.config.NodeConfig;
import io.infergate.testing.TestSecrets;
import io.infergate.events.EventRetention;
import io.infergate.registry.DocumentKind;
import io.infergate.registry.EventTables;
import io.infergate.registry.RegistryLayout;
import io.infergate.store.DurableStore;
import io.infergate.store.StoreSettings;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.Ports;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway member that never applies changes (a real clustered Vert.x node marked as a gateway,
 * answering attestation challenges with the cluster secret, running no registry) holds up acknowledgments until the request's timeout: the change stands and
 * the reply says {@code "acknowledged": false}. Once that member leaves, it is no longer waited for.
 */
class AckTimeoutTest {

  @TempDir
  Path conf;

  @Test
  void anUnresponsiveMemberMakesTheDeleteUnacknowledgedButTheDeleteStands() {
    int silentPort = Ports.free();
    try (TestCluster cluster = TestCluster.create(1, conf, 1, TestCluster.sqliteStore(conf))) {
      List<String> members = new ArrayList<>(cluster.members());
      members.add("127.0.0.1:" + silentPort);
      cluster.startNode(0);
      HttpApi api = cluster.http(0).as(TestUsers.ADMIN);
      assertThat(api.put("/_inference/sparse_embedding/before-silent", Endpoints.huggingFace()).status()).isEqualTo(200);

      Vertx silent = startSilentGateway(cluster.clusterName(), silentPort, members);
      try {
        awaitNodes(api, 2);
        Response deleted = api.delete("/_inference/before-silent?timeout=300ms");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().getBoolean("acknowledged")).isFalse();
        assertThat(deleted.json().containsKey("error_message")).isFalse();
        assertNotFound(api.get("/_inference/before-silent"), "before-silent");
        assertThat(api.put("/_inference/sparse_embedding/during-silent?timeout=200ms", Endpoints.huggingFace()).status())
            .isEqualTo(200);
      } finally {
        TestCluster.await(silent.close());
      }

      awaitNodes(api, 1);
      Response afterLeaving = api.delete("/_inference/during-silent?timeout=5s");
      assertThat(afterLeaving.json().getBoolean("acknowledged")).isTrue();
      assertThat(api.delete("/_inference/during-silent?timeout=abc").errorReason())
          .isEqualTo("failed to parse setting [timeout] with value [abc] as a time value: unit is missing or unrecognized");
    }
  }

  private static void awaitNodes(HttpApi api, int count) {
    io.infergate.testing.Conditions.await(Duration.ofSeconds(30), count + " nodes in the cluster",
        () -> api.get("/_cluster/health").json().getInteger("number_of_nodes") == count
            // and every member attested: until then writes are refused with 503
            && api.anonymous().get("/_infergate/ready").status() == 200);
  }

  private Vertx startSilentGateway(String clusterName, int port, List<String> members) {
    NodeConfig config = NodeConfig.of(new JsonObject()
        .put("cluster_name", clusterName)
        .put("cluster", new JsonObject().put("config", "conf/cluster.xml").put("host", "127.0.0.1")
            .put("port", port).put("members", new JsonArray(members))));
    // Like any data member it holds registry entries and runs the registry's entry processors, so it
    // has the registry's structures and serializers, with nothing behind them.
    DurableStore memory = DurableStore.open(new StoreSettings("memory", null, null, null, null, 1,
        StoreSettings.Durability.REQUEST, Duration.ofSeconds(1)));
    List<DocumentKind<?>> kinds = List.of(TestSecrets.ENDPOINTS);
    Config hazelcast = HazelcastConfigFactory.create(config, RegistryLayout.of(kinds, memory,
        EventTables.open(kinds, memory, new EventRetention(1_000, Duration.ofHours(1)),
            TestSecrets.eventIntegrity()), TestSecrets.ENTRY_SIGNER));
    Vertx silent = TestCluster.await(Vertx.builder().withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered());
    // It holds the cluster secret (attested: writes go on, and it is replicated to) but applies nothing.
    TestSecrets.answerChallenges(silent);
    return silent;
  }
}
