package io.infergate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.infergate.config.NodeConfig;
import io.infergate.testing.Conditions;
import io.infergate.testing.Ports;
import io.infergate.testing.TestKeystore;
import io.infergate.testing.TestUsers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node whose port is taken fails with one line naming the setting to change, before it joins any cluster. */
class PortConflictTest {

  @TempDir
  Path dir;

  @Test
  void aTakenHttpPortIsNamedWithItsSetting() throws Exception {
    try (ServerSocket taken = listening()) {
      assertThat(startFailure(config(taken.getLocalPort(), Ports.free(), -1)))
          .isInstanceOf(PortInUseException.class)
          .hasMessage("HTTP port " + taken.getLocalPort() + " is in use; set http.port (INFERGATE_HTTP_PORT) to a free port");
    }
  }

  @Test
  void aTakenClusterPortIsNamedWithItsSetting() throws Exception {
    try (ServerSocket taken = listening()) {
      assertThat(startFailure(config(0, taken.getLocalPort(), -1)))
          .hasMessage("cluster port " + taken.getLocalPort()
              + " is in use; set cluster.port (INFERGATE_CLUSTER_PORT) to a free port");
    }
  }

  @Test
  void aTakenEventBridgePortIsNamedWithItsSetting() throws Exception {
    try (ServerSocket taken = listening()) {
      assertThat(startFailure(config(0, Ports.free(), taken.getLocalPort())))
          .hasMessage("event bridge port " + taken.getLocalPort()
              + " is in use; set events.bridge_port (INFERGATE_EVENTS_BRIDGE_PORT) to a free port");
    }
  }

  @Test
  void aPortTakenBetweenTheCheckAndTheBindIsNamedToo() {
    ListeningPorts.Port port = new ListeningPorts.Port("HTTP", "http.port", "127.0.0.1", 9290);
    Future<Object> failed = port.whenBindFails().apply(new IllegalStateException(new BindException("Address already in use")));
    Future<Object> other = port.whenBindFails().apply(new IllegalStateException("something else"));

    assertThat(failed.cause()).isInstanceOf(PortInUseException.class)
        .hasMessage("HTTP port 9290 is in use; set http.port (INFERGATE_HTTP_PORT) to a free port");
    assertThat(other.cause()).hasMessage("something else");
  }

  @Test
  void theProcessExitsNonZeroWithOneLineAndWritesNoPidFile() throws Exception {
    try (ServerSocket taken = listening()) {
      Path pidFile = dir.resolve("run/node.pid");
      Process node = startProcess(taken.getLocalPort(), pidFile);
      assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("the node exits").isTrue();
      String output = Files.readString(dir.resolve("node.log"));

      assertThat(node.exitValue()).as(output).isEqualTo(1);
      assertThat(output).contains("HTTP port " + taken.getLocalPort()
          + " is in use; set http.port (INFERGATE_HTTP_PORT) to a free port");
      assertThat(output).doesNotContain("BindException").doesNotContain("\tat ");
      assertThat(pidFile).doesNotExist();
    }
  }

  @Test
  void aStartedProcessWritesItsPidOnceListeningAndRemovesItWhenStopped() throws Exception {
    Path pidFile = dir.resolve("run/node.pid");
    Process node = startProcess(Ports.free(), pidFile);
    try {
      Conditions.await(Duration.ofSeconds(90), "the node writes its pid", () -> pidIn(pidFile).equals(String.valueOf(node.pid())));
    } finally {
      node.destroy();
      assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("the node stops").isTrue();
    }
    assertThat(pidFile).doesNotExist();
  }

  private static ServerSocket listening() throws IOException {
    return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  private static Throwable startFailure(NodeConfig config) {
    Throwable thrown = catchThrowable(() -> InfergateNode.start(config).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS).close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));
    assertThat(thrown).as("the node must not start").isInstanceOf(ExecutionException.class);
    return thrown.getCause();
  }

  private NodeConfig config(int httpPort, int clusterPort, int bridgePort) {
    TestUsers.write(dir);
    return NodeConfig.of(new JsonObject()
        .put("node_name", "node-1")
        .put("cluster_name", "infergate-test-" + UUID.randomUUID())
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", httpPort))
        .put("cluster", new JsonObject().put("config", "conf/cluster.xml").put("host", "127.0.0.1")
            .put("port", clusterPort).put("members", new JsonArray().add("127.0.0.1:" + clusterPort)))
        .put("security", new JsonObject().put("conf_dir", dir.toString()))
        .put("audit", new JsonObject().put("path", dir.resolve("audit.json").toString()))
        .put("events", new JsonObject().put("bridge_host", "127.0.0.1").put("bridge_port", bridgePort))
        .put("store", new JsonObject().put("type", "memory"))
        .put("keystore", new JsonObject().put("path", TestKeystore.path(dir).toString())));
  }

  /** The node's main, as scripts/start-node runs it, with the repository's conf/infergate.json and overrides. */
  private Process startProcess(int httpPort, Path pidFile) throws IOException {
    int clusterPort = Ports.free();
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Infergate.class.getName(), "conf/infergate.json")
        .redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile());
    Map<String, String> env = builder.environment();
    env.put("ELASTIC_PASSWORD", TestUsers.PASSWORD);
    env.put("INFERGATE_HTTP_PORT", String.valueOf(httpPort));
    env.put("INFERGATE_CLUSTER_PORT", String.valueOf(clusterPort));
    env.put("INFERGATE_CLUSTER_MEMBERS", "127.0.0.1:" + clusterPort);
    env.put("INFERGATE_CLUSTER_NAME", "infergate-test-" + UUID.randomUUID());
    env.put("INFERGATE_EVENTS_BRIDGE_PORT", "0");
    env.put("INFERGATE_SECURITY_CONF_DIR", dir.resolve("conf").toString());
    env.put("INFERGATE_AUDIT_PATH", dir.resolve("audit.json").toString());
    env.put("INFERGATE_STORE_TYPE", "memory");
    env.put("INFERGATE_KEYSTORE_PATH", TestKeystore.path(dir).toString());
    env.put("INFERGATE_REGISTRY_PRECONFIGURED_ENDPOINTS", "");
    env.put("INFERGATE_PID_FILE", pidFile.toString());
    return builder.start();
  }

  private static String pidIn(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      return "";
    }
  }
}
