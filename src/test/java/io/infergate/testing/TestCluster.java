package io.infergate.testing;

import io.infergate.InfergateNode;
import io.infergate.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Real Infergate nodes in this JVM, joined over TCP-IP on 127.0.0.1 with free ports and a cluster
 * name of their own, so that parallel runs can never join each other.
 */
public final class TestCluster implements AutoCloseable {

  private final List<InfergateNode> nodes = new ArrayList<>();
  private final Path confDir;

  private TestCluster(Path confDir) {
    this.confDir = confDir;
  }

  /** Starts {@code size} nodes one after another, each joining the ones before it. */
  public static TestCluster start(int size, Path confDir) {
    TestCluster cluster = new TestCluster(TestUsers.write(confDir));
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(Ports.free());
    }
    String clusterName = "infergate-test-" + UUID.randomUUID();
    try {
      for (int i = 0; i < size; i++) {
        cluster.nodes.add(await(InfergateNode.start(config(clusterName, "node-" + (i + 1), ports.get(i), ports, confDir))));
      }
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  static NodeConfig config(String clusterName, String nodeName, int clusterPort, List<Integer> members, Path confDir) {
    JsonArray memberList = new JsonArray();
    members.forEach(port -> memberList.add("127.0.0.1:" + port));
    return NodeConfig.of(new JsonObject()
        .put("node_name", nodeName)
        .put("cluster_name", clusterName)
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("max_content_length", 64 * 1024))
        .put("cluster", new JsonObject().put("config", "conf/cluster.xml").put("host", "127.0.0.1")
            .put("port", clusterPort).put("members", memberList))
        .put("security", new JsonObject().put("conf_dir", confDir.toString()).put("cache_ttl_seconds", 600)
            .put("cache_max_users", 1000).put("reload_interval_seconds", 1))
        .put("registry", new JsonObject().put("request_timeout_ms", 30_000).put("min_cluster_size", 1)
            .put("tombstone_retention_seconds", 600))
        .put("store", new JsonObject().put("type", "h2").put("h2_path", confDir.resolve("data/registry").toString())));
  }

  public InfergateNode node(int index) {
    return nodes.get(index);
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
        await(nodes.get(i).close());
      } catch (RuntimeException ignored) {
        // keep closing the others
      }
    }
    nodes.clear();
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("operation did not complete", e);
    }
  }
}
