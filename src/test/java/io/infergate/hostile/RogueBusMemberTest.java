package io.infergate.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.Addresses;
import io.infergate.bus.BusCodecs;
import io.infergate.bus.EsError;
import io.infergate.bus.Principal;
import io.infergate.bus.ReferenceRequest;
import io.infergate.bus.RegistryFailure;
import io.infergate.bus.RequestSigner;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestSecrets;
import io.infergate.testing.TestUsers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that joins the cluster with plain Hazelcast and Vert.x and sends registry requests on
 * the clustered address: none is served unless signed. It answers attestation challenges (see
 * {@code start}); a member that does not is refused anything at all (MemberAttestationTest).
 */
class RogueBusMemberTest {

  private static final String UNAUTHENTICATED = "unauthenticated request on the cluster bus from [%s]";

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static HttpApi admin;
  static Vertx rogue;
  static String rogueId;
  static final List<JsonObject> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(2, conf);
    admin = cluster.http(0).as(TestUsers.ADMIN);
    assertThat(admin.put("/_inference/sparse_embedding/guarded", Endpoints.huggingFace()).status()).isEqualTo(200);
    TestCluster.await(cluster.node(1).vertx().eventBus()
        .<JsonObject>consumer(Addresses.EVENTS, message -> events.add(message.body())).completion());
    HazelcastClusterManager manager = new HazelcastClusterManager(cluster.outsiderConfig(true));
    rogue = TestCluster.await(Vertx.builder().withClusterManager(manager).buildClustered());
    rogueId = manager.getNodeId();
    BusCodecs.register(rogue);
    // It answers attestation challenges (it holds the key, so the cluster stays writable and its one
    // signed request can be served): what is checked here is that holding the key is not enough,
    // every request must be signed. A member without the key is MemberAttestationTest's.
    TestSecrets.answerChallenges(rogue);
  }

  @AfterAll
  static void stop() {
    if (rogue != null) {
      TestCluster.await(rogue.close());
    }
    cluster.close();
  }

  @Test
  void anUnsignedDeleteCommandIsRefusedAndDeletesNothing() throws Exception {
    JsonObject delete = new JsonObject().put("op", "delete").put("inference_id", "guarded")
        .put("task_type", "sparse_embedding").put("force", true)
        .put("principal", new JsonObject().put("username", "nobody").put("roles", List.of("superuser"))
            .put("realm", "file"));
    assertUnauthenticated(send(delete, new DeliveryOptions()));
    assertUnauthenticated(send(delete, new DeliveryOptions().addHeader(RequestSigner.SENDER, rogueId)
        .addHeader(RequestSigner.TIMESTAMP, Long.toString(System.currentTimeMillis()))
        .addHeader(RequestSigner.NONCE, "00").addHeader(RequestSigner.MAC, "AAAA")));
    assertStillThereAndNoDeletion();
  }

  @Test
  void unsignedOrWronglySignedReferenceRequestsAreRefused() throws Exception {
    ReferenceRequest add = new ReferenceRequest.Add("guarded", "rogue-holder", rogueId, forged());
    assertUnauthenticated(send(add, new DeliveryOptions()));
    RequestSigner other = new RequestSigner(io.infergate.secrets.BusRequestKey.fromClusterSecret(new byte[32]),
        Clock.systemUTC());
    assertUnauthenticated(send(add, other.sign(Addresses.REGISTRY, rogueId, add)));
    JsonObject asJson = new JsonObject().put("op", "reference_add").put("inference_id", "guarded")
        .put("holder", "rogue-holder").put("principal", forged().toJson());
    assertUnauthenticated(send(asJson, new DeliveryOptions()));
    assertThat(admin.get("/_inference/guarded/_references").json().getJsonArray("references")).isEmpty();
    assertStillThereAndNoDeletion();
  }

  @Test
  void aSignedRequestIsServedOnceAndItsReplayIsRefused() throws Exception {
    ReferenceRequest lookup = new ReferenceRequest.Lookup("guarded", forged());
    DeliveryOptions signed = TestSecrets.busSigner().sign(Addresses.REGISTRY, rogueId, lookup);
    assertThat(send(lookup, signed)).as("served with the cluster's key").isNull();
    // Each gateway remembers the nonces it served, and the bus hands requests to the two gateways in
    // turn: of two replays, one reaches the gateway that served the original.
    List<EsError> replays = List.of(Optional.ofNullable(send(lookup, signed)), Optional.ofNullable(send(lookup, signed)))
        .stream().flatMap(Optional::stream).toList();
    assertThat(replays).isNotEmpty();
    replays.forEach(RogueBusMemberTest::assertUnauthenticated);
  }

  @Test
  void aRefusalIsAuditedWithoutTheBody() {
    ReferenceRequest add = new ReferenceRequest.Add("guarded", "audited-holder", rogueId, forged());
    assertUnauthenticated(send(add, new DeliveryOptions()));
    io.infergate.testing.Conditions.await(java.time.Duration.ofSeconds(10), "the refusal is in the audit trail",
        () -> audit().contains("bus_request_refused"));
    assertThat(audit()).contains("\"sender\":\"" + rogueId + "\"").doesNotContain("audited-holder").doesNotContain("nobody");
  }

  private static String audit() {
    try {
      return Files.exists(cluster.auditFile()) ? Files.readString(cluster.auditFile()) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Principal forged() {
    return new Principal("nobody", List.of("superuser"), "file");
  }

  /** The registry's error, or null when it served the request. */
  private static EsError send(Object body, DeliveryOptions options) {
    Future<Message<Object>> reply = rogue.eventBus().request(Addresses.REGISTRY, body, options);
    try {
      Object answer = TestCluster.await(reply).body();
      return answer instanceof RegistryFailure failure ? failure.error() : null;
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause != null && !(cause instanceof ReplyException) && !(cause instanceof RegistryFailure)) {
        cause = cause.getCause();
      }
      if (cause instanceof RegistryFailure failure) {
        return failure.error();
      }
      if (cause instanceof ReplyException failed) {
        return EsError.fromJson(new JsonObject(failed.getMessage()));
      }
      throw e;
    }
  }

  private static void assertUnauthenticated(EsError error) {
    assertThat(error).as("refused").isNotNull();
    assertThat(error.status()).isEqualTo(401);
    assertThat(error.type()).isEqualTo("security_exception");
    assertThat(error.reason()).isIn(String.format(UNAUTHENTICATED, rogueId), String.format(UNAUTHENTICATED, "unknown"));
  }

  private static void assertStillThereAndNoDeletion() throws InterruptedException {
    for (int node = 0; node < 2; node++) {
      assertThat(cluster.http(node).as(TestUsers.ADMIN).get("/_inference/guarded").status()).isEqualTo(200);
    }
    Thread.sleep(300);
    assertThat(events).noneMatch(event -> "deleted".equals(event.getString("type")));
  }
}
