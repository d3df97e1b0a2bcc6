package io.infergate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import io.infergate.bus.Addresses;
import io.infergate.bus.BusCodecs;
import io.infergate.bus.Principal;
import io.infergate.bus.ReferenceRequest;
import io.infergate.bus.RegistryFailure;
import io.infergate.bus.ViewMessage;
import io.infergate.events.EndpointEventSubscriber;
import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.Ports;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestSecrets;
import io.infergate.testing.TestUsers;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members that join the cluster are challenged by every gateway: one that does not prove it holds
 * the cluster secret (no answer, a wrong one) turns health red and blocks writes on every node,
 * with its address named, until it leaves, and is sent nothing a gateway sends to gateways. Honest
 * processes (a subscriber, a new gateway) are attested by the time their start returns.
 */
class MemberAttestationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  static Path conf;
  static TestCluster cluster;

  @BeforeAll
  static void start() {
    cluster = TestCluster.create(3, conf, 1, TestCluster.sqliteStore(conf));
    cluster.startNode(0);
    cluster.startNode(1);
    assertThat(admin(0).put("/_inference/sparse_embedding/existing", Endpoints.huggingFace()).status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aMemberWithoutTheKeyTurnsHealthRedAndBlocksWritesUntilItLeaves() {
    Rogue rogue = Rogue.join(false);
    try {
      for (int node = 0; node < 2; node++) {
        HttpApi api = admin(node);
        Conditions.await(WAIT, "node " + node + " reports the rogue", () -> api.get("/_cluster/health").status() == 503);
        HttpApi.Response health = api.get("/_cluster/health");
        assertThat(health.json().getString("status")).isEqualTo("red");
        assertThat(health.json().getString("reason")).contains("[" + rogue.address + "]", rogue.id, "not attested");

        HttpApi.Response put = api.put("/_inference/sparse_embedding/while-rogue-" + node, Endpoints.huggingFace());
        assertThat(put.status()).isEqualTo(503);
        assertThat(put.errorType()).isEqualTo("cluster_block_exception");
        assertThat(put.errorReason()).contains("[" + rogue.address + "]", "writes are refused");
        assertThat(api.delete("/_inference/existing").status()).isEqualTo(503);
        assertThat(api.get("/_inference/existing").status()).as("reads go on").isEqualTo(200);
        assertThat(api.get("/_inference/while-rogue-" + node).status()).isEqualTo(404);
      }
      Conditions.await(WAIT, "an audit line on each node", () -> auditLines("member_unattested", rogue.id).size() == 2);
      assertThat(auditLines("member_unattested", rogue.id)).extracting(line -> line.getString("node"))
          .containsExactlyInAnyOrder("node-1", "node-2");
      assertThat(auditLines("member_unattested", rogue.id)).allMatch(line -> rogue.address.equals(line.getString("address")));

      // A request signed with the cluster's key but naming this member as its sender is refused too:
      // the registry serves bus commands of attested members only.
      ReferenceRequest lookup = new ReferenceRequest.Lookup("existing", new Principal("nobody", List.of(), "file"));
      Throwable refused = rogue.requestFailure(lookup, TestSecrets.busSigner().sign(Addresses.REGISTRY, rogue.id, lookup));
      assertThat(refused).isInstanceOf(RegistryFailure.class);
      assertThat(((RegistryFailure) refused).error().status()).isEqualTo(401);
    } finally {
      rogue.leave();
    }
    for (int node = 0; node < 2; node++) {
      HttpApi api = admin(node);
      Conditions.await(WAIT, "node " + node + " green again",
          () -> "green".equals(api.get("/_cluster/health").json().getString("status")));
      assertThat(api.get("/_cluster/health").json().containsKey("reason")).isFalse();
      assertThat(api.put("/_inference/sparse_embedding/after-rogue-" + node, Endpoints.huggingFace()).status())
          .isEqualTo(200);
    }
    Conditions.await(WAIT, "its departure in the audit trail of each node",
        () -> auditLines("member_unattested_left", rogue.id).size() == 2);
  }

  @Test
  void aMemberAnsweringWithAWrongTagStaysUnattested() {
    Rogue rogue = Rogue.join(false);
    AttestationKeys wrongKeys = new AttestationKeys(new byte[32], List.of());
    Map<String, AtomicInteger> challenges = new ConcurrentHashMap<>();
    TestCluster.await(rogue.vertx.eventBus().<JsonObject>consumer(Addresses.attest(java.util.UUID.fromString(rogue.id)),
        message -> {
          String challenger = message.body().getString("challenger");
          challenges.computeIfAbsent(challenger, key -> new AtomicInteger()).incrementAndGet();
          message.reply(new JsonObject().put("tag",
              wrongKeys.answer(challenger, rogue.id, message.body().getString("nonce"))));
        }).completion());
    try {
      Conditions.await(WAIT, "each node challenged it again, with fresh nonces, at least 3 times",
          () -> challenges.size() == 2 && challenges.values().stream().allMatch(count -> count.get() >= 3));
      for (int node = 0; node < 2; node++) {
        HttpApi.Response health = admin(node).get("/_cluster/health");
        assertThat(health.json().getString("status")).isEqualTo("red");
        assertThat(health.json().getString("reason")).contains("[" + rogue.address + "]", "wrong tag");
        assertThat(admin(node).put("/_inference/sparse_embedding/wrong-tag", Endpoints.huggingFace()).status())
            .isEqualTo(503);
      }
      assertThat(auditLines("member_unattested", rogue.id)).as("reported once per node").hasSize(2);
      assertThat(auditLines("member_attested", rogue.id)).isEmpty();
    } finally {
      rogue.leave();
    }
    Conditions.await(WAIT, "writable again",
        () -> admin(0).put("/_inference/sparse_embedding/after-wrong-tag", Endpoints.huggingFace()).status() == 200);
  }

  @Test
  void aMemberClaimingToBeAGatewayIsSentNothingAGatewayGets() {
    Rogue rogue = Rogue.join(true);
    List<Object> received = new CopyOnWriteArrayList<>();
    String[] addresses = {Addresses.view(java.util.UUID.fromString(rogue.id)), "infergate.traffic.usage." + rogue.id,
        "infergate.secure_settings." + rogue.id};
    for (String address : addresses) {
      TestCluster.await(rogue.vertx.eventBus().consumer(address, message -> {
        received.add(message.body());
        message.reply(new JsonObject());
      }).completion());
    }
    try {
      Conditions.await(WAIT, "node 1 reports the rogue", () -> admin(0).get("/_cluster/health").status() == 503);
      HttpApi.Response nodes = admin(0).get("/_nodes");
      assertThat(nodes.status()).isEqualTo(200);
      assertThat(nodes.json().getJsonObject("nodes").fieldNames()).as("only the attested gateways")
          .hasSize(2).doesNotContain(rogue.id);
      assertThat(admin(1).get("/_inference/existing/_stats").status()).isEqualTo(200);
      HttpApi.Response reload = admin(0).post("/_nodes/reload_secure_settings", new JsonObject());
      assertThat(reload.status()).isEqualTo(200);
      assertThat(reload.json().getJsonObject("_nodes").getInteger("total")).isEqualTo(2);
      assertThat(reload.json().getJsonObject("nodes").fieldNames()).doesNotContain(rogue.id);
      // The lease's pings (which carry nothing) still reach every member claiming to be a gateway.
      assertThat(received).as("no view change, status question, usage question or reload reached it")
          .allMatch(body -> body instanceof ViewMessage.Ping);
    } finally {
      rogue.leave();
    }
  }

  @Test
  void aSubscriberWithTheSecretIsAttestedWhenCreateCompletes() {
    int port = Ports.free();
    JsonObject settings = cluster.nodeSettings(0);
    settings.getJsonObject("cluster").put("port", port).getJsonArray("members").add("127.0.0.1:" + port);
    Vertx subscriberVertx = TestCluster.await(Vertx.builder().withClusterManager(new HazelcastClusterManager(
        HazelcastConfigFactory.forSubscriber(io.infergate.config.NodeConfig.of(settings)))).buildClustered());
    try {
      TestCluster.await(EndpointEventSubscriber.create(subscriberVertx, "attested-subscriber", TestSecrets.clusterSecret()));
      for (int node = 0; node < 2; node++) {
        HttpApi.Response health = admin(node).get("/_cluster/health");
        assertThat(health.json().getInteger("number_of_nodes")).isEqualTo(2);
        assertThat(health.json().getString("status")).isNotEqualTo("red");
        assertThat(admin(node).put("/_inference/sparse_embedding/with-subscriber-" + node, Endpoints.huggingFace())
            .status()).isEqualTo(200);
      }
      assertThat(auditLines("member_unattested", ((HazelcastClusterManager) ((io.vertx.core.internal.VertxInternal)
          subscriberVertx).clusterManager()).getHazelcastInstance().getCluster().getLocalMember().getUuid().toString()))
          .isEmpty();
    } finally {
      TestCluster.await(subscriberVertx.close());
    }
  }

  @Test
  void aNewGatewayCanWriteAndBeWrittenToAsSoonAsItsStartReturns() {
    try {
      cluster.startNode(2);
      HttpApi.Response onNew = admin(2).put("/_inference/sparse_embedding/from-new-node", Endpoints.huggingFace());
      assertThat(onNew.status()).isEqualTo(200);
      HttpApi.Response onOld = admin(0).put("/_inference/sparse_embedding/to-new-node", Endpoints.huggingFace());
      assertThat(onOld.status()).isEqualTo(200);
      assertThat(admin(2).get("/_inference/to-new-node").status()).isEqualTo(200);
      assertThat(admin(0).get("/_inference/from-new-node").status()).isEqualTo(200);
      assertThat(admin(2).get("/_nodes").json().getJsonObject("nodes").size()).isEqualTo(3);
    } finally {
      cluster.stopNode(2);
    }
  }

  private static HttpApi admin(int node) {
    return cluster.http(node).as(TestUsers.ELASTIC);
  }

  private static List<JsonObject> auditLines(String event, String member) {
    try {
      if (!Files.exists(cluster.auditFile())) {
        return List.of();
      }
      return Arrays.stream(Files.readString(cluster.auditFile()).split("\n")).filter(line -> line.startsWith("{"))
          .map(JsonObject::new)
          .filter(line -> event.equals(line.getString("event")) && member.equals(line.getString("member")))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A process joined with plain Hazelcast and Vert.x and only the cluster's name: no keystore. */
  private record Rogue(Vertx vertx, String id, String address) {

    static Rogue join(boolean claimsGateway) {
      Config config = cluster.outsiderConfig(true, cluster.members().subList(0, 2));
      if (claimsGateway) {
        config.getMemberAttributeConfig().setAttribute(GatewayMembers.ATTRIBUTE, "true");
      }
      HazelcastClusterManager manager = new HazelcastClusterManager(config);
      Vertx vertx = TestCluster.await(Vertx.builder().withClusterManager(manager).buildClustered());
      BusCodecs.register(vertx);
      com.hazelcast.cluster.Member self = manager.getHazelcastInstance().getCluster().getLocalMember();
      return new Rogue(vertx, self.getUuid().toString(), self.getAddress().getHost() + ":" + self.getAddress().getPort());
    }

    Throwable requestFailure(Object body, io.vertx.core.eventbus.DeliveryOptions options) {
      try {
        Object answer = TestCluster.await(vertx.eventBus().request(Addresses.REGISTRY, body, options)).body();
        return answer instanceof RegistryFailure failure ? failure : null;
      } catch (IllegalStateException e) {
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof RegistryFailure) && !(cause instanceof ReplyException)) {
          cause = cause.getCause();
        }
        return cause;
      }
    }

    void leave() {
      TestCluster.await(vertx.close());
    }
  }
}
