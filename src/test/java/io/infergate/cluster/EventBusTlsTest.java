package io.infergate.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infergate.bus.Addresses;
import io.infergate.config.NodeConfig;
import io.infergate.testing.Endpoints;
import io.infergate.testing.EventRecorder;
import io.infergate.testing.HttpApi;
import io.infergate.testing.Ports;
import io.infergate.testing.TestCertificates;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestSecrets;
import io.infergate.testing.TestUsers;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cluster.ssl}: two nodes whose event bus is mutual TLS. Writes, their acknowledgment from
 * every member and events still cross; the bus port completes no handshake without a certificate
 * signed by the cluster's CA.
 */
class EventBusTlsTest {

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static TestCertificates certificates;
  static EventRecorder subscriberOnA;

  @BeforeAll
  static void start() {
    certificates = TestCertificates.create(conf.resolve("certs"));
    cluster = TestCluster.create(2, conf, 1, TestCluster.sqliteStore(conf)).clusterSettings(new JsonObject()
        .put("ssl", certificates.pemSettings()
            .put("certificate_authorities", new JsonArray().add(certificates.caCertificate().toString()))));
    cluster.startNode(0);
    cluster.startNode(1);
    subscriberOnA = EventRecorder.subscribe(cluster.node(0));
    subscriberOnA.awaitReachableFrom(cluster.node(1));
  }

  @AfterAll
  static void stop() {
    if (subscriberOnA != null) {
      subscriberOnA.close();
    }
    cluster.close();
  }

  @Test
  void aWriteOnOneNodeIsSeenOnTheOther() {
    HttpApi nodeA = cluster.http(0).as(TestUsers.ADMIN);
    HttpApi nodeB = cluster.http(1).as(TestUsers.ADMIN);
    assertThat(nodeB.put("/_inference/sparse_embedding/bus-tls", Endpoints.huggingFace()).status()).isEqualTo(200);
    assertThat(nodeA.get("/_inference/bus-tls").status()).isEqualTo(200);
    assertThat(nodeA.delete("/_inference/bus-tls").status()).isEqualTo(200);
    assertThat(nodeB.get("/_inference/bus-tls").status()).isEqualTo(404);
  }

  @Test
  void theBusPortRequiresACertificateSignedByTheCa() throws Exception {
    NodeInfo bus = ((VertxInternal) cluster.node(0).vertx()).clusterManager().getNodeInfo();
    try (SSLSocket member = handshake(certificates.withClientCertificate(), bus)) {
      assertThat(member.getSession().getPeerCertificates()).isNotEmpty();
    }
    assertThatThrownBy(() -> {
      try (SSLSocket stranger = handshake(certificates.trustingCa(), bus)) {
        // TLS 1.3: the server's refusal of a missing certificate arrives with the first read
        stranger.getInputStream().read();
      }
    }).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void aSubscriberWithTheClusterCertificateTalksToTheRegistryAndOneWithoutCannot() {
    JsonObject settings = cluster.nodeSettings(0);
    JsonObject readEvents = new JsonObject().put("op", "events").put("from_sequence", 0).put("max", 10);
    Vertx member = joinAsSubscriber(settings);
    try {
      TestSecrets.answerChallenges(member);
      String memberId = ((VertxInternal) member).clusterManager().getNodeId();
      Object reply = TestCluster.await(member.eventBus().request(Addresses.REGISTRY, readEvents,
          TestSecrets.busSigner().sign(Addresses.REGISTRY, memberId, readEvents))).body();
      assertThat(reply).isInstanceOf(JsonObject.class);
    } finally {
      TestCluster.await(member.close());
    }
    settings.getJsonObject("cluster").remove("ssl");
    Vertx stranger = joinAsSubscriber(settings);
    try {
      assertThatThrownBy(() -> TestCluster.await(stranger.eventBus()
          .request(Addresses.REGISTRY, readEvents,
              TestSecrets.busSigner().sign(Addresses.REGISTRY, "tls-test", readEvents).setSendTimeout(3_000))))
          .rootCause().hasMessageContaining("Timed out");
    } finally {
      TestCluster.await(stranger.close());
    }
  }

  /** A lite member joined the way {@code WatchDeletions} joins, with the event bus {@code settings} give. */
  private static Vertx joinAsSubscriber(JsonObject settings) {
    int port = Ports.free();
    JsonObject joining = settings.copy();
    joining.getJsonObject("cluster").put("port", port).getJsonArray("members").add("127.0.0.1:" + port);
    NodeConfig config = NodeConfig.of(joining);
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastConfigFactory.forSubscriber(config));
    return TestCluster.await(Vertx.builder().with(new VertxOptions().setEventBusOptions(ClusterEventBus.options(config)))
        .withClusterManager(manager).buildClustered());
  }

  private static SSLSocket handshake(SSLContext context, NodeInfo bus) throws Exception {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(bus.host(), bus.port());
    socket.setSoTimeout(10_000);
    socket.startHandshake();
    return socket;
  }
}
