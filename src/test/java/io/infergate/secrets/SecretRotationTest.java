package io.infergate.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.registry.StoredDocument;
import io.infergate.testing.Conditions;
import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestSecrets;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster secret rotated by rolling restarts, with every perform answered by the right key
 * throughout, and secrets an older version stored in plaintext sealed at the next start.
 */
class SecretRotationTest {

  private static final String OLD = TestSecrets.CLUSTER_SECRET_HEX;
  private static final String NEW = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

  @TempDir
  Path conf;
  private CanaryProvider provider;
  private TestCluster cluster;

  @BeforeEach
  void start() {
    provider = new CanaryProvider();
    cluster = TestCluster.start(2, conf);
  }

  @AfterEach
  void stop() {
    cluster.close();
    provider.close();
  }

  @Test
  void aRollingRotationResealsEverySecretWhileEveryNodeKeepsPerforming() {
    String firstKey = CanaryProvider.canary();
    String secondKey = CanaryProvider.canary();
    provider.create(admin(0), "rotated-a", firstKey);
    assertAllSealedUnder(OLD);

    // 1: every node learns the new secret, still sealing with the old one.
    cluster.clusterSecrets(OLD, List.of(NEW));
    restartEach(firstKey);
    assertAllSealedUnder(OLD);

    // 2: every node seals with the new secret and still opens the old one. Halfway, the two nodes seal
    // under different keys, and each reads what the other wrote.
    cluster.clusterSecrets(NEW, List.of(OLD));
    restart(1, 0, firstKey);
    provider.create(admin(1), "rotated-b", secondKey);
    provider.assertPerformsWith(admin(0), "rotated-b", secondKey);
    // The old oldest leaves: the node now oldest, sealing under the new key, reseals what remains.
    restart(0, 1, firstKey);
    Conditions.await(Duration.ofSeconds(30), "every secret sealed under the new key",
        () -> storedKeyIds().stream().allMatch(keyIdOf(NEW)::equals));

    // 3: the old secret is dropped.
    cluster.clusterSecrets(NEW, List.of());
    restartEach(firstKey);
    for (int node = 0; node < 2; node++) {
      provider.assertPerformsWith(admin(node), "rotated-a", firstKey);
      provider.assertPerformsWith(admin(node), "rotated-b", secondKey);
    }
    assertAllSealedUnder(NEW);
  }

  @Test
  void aSecretStoredInPlaintextByAnOlderVersionIsSealedAtTheNextStart() {
    String key = CanaryProvider.canary();
    provider.create(admin(0), "legacy", key);
    var map = cluster.hazelcast(0).<String, String>getMap("infergate.endpoints");
    StoredDocument sealed = StoredDocument.decode("legacy", map.get("legacy"));
    JsonObject plaintext = sealed.body().copy().put("secret_settings", new JsonObject().put("api_key", key));
    // as a node of the previous version wrote it (its row signed as a node loads it: LegacyRowsTest)
    map.put("legacy", TestSecrets.ENDPOINT_ENTRIES.withBody(sealed, plaintext).encoded());
    assertThat(map.get("legacy")).contains(key);

    cluster.stopNode(1);
    cluster.stopNode(0);
    cluster.startNode(0);
    cluster.startNode(1);

    Conditions.await(Duration.ofSeconds(30), "the plaintext secret sealed",
        () -> CanaryProvider.storedValues(cluster, 2).stream().noneMatch(value -> value.contains(key)));
    assertAllSealedUnder(OLD);
    provider.assertPerformsWith(admin(1), "legacy", key);
  }

  /**
   * Also for users and API keys: their hashes are sealed and their entries signed under the new key
   * by the end, and they still authenticate once the old secret is dropped.
   */
  @Test
  void reloadingTheKeystoresRotatesWithoutARestartWhileWritesGoOn() throws Exception {
    String key = CanaryProvider.canary();
    provider.create(admin(0), "reloaded", key);
    HttpApi elastic = cluster.http(0);
    assertThat(elastic.put("/_security/user/rotated-user", new JsonObject().put("password", "rotated-password")
        .put("roles", new io.vertx.core.json.JsonArray().add("inference_user"))).status()).isEqualTo(200);
    HttpApi.Response apiKey = elastic.post("/_security/api_key", new JsonObject().put("name", "rotated-key"));
    assertThat(apiKey.status()).as(apiKey.body()).isEqualTo(200);
    String encoded = apiKey.json().getString("encoded");
    assertThat(credentialKeyIds()).containsOnly(keyIdOf(OLD));
    assertThat(admin(1).post("/_nodes/reload_secure_settings", new JsonObject()).status())
        .as("manage_inference does not grant it").isEqualTo(403);
    AtomicBoolean writing = new AtomicBoolean(true);
    List<String> failures = new CopyOnWriteArrayList<>();
    AtomicInteger written = new AtomicInteger();
    Thread writes = new Thread(() -> {
      for (int i = 0; writing.get(); i++) {
        HttpApi node = admin(i % 2);
        int created = node.put("/_inference/text_embedding/under-load-" + i, provider.body(key)).status();
        int performed = node.post("/_inference/reloaded", new JsonObject().put("input", "x")).status();
        if (created != 200 || performed != 200) {
          failures.add("write " + i + ": put " + created + ", perform " + performed);
        }
        written.incrementAndGet();
      }
    });
    writes.start();
    try {
      // 1: every keystore gets the new secret as decrypt-only; 2: the new secret seals, the old one opens
      cluster.rewriteKeystore(OLD, List.of(NEW));
      JsonObject first = reload();
      assertThat(first.getJsonObject("_nodes").getInteger("successful")).isEqualTo(2);
      cluster.rewriteKeystore(NEW, List.of(OLD));
      reload();
      Conditions.await(Duration.ofSeconds(30), "every secret sealed under the new key",
          () -> storedKeyIds().stream().allMatch(keyIdOf(NEW)::equals));
      Conditions.await(Duration.ofSeconds(30), "every user's and key's hash sealed under the new key",
          () -> credentialKeyIds().stream().allMatch(keyIdOf(NEW)::equals));
      Conditions.await(Duration.ofSeconds(10), "writes after the rotation", () -> written.get() > 20);
    } finally {
      writing.set(false);
      writes.join(30_000);
    }
    assertThat(failures).as("requests during the rotation").isEmpty();
    // 3: the old secret is dropped
    cluster.rewriteKeystore(NEW, List.of());
    reload();
    for (int node = 0; node < 2; node++) {
      provider.assertPerformsWith(admin(node), "reloaded", key);
      assertThat(cluster.http(node).as("rotated-user", "rotated-password").get("/_inference").status()).isEqualTo(200);
      assertThat(cluster.http(node).withApiKey(encoded).get("/_inference").status()).isEqualTo(200);
    }
  }

  /** The key ids under which the users' and API keys' hashes are sealed in the maps. */
  private List<String> credentialKeyIds() {
    List<String> ids = new java.util.ArrayList<>();
    for (String map : List.of("infergate.users", "infergate.api_keys")) {
      for (var entry : cluster.hazelcast(0).<String, String>getMap(map).entrySet()) {
        JsonObject credentials = StoredDocument.decode(entry.getKey(), entry.getValue()).body()
            .getJsonObject("credentials");
        credentials.forEach(field -> ids.add(SealedValue.keyIdOf((JsonObject) field.getValue())));
      }
    }
    return ids;
  }

  private JsonObject reload() {
    HttpApi.Response response = cluster.http(0).post("/_nodes/reload_secure_settings", new JsonObject());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().getJsonObject("_nodes").getInteger("failed")).as(response.body()).isZero();
    return response.json();
  }

  private void restartEach(String key) {
    restart(1, 0, key);
    restart(0, 1, key);
  }

  /** Restarts node {@code index} while {@code other} keeps serving, performing on it before and after. */
  private void restart(int index, int other, String key) {
    provider.assertPerformsWith(admin(other), "rotated-a", key);
    cluster.stopNode(index);
    provider.assertPerformsWith(admin(other), "rotated-a", key);
    cluster.startNode(index);
    provider.assertPerformsWith(admin(index), "rotated-a", key);
    provider.assertPerformsWith(admin(other), "rotated-a", key);
  }

  private void assertAllSealedUnder(String secretHex) {
    assertThat(storedKeyIds()).isNotEmpty().containsOnly(keyIdOf(secretHex));
  }

  private List<String> storedKeyIds() {
    return CanaryProvider.storedValues(cluster, 2).stream()
        .map(value -> new JsonObject(value).getJsonObject("secret_settings").getValue("api_key"))
        .map(value -> value instanceof JsonObject sealed && SealedValue.isSealed(sealed)
            ? SealedValue.keyIdOf(sealed) : "plaintext")
        .toList();
  }

  private static String keyIdOf(String secretHex) {
    return SecretKeys.fromClusterSecret(HexFormat.of().parseHex(secretHex)).currentId();
  }

  private HttpApi admin(int node) {
    return CanaryProvider.admin(cluster, node);
  }
}
