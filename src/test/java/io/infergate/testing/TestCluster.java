package io.infergate.testing;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.HazelcastInstance;
import io.infergate.InfergateNode;
import io.infergate.cluster.HazelcastConfigFactory;
import io.infergate.config.NodeConfig;
import io.infergate.keystore.KeystoreFile;
import io.infergate.registry.DocumentKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Real Infergate nodes in this JVM, joined over TCP-IP on 127.0.0.1 with free ports and a cluster
 * name of their own, so that parallel runs can never join each other. The registry is written
 * through to a SQLite file under the conf dir unless another store is given.
 */
public final class TestCluster implements AutoCloseable {

  private final List<InfergateNode> nodes = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final List<Integer> otherMembers = new ArrayList<>();
  private final Path confDir;
  private final String clusterName = "infergate-test-" + UUID.randomUUID();
  private final int minClusterSize;
  private final JsonObject store;
  private int eventRetentionCount = 100_000;
  private JsonArray preconfigured = new JsonArray();
  private JsonObject httpSettings = new JsonObject();
  private JsonObject clusterSettings = new JsonObject();
  private JsonObject auditSettings = new JsonObject();
  private JsonObject eventSettings = new JsonObject();
  private JsonObject inferenceSettings = new JsonObject();
  private JsonObject securitySettings = new JsonObject();
  private JsonObject metricsSettings = new JsonObject();
  private List<DocumentKind<?>> moreKinds = List.of();
  private final Optional<String> storePassword;
  private Path keystorePath;
  private int keystores;

  private TestCluster(Path confDir, int size, int minClusterSize, JsonObject store) {
    this.confDir = confDir;
    this.minClusterSize = minClusterSize;
    // The store's password goes where a node reads it: the keystore all the nodes share.
    this.store = store.copy();
    String password = (String) this.store.remove("password");
    this.storePassword = Optional.ofNullable(password).filter(value -> !value.isEmpty());
    this.keystorePath = TestKeystore.write(TestKeystore.path(confDir), TestSecrets.CLUSTER_SECRET_HEX, List.of(),
        storePassword);
    for (int i = 0; i < size; i++) {
      ports.add(Ports.free());
      nodes.add(null);
    }
  }

  /** Starts {@code size} nodes one after another, each joining the ones before it. */
  public static TestCluster start(int size, Path confDir) {
    return start(size, confDir, 1, sqliteStore(confDir));
  }

  public static TestCluster start(int size, Path confDir, int minClusterSize, JsonObject store) {
    TestCluster cluster = create(size, confDir, minClusterSize, store);
    try {
      for (int i = 0; i < size; i++) {
        cluster.startNode(i);
      }
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** A cluster whose nodes are started one by one with {@link #startNode(int)}. */
  public static TestCluster create(int size, Path confDir, int minClusterSize, JsonObject store) {
    TestUsers.write(confDir);
    return new TestCluster(confDir, size, minClusterSize, store);
  }

  /** How many events the cluster keeps for subscribers; set before starting nodes. */
  public TestCluster eventRetention(int count) {
    this.eventRetentionCount = count;
    return this;
  }

  /**
   * A cluster port for a member that is not a node of this cluster (a subscriber process), listed in
   * every node's member list so that the nodes join it even when it started before them.
   */
  public int otherMemberPort() {
    int port = Ports.free();
    otherMembers.add(port);
    return port;
  }

  /** More replicated document kinds every node hosts, after the endpoints; set before starting nodes. */
  public TestCluster documentKinds(List<DocumentKind<?>> kinds) {
    this.moreKinds = List.copyOf(kinds);
    return this;
  }

  /**
   * The cluster secret, and the decrypt-only ones, of the nodes started from now on (all the same by
   * default): they get a keystore of their own holding them.
   */
  public TestCluster clusterSecrets(String currentHex, List<String> decryptOnlyHex) {
    keystores++;
    this.keystorePath = TestKeystore.write(confDir.resolve("infergate-" + keystores + ".keystore"), currentHex,
        decryptOnlyHex, storePassword);
    return this;
  }

  /**
   * Rewrites the keystore the running nodes read (with these secrets, the store password kept):
   * what an operator does before {@code POST /_nodes/reload_secure_settings}.
   */
  public void rewriteKeystore(String currentHex, List<String> decryptOnlyHex) {
    TestKeystore.write(keystorePath, currentHex, decryptOnlyHex, storePassword);
  }

  /** Adds a secure setting (such as {@code http.ssl.keystore.secure_password}) to the nodes' keystore. */
  public TestCluster secureSetting(String name, String value) {
    KeystoreFile file = new KeystoreFile(keystorePath);
    file.save(file.load(new char[0]).with(name, value.getBytes(StandardCharsets.UTF_8)), new char[0]);
    return this;
  }

  /** More {@code http} settings of every node (timeouts, connection limit); set before starting nodes. */
  public TestCluster httpSettings(JsonObject settings) {
    this.httpSettings = settings.copy();
    return this;
  }

  /** More {@code cluster} settings of every node (its {@code ssl}, say); set before starting nodes. */
  public TestCluster clusterSettings(JsonObject settings) {
    this.clusterSettings = settings.copy();
    return this;
  }

  /** More {@code events} settings of every node (the bridge's port and limits); set before starting nodes. */
  public TestCluster eventSettings(JsonObject settings) {
    this.eventSettings = settings.copy();
    return this;
  }

  /** More {@code security} settings of every node (the login throttle); set before starting nodes. */
  public TestCluster securitySettings(JsonObject settings) {
    this.securitySettings = settings.copy();
    return this;
  }

  /** Preconfigured endpoints (PUT bodies with a reserved inference_id); set before starting nodes. */
  /** The nodes' {@code metrics} section ({@code scrape_addresses}); set before starting nodes. */
  public TestCluster metricsSettings(JsonObject settings) {
    this.metricsSettings = settings.copy();
    return this;
  }

  public TestCluster preconfigured(JsonArray endpoints) {
    this.preconfigured = endpoints;
    return this;
  }

  /** The {@code inference} settings of every node (providers, retries, built-in model); set before starting nodes. */
  public TestCluster inferenceSettings(JsonObject settings) {
    this.inferenceSettings = settings.copy();
    return this;
  }

  /** More {@code audit} settings of every node (rotation); set before starting nodes. */
  public TestCluster auditSettings(JsonObject settings) {
    this.auditSettings = settings.copy();
    return this;
  }

  public Path auditFile() {
    return confDir.resolve("logs/audit.json");
  }

  public static JsonObject sqliteStore(Path dir) {
    return new JsonObject().put("type", "sqlite").put("sqlite_path", dir.resolve("data/registry.db").toString());
  }

  public InfergateNode startNode(int index) {
    InfergateNode node = await(InfergateNode.start(NodeConfig.of(nodeSettings(index)), moreKinds));
    nodes.set(index, node);
    return node;
  }

  public void stopNode(int index) {
    InfergateNode node = nodes.set(index, null);
    if (node != null) {
      await(node.close());
    }
  }

  /**
   * Crashes node {@code index} as a killed process would leave the others: its Hazelcast member
   * stops at once without leaving the cluster, then its Vert.x is closed so that nothing of it (a
   * timer, a provider request) goes on in this JVM.
   */
  public void crashNode(int index) {
    hazelcast(index).getLifecycleService().terminate();
    InfergateNode node = nodes.set(index, null);
    try {
      await(node.close());
    } catch (RuntimeException alreadyGone) {
      // its cluster manager is gone: closing may fail, and that is what a crash looks like
    }
  }

  /** The settings node {@code index} starts with (conf/infergate.json's form); HTTP on any free port. */
  public JsonObject nodeSettings(int index) {
    JsonArray memberList = new JsonArray();
    members().forEach(memberList::add);
    return new JsonObject()
        .put("node_name", "node-" + (index + 1))
        .put("cluster_name", clusterName)
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("max_content_length", 64 * 1024)
            .mergeIn(httpSettings))
        .put("cluster", new JsonObject().put("config", "conf/cluster.xml").put("host", "127.0.0.1")
            .put("port", ports.get(index)).put("members", memberList).mergeIn(clusterSettings))
        .put("security", new JsonObject().put("conf_dir", confDir.toString()).put("cache_ttl_seconds", 600)
            .put("cache_max_users", 1000).put("reload_interval_seconds", 1).mergeIn(securitySettings))
        .put("registry", new JsonObject().put("request_timeout_ms", 30_000).put("min_cluster_size", minClusterSize)
            .put("tombstone_retention_seconds", 600)
            .put("preconfigured_endpoints", preconfigured))
        .put("audit", new JsonObject().put("path", confDir.resolve("logs/audit.json").toString()).mergeIn(auditSettings))
        .put("inference", inferenceSettings)
        .put("events", new JsonObject().put("retention_count", eventRetentionCount).put("retention_seconds", 3600)
            .put("bridge_port", -1).mergeIn(eventSettings))
        .put("store", store)
        .put("metrics", metricsSettings)
        .put("keystore", new JsonObject().put("path", keystorePath.toString()));
  }

  public String clusterName() {
    return clusterName;
  }

  /** Every node's cluster address, and those of the other members made known with {@link #otherMemberPort()}. */
  public List<String> members() {
    List<String> members = new ArrayList<>();
    ports.forEach(port -> members.add("127.0.0.1:" + port));
    otherMembers.forEach(port -> members.add("127.0.0.1:" + port));
    return members;
  }

  public InfergateNode node(int index) {
    return nodes.get(index);
  }

  /** The node's Hazelcast member, to crash it ({@code getLifecycleService().terminate()}) or look inside. */
  public HazelcastInstance hazelcast(int index) {
    return ((HazelcastClusterManager) ((VertxInternal) nodes.get(index).vertx()).clusterManager()).getHazelcastInstance();
  }

  /**
   * Waits until every partition has its backup. A cluster that has just started is still
   * replicating them: a member crashing before that loses data that one crash must not lose.
   */
  public void awaitBackups() {
    Conditions.await(Duration.ofSeconds(60), "every partition to have its backup",
        () -> hazelcast(0).getPartitionService().isClusterSafe());
  }

  /**
   * Waits until every running node's {@code _cluster/health} is green: after a process without the
   * cluster secret leaves, writes are refused until each node has seen it go.
   */
  public void awaitGreen() {
    Conditions.await(Duration.ofSeconds(60), "every node's health green", () -> {
      for (int i = 0; i < nodes.size(); i++) {
        if (nodes.get(i) != null
            && !"green".equals(http(i).as(TestUsers.ADMIN).get("/_cluster/health").json().getString("status"))) {
          return false;
        }
      }
      return true;
    });
  }

  /**
   * The Hazelcast configuration of a process that knows this cluster's name and nothing else (no
   * keystore), joining {@code members} over TCP on a free port: how the hostile tests join.
   */
  public Config outsiderConfig(boolean liteMember, List<String> members) {
    Config config = new Config().setClusterName(clusterName()).setLiteMember(liteMember);
    config.getNetworkConfig().setPort(Ports.free()).setPortAutoIncrement(false);
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    return config;
  }

  /**
   * A Vert.x process joined to the nodes the way {@code WatchDeletions} joins: a lite member, with
   * the event bus on 127.0.0.1. It holds no keystore until it creates a subscriber with the secret.
   */
  public Vertx joinAsSubscriber() {
    JsonObject settings = nodeSettings(0);
    int port = Ports.free();
    settings.getJsonObject("cluster").put("port", port).getJsonArray("members").add("127.0.0.1:" + port);
    HazelcastClusterManager manager = new HazelcastClusterManager(
        HazelcastConfigFactory.forSubscriber(NodeConfig.of(settings)));
    VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions()
        .setHost("127.0.0.1").setClusterPublicHost("127.0.0.1").setPort(0));
    return await(Vertx.builder().with(options).withClusterManager(manager).buildClustered());
  }

  public Config outsiderConfig(boolean liteMember) {
    return outsiderConfig(liteMember, members());
  }

  public HttpApi http(int index) {
    return new HttpApi(nodes.get(index).httpPort());
  }

  public Path confDir() {
    return confDir;
  }

  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      try {
        stopNode(i);
      } catch (RuntimeException ignored) {
        // keep closing the others
      }
    }
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("operation did not complete", e);
    }
  }
}
