package io.infergate.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.infergate.cluster.HazelcastConfigFactory;
import io.infergate.config.NodeConfig;
import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestSecrets;
import io.infergate.testing.TestUsers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The references of a departed node are ended by the oldest gateway, also when the oldest member
 * of the cluster is a subscriber process, which runs no registry.
 */
class OldestMemberIsASubscriberTest {

  @TempDir
  Path conf;

  @Test
  void aDeadHoldersReferenceEndsWhileASubscriberIsTheOldestMember() {
    TestCluster cluster = TestCluster.create(2, conf, 1, TestCluster.sqliteStore(conf))
        // the bare lite member cannot answer attestation challenges until its Vert.x is up: do not wait long for it
        .clusterSettings(new JsonObject().put("attestation_timeout_ms", 500));
    int oldestPort = cluster.otherMemberPort();
    int holderPort = cluster.otherMemberPort();
    // A lite member alone cannot start Vert.x (its cluster manager needs a data member): the oldest
    // member is a bare Hazelcast lite member, as the first process of a subscriber is before its Vert.x.
    com.hazelcast.config.Config oldestConfig = HazelcastConfigFactory.forSubscriber(config(cluster, oldestPort));
    // the attribute vertx-hazelcast needs to start a Vert.x on this member later
    oldestConfig.getMemberAttributeConfig().setAttribute("__vertx.nodeId", java.util.UUID.randomUUID().toString());
    HazelcastInstance oldest = Hazelcast.newHazelcastInstance(oldestConfig);
    try {
      cluster.startNode(0);
      cluster.startNode(1);
      // Then its Vert.x starts on that Hazelcast member, and it answers the gateways' challenges
      // (until it does, every gateway refuses writes).
      Vertx oldestVertx = TestCluster.await(Vertx.builder().withClusterManager(new HazelcastClusterManager(oldest))
          .buildClustered());
      TestSecrets.answerChallenges(oldestVertx);
      // The gateways take writes again once a re-challenge of the lite member has been answered.
      Conditions.await(Duration.ofSeconds(30), "both gateways ready after the lite member is attested",
          () -> cluster.http(0).anonymous().get("/_infergate/ready").status() == 200
              && cluster.http(1).anonymous().get("/_infergate/ready").status() == 200);
      HttpApi admin = cluster.http(0).as(TestUsers.ADMIN);
      assertThat(admin.put("/_inference/sparse_embedding/held", Endpoints.huggingFace()).status()).isEqualTo(200);
      assertThat(oldest.getCluster().getMembers().iterator().next().localMember()).as("the lite member is the oldest")
          .isTrue();

      Vertx holder = subscriber(cluster, holderPort);
      TestCluster.await(EndpointEventSubscriber.create(holder, "short-lived", TestSecrets.clusterSecret())
          .compose(subscriber -> subscriber.holdReference("held")));
      assertThat(admin.delete("/_inference/held").status()).isEqualTo(409);
      hazelcast(holder).getLifecycleService().terminate();

      Conditions.await(Duration.ofSeconds(60), "the dead holder's reference ends",
          () -> admin.delete("/_inference/held").status() == 200);
      TestCluster.await(holder.close().otherwise(ignored -> null));
    } finally {
      cluster.close();
      oldest.getLifecycleService().terminate();
    }
  }

  private static Vertx subscriber(TestCluster cluster, int port) {
    return TestCluster.await(Vertx.builder().withClusterManager(
        new HazelcastClusterManager(HazelcastConfigFactory.forSubscriber(config(cluster, port)))).buildClustered());
  }

  private static NodeConfig config(TestCluster cluster, int port) {
    return NodeConfig.of(new JsonObject()
        .put("cluster_name", cluster.clusterName())
        .put("cluster", new JsonObject().put("config", "conf/cluster.xml").put("host", "127.0.0.1")
            .put("port", port).put("members", new JsonArray(cluster.members()))));
  }

  private static HazelcastInstance hazelcast(Vertx vertx) {
    return ((HazelcastClusterManager) ((io.vertx.core.internal.VertxInternal) vertx).clusterManager())
        .getHazelcastInstance();
  }
}
