package io.infergate.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.infergate.bus.Addresses;
import io.infergate.bus.BusCodecs;
import io.infergate.bus.ViewMessage;
import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that joins as a full Hazelcast data member with nothing but the cluster name (no
 * keystore), so that it owns partitions and backups of the registry's maps. It reads every map and
 * ringbuffer (no plaintext secret), sends forged commands, events and junk to every address any
 * member registered, and writes raw values: deletes, forged and moved entries, entries put past the
 * store, a set-back revision counter, and forged changes sent to every gateway's view. No node serves anything it wrote, during its stay, after it leaves (its partitions
 * come back to the gateways with its values), and after a full restart; the durable store never held
 * any of it; every refusal is in the audit trail.
 */
class RogueMapWriterTest {

  private static final String MARK = "rogue-was-here";
  private static final List<String> IDS = IntStream.range(0, 12).mapToObj(i -> "guarded-" + i).toList();

  @TempDir
  Path conf;

  @Test
  void rawMapWritesAndForgedViewChangesChangeNothingOnAnyNodeNowOrAfterARestart() throws Exception {
    try (TestCluster cluster = TestCluster.start(2, conf)) {
      HttpApi admin = cluster.http(0).as(TestUsers.ADMIN);
      for (String id : IDS) {
        assertThat(admin.put("/_inference/sparse_embedding/" + id, Endpoints.huggingFace()).status()).isEqualTo(200);
      }
      Map<String, JsonObject> before = definitions(cluster, 0);

      HazelcastClusterManager manager = new HazelcastClusterManager(cluster.outsiderConfig(false));
      Vertx rogue = TestCluster.await(Vertx.builder().withClusterManager(manager).buildClustered());
      BusCodecs.register(rogue);
      HazelcastInstance hazelcast = manager.getHazelcastInstance();
      Conditions.await(Duration.ofSeconds(60), "the rogue owns partitions of the registry",
          () -> hazelcast.getPartitionService().isClusterSafe()
              && IDS.stream().anyMatch(id -> ownedBy(hazelcast, id).localMember()));
      assertThat(IDS.stream().filter(id -> !ownedBy(hazelcast, id).localMember())).as("and the gateways own others")
          .isNotEmpty();

      assertNoPlaintextSecretIn(hazelcast);
      sendToEveryRegisteredAddress(rogue, hazelcast);
      assertUnchanged(cluster, before);

      IMap<String, String> endpoints = hazelcast.getMap("infergate.endpoints");
      String signedElsewhere = endpoints.get(IDS.get(0));
      String seenBeforeTheUpdate = endpoints.get(IDS.get(3));
      List<String> refusedByTheStore = new ArrayList<>();
      for (String id : IDS) {
        attempt(refusedByTheStore, id + " delete", () -> endpoints.delete(id));
        attempt(refusedByTheStore, id + " put", () -> endpoints.put(id, forged(id)));
      }
      attempt(refusedByTheStore, "moved put", () -> endpoints.put(IDS.get(1), signedElsewhere));
      attempt(refusedByTheStore, "new put", () -> endpoints.put("forged-new", forged("forged-new")));
      endpoints.putTransient("forged-transient", forged("forged-transient"), 0, TimeUnit.SECONDS);
      IMap<String, long[]> counter = hazelcast.getMap("infergate.meta");
      attempt(refusedByTheStore, "counter delete", () -> counter.delete("revision"));
      attempt(refusedByTheStore, "counter set back", () -> counter.put("revision", new long[] {1, 1}));
      for (Member member : hazelcast.getCluster().getMembers()) {
        if (!member.localMember()) {
          DeliveryOptions options = new DeliveryOptions().setSendTimeout(5_000);
          Future<?> answer = rogue.eventBus().request(Addresses.view(member.getUuid()),
              new ViewMessage.Apply("endpoints", IDS.get(2), forged(IDS.get(2))), options);
          assertThatThrownBy(() -> TestCluster.await(answer)).as("a forged change sent to a gateway's view")
              .hasRootCauseInstanceOf(ReplyException.class).hasRootCauseMessage("the change of [guarded-2] carries no "
                  + "valid MAC");
          assertThat(((ReplyException) rootCause(answer)).failureCode()).isEqualTo(401);
        }
      }
      assertThat(refusedByTheStore).as("writes on partitions the gateways own fail at their store").isNotEmpty();

      assertUnchanged(cluster, before);
      TestCluster.await(rogue.close());
      cluster.awaitGreen();
      assertUnchanged(cluster, before);

      // What the rogue's partitions brought back is repaired when a write meets it.
      for (String id : List.of(IDS.get(0), IDS.get(1), IDS.get(2), IDS.get(3))) {
        assertThat(admin.put("/_inference/sparse_embedding/" + id + "/_update",
            new JsonObject().put("task_settings", new JsonObject().put("timeout", "42s"))).status()).isEqualTo(200);
        assertThat(admin.get("/_inference/" + id).body()).doesNotContain(MARK).contains("42s");
      }
      assertThat(admin.put("/_inference/sparse_embedding/forged-new", Endpoints.huggingFace()).status())
          .as("an id the rogue put a value under is created as new").isEqualTo(200);
      assertThat(admin.get("/_inference/forged-transient").status()).isEqualTo(404);
      // A rogue that comes back puts a signed value it saw before an update: an earlier revision.
      HazelcastClusterManager again = new HazelcastClusterManager(cluster.outsiderConfig(false));
      Vertx returning = TestCluster.await(Vertx.builder().withClusterManager(again).buildClustered());
      attempt(refusedByTheStore, "replayed put",
          () -> again.getHazelcastInstance().<String, String>getMap("infergate.endpoints").put(IDS.get(3), seenBeforeTheUpdate));
      TestCluster.await(returning.close());
      cluster.awaitGreen();
      assertThat(admin.get("/_inference/" + IDS.get(3)).body()).contains("42s");
      assertThat(admin.put("/_inference/sparse_embedding/" + IDS.get(3) + "/_update",
          new JsonObject().put("task_settings", new JsonObject().put("timeout", "43s"))).status()).isEqualTo(200);
      assertThat(cluster.http(1).as(TestUsers.ADMIN).get("/_inference/" + IDS.get(3)).body()).contains("43s");

      Conditions.await(Duration.ofSeconds(10), "the refusals are in the audit trail",
          () -> audit(cluster).contains("registry_entry_refused"));

      cluster.stopNode(1);
      cluster.stopNode(0);
      cluster.startNode(0);
      cluster.startNode(1);
      for (int node = 0; node < 2; node++) {
        HttpApi api = cluster.http(node).as(TestUsers.ADMIN);
        for (String id : IDS) {
          assertThat(api.get("/_inference/" + id).body()).as(id).doesNotContain(MARK);
        }
        assertThat(api.get("/_inference/forged-transient").status()).isEqualTo(404);
        assertThat(api.get("/_inference/forged-new").body()).doesNotContain(MARK);
        assertThat(api.get("/_inference/" + IDS.get(3)).body()).as("not rolled back").contains("43s");
      }
      assertThat(storedRows(cluster)).noneMatch(row -> row.contains(MARK)).hasSize(IDS.size() + 1);
    }
  }

  /** Every map's values and every ringbuffer's items, as the rogue reads them. */
  private static void assertNoPlaintextSecretIn(HazelcastInstance hazelcast) {
    int read = 0;
    for (DistributedObject object : hazelcast.getDistributedObjects()) {
      List<Object> values = new ArrayList<>();
      if (object instanceof IMap<?, ?> map) {
        values.addAll(map.values());
      } else if (object instanceof Ringbuffer<?> ringbuffer && ringbuffer.tailSequence() >= 0) {
        for (long sequence = ringbuffer.headSequence(); sequence <= ringbuffer.tailSequence(); sequence++) {
          try {
            values.add(ringbuffer.readOne(sequence));
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }
      }
      for (Object value : values) {
        String text = value instanceof long[] longs ? java.util.Arrays.toString(longs) : String.valueOf(value);
        assertThat(text).as(object.getName()).doesNotContain(Endpoints.HF_SECRET);
        read++;
      }
    }
    assertThat(read).as("values read from the maps and ringbuffers").isGreaterThan(IDS.size());
  }

  /**
   * A forged delete command, a forged deletion event and junk, sent and published to every address
   * any member registered (Vert.x keeps them in a Hazelcast multimap anyone can read).
   */
  private static void sendToEveryRegisteredAddress(Vertx rogue, HazelcastInstance hazelcast) {
    List<String> addresses = new ArrayList<>(hazelcast.<String, Object>getMultiMap("__vertx.subs").keySet());
    assertThat(addresses).as("the registered addresses").anyMatch(address -> address.startsWith("infergate.view."))
        .contains(Addresses.REGISTRY);
    JsonObject principal = new JsonObject().put("username", "nobody").put("roles", List.of("superuser"))
        .put("realm", "file");
    List<Object> payloads = new ArrayList<>();
    for (String id : IDS) {
      payloads.add(new JsonObject().put("op", "delete").put("inference_id", id).put("force", true)
          .put("principal", principal));
    }
    payloads.add(new JsonObject().put("type", "deleted").put("inference_id", IDS.get(0)).put("sequence", 1)
        .put("principal", principal));
    payloads.add("junk");
    List<Future<?>> answers = new ArrayList<>();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(2_000);
    for (String address : addresses) {
      for (Object payload : payloads) {
        rogue.eventBus().publish(address, payload);
        answers.add(rogue.eventBus().request(address, payload, options).otherwiseEmpty());
      }
    }
    TestCluster.await(Future.join(answers).otherwiseEmpty());
    for (String address : addresses) {
      if (address.startsWith("infergate.secure_settings.") || address.startsWith("infergate.traffic.usage.")) {
        Future<?> reload = rogue.eventBus().request(address, new JsonObject().put("phase", "reseal"), options);
        assertThatThrownBy(() -> TestCluster.await(reload)).as(address).hasRootCauseInstanceOf(ReplyException.class);
        assertThat(((ReplyException) rootCause(reload)).failureCode()).as(address).isEqualTo(401);
      }
    }
  }

  private static Throwable rootCause(Future<?> failed) {
    Throwable cause = failed.cause();
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static Member ownedBy(HazelcastInstance hazelcast, String id) {
    return hazelcast.getPartitionService().getPartition(id).getOwner();
  }

  private static void attempt(List<String> refused, String what, Runnable write) {
    try {
      write.run();
    } catch (RuntimeException e) {
      refused.add(what);
    }
  }

  /** A live endpoint as the registry stores one, with a huge revision, and no valid MAC. */
  private static String forged(String id) {
    return new JsonObject().put("inference_id", id).put("task_type", "sparse_embedding").put("service", "hugging_face")
        .put("service_settings", new JsonObject().put("url", "https://" + MARK + ".example").put("model_id", MARK))
        .put("revision", 1_000_000_000L).put("written_by", MARK)
        .put("entry_mac", "00000000:" + "A".repeat(44)).encode();
  }

  private static void assertUnchanged(TestCluster cluster, Map<String, JsonObject> before) {
    for (int node = 0; node < 2; node++) {
      assertThat(definitions(cluster, node)).as("node %d", node).isEqualTo(before);
      HttpApi api = cluster.http(node).as(TestUsers.ADMIN);
      assertThat(api.get("/_inference/forged-new").status()).isEqualTo(404);
      assertThat(api.get("/_inference/forged-transient").status()).isEqualTo(404);
    }
  }

  private static Map<String, JsonObject> definitions(TestCluster cluster, int node) {
    Map<String, JsonObject> definitions = new LinkedHashMap<>();
    HttpApi api = cluster.http(node).as(TestUsers.ADMIN);
    api.get("/_inference/_all").json().getJsonArray("endpoints").stream().map(JsonObject.class::cast)
        .forEach(endpoint -> definitions.put(endpoint.getString("inference_id"), endpoint));
    return definitions;
  }


  private static String audit(TestCluster cluster) {
    try {
      return Files.exists(cluster.auditFile()) ? Files.readString(cluster.auditFile()) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private List<String> storedRows(TestCluster cluster) throws Exception {
    Path file = Path.of(TestCluster.sqliteStore(conf).getString("sqlite_path"));
    List<String> rows = new ArrayList<>();
    try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + file);
         Statement sql = sqlite.createStatement();
         ResultSet result = sql.executeQuery("SELECT body FROM infergate_endpoints")) {
      while (result.next()) {
        rows.add(result.getString(1));
      }
    }
    return rows;
  }
}
