package io.infergate.testing;

import io.infergate.Infergate;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gateway node in a JVM of its own ({@link Infergate#main}), started from the settings of a
 * {@link TestCluster} node, so that a test can {@code kill -9} it. Its output goes to a log file
 * beside its settings, which a failed start prints.
 */
public final class NodeProcess implements AutoCloseable {

  private final Process process;
  private final int httpPort;
  private final Path log;

  private NodeProcess(Process process, int httpPort, Path log) {
    this.process = process;
    this.httpPort = httpPort;
    this.log = log;
  }

  /** Starts the node; {@code settings} with HTTP on port 0 get a free port of their own. */
  public static NodeProcess start(JsonObject settings, Path dir) {
    JsonObject own = settings.copy();
    JsonObject http = own.getJsonObject("http");
    if (http.getInteger("port", 0) == 0) {
      http.put("port", Ports.free());
    }
    String name = own.getString("node_name");
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(name + ".json");
      Files.writeString(file, own.encodePrettily());
      Path log = dir.resolve(name + ".log");
      // The working directory stays the project's: the settings name conf/cluster.xml relative to it.
      Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"), Infergate.class.getName(), file.toString()))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      return new NodeProcess(process, http.getInteger("port"), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + name, e);
    }
  }

  /** The settings this node was started with, HTTP port included, to start it again. */
  public static JsonObject settingsOf(Path dir, String nodeName) {
    try {
      return new JsonObject(Files.readString(dir.resolve(nodeName + ".json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public HttpApi http() {
    return new HttpApi(httpPort);
  }

  /** Waits until the node serves HTTP in a cluster of {@code size} gateways. */
  public void awaitServing(int size) {
    HttpApi api = http().as(TestUsers.READER);
    try {
      Conditions.await(Duration.ofSeconds(120), "node on port " + httpPort + " in a cluster of " + size, () -> {
        if (!process.isAlive()) {
          throw new AssertionError("the node exited with " + process.exitValue() + "; its log:\n" + logText());
        }
        try {
          HttpApi.Response health = api.get("/_cluster/health");
          return health.status() == 200 && health.json().getInteger("number_of_nodes") == size;
        } catch (RuntimeException notYet) {
          return false;
        }
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n--- log of the node on port " + httpPort + ":\n" + logText(), e);
    }
  }

  public int httpPort() {
    return httpPort;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until {@code /_infergate/ready} answers 200 (no credentials, as a load balancer asks). */
  public void awaitReady(Duration timeout) {
    HttpApi probe = http().anonymous();
    try {
      Conditions.await(timeout, "node on port " + httpPort + " ready", () -> {
        if (!process.isAlive()) {
          throw new AssertionError("the node exited with " + process.exitValue());
        }
        try {
          return probe.get("/_infergate/ready").status() == 200;
        } catch (RuntimeException notYet) {
          return false;
        }
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n--- log of the node on port " + httpPort + ":\n" + logText(), e);
    }
  }

  /** {@code kill -TERM} ({@link Process#destroy()} sends SIGTERM on Linux): the node stops gracefully. */
  public void terminate() {
    process.destroy();
  }

  /** Waits for the process to end and returns its exit status. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the node on port " + httpPort + " did not exit within " + timeout + "; its log:\n"
            + logText());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** {@code kill -9}: the node gets no chance to close anything. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("the node on port " + httpPort + " did not die");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The node's output so far (its last 20,000 characters); a restarted node appends to the same file. */
  public String logText() {
    try {
      String text = Files.readString(log);
      return text.length() > 20_000 ? text.substring(text.length() - 20_000) : text;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
