package io.infergate;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.NodeProcess;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: a rolling restart of three gateway processes (one shared SQLite store), each stopped
 * with SIGTERM and started again while clients create, read and delete endpoints through all of
 * them, sending new requests only to nodes whose readiness probe answers 200, as a load balancer
 * would. No acknowledged create is lost, no acknowledged delete comes back, every read agrees with
 * what was acknowledged, no request under way on a node when its SIGTERM came fails (nor one sent to
 * it in its drain delay), and each node exits with 0 after logging every step of its shutdown.
 * The only refusals are 503 {@code cluster_block_exception}s while a restarted node joins (writes
 * wait for its attestation), counted and printed. Also: a second SIGTERM ends a node at once.
 */
@Tag("long")
class RollingRestartTest {

  private static final int NODES = 3;
  private static final int WORKERS = 3;
  /** What each node logs, in this order, on its way out. */
  private static final List<String> SHUTDOWN_STEPS = List.of(
      "SIGTERM received: shutting down",
      "shutting down: the readiness probe answers 503",
      "keeps serving for shutdown.drain_delay",
      "stopped accepting HTTP connections",
      "finished its in-flight HTTP requests",
      "closed the event bridge",
      "leaving the cluster",
      "left the cluster",
      "closed its store",
      "node stopped cleanly; exit status 0");

  @TempDir
  Path dir;

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** One request of the load: where it went, when, and how it ended. */
  record Outcome(String op, String id, int node, long sentNanos, long endNanos, int status, String error) {
    boolean refusedConnection() {
      return error != null && error.startsWith(ConnectException.class.getName());
    }
  }

  @Test
  void aRollingRestartUnderLoadLosesNoAcknowledgedWriteAndFailsNoRequestThatHadArrived() throws Exception {
    TestCluster cluster = TestCluster.create(NODES, dir.resolve("conf"), 2, TestCluster.sqliteStore(dir));
    Path nodesDir = dir.resolve("nodes");
    NodeProcess[] nodes = new NodeProcess[NODES];
    int[] ports = new int[NODES];
    String[] names = new String[NODES];
    AtomicIntegerArray ready = new AtomicIntegerArray(NODES);
    long[] sigtermAt = new long[NODES];
    long[] readyAgainAt = new long[NODES];
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    Set<String> acknowledgedLive = ConcurrentHashMap.newKeySet();
    Set<String> acknowledgedDeleted = ConcurrentHashMap.newKeySet();
    List<String> violations = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    try {
      for (int i = 0; i < NODES; i++) {
        JsonObject settings = cluster.nodeSettings(i)
            .put("shutdown", new JsonObject().put("timeout", "30s").put("drain_delay", "1s"));
        settings.getJsonObject("events").put("bridge_port", 0);
        nodes[i] = NodeProcess.start(settings, nodesDir);
        ports[i] = nodes[i].httpPort();
        names[i] = settings.getString("node_name");
      }
      for (NodeProcess node : nodes) {
        node.awaitReady(Duration.ofSeconds(180));
      }

      // The load balancer's view: every node probed every 100 ms.
      AtomicLong noneReadyNanos = new AtomicLong();
      threads.add(daemon("prober", () -> {
        long noneSince = -1;
        while (!stop.get()) {
          int readyNodes = 0;
          for (int i = 0; i < NODES; i++) {
            boolean up = probe(ports[i]);
            ready.set(i, up ? 1 : 0);
            readyNodes += up ? 1 : 0;
          }
          long now = System.nanoTime();
          if (readyNodes == 0 && noneSince < 0) {
            noneSince = now;
          } else if (readyNodes > 0 && noneSince >= 0) {
            noneReadyNanos.addAndGet(now - noneSince);
            noneSince = -1;
          }
          pause(100);
        }
      }));
      AtomicInteger done = new AtomicInteger();
      for (int w = 0; w < WORKERS; w++) {
        int worker = w;
        threads.add(daemon("load-" + w, () -> {
          List<String> mine = new ArrayList<>();
          int created = 0;
          while (!stop.get()) {
            int node = pickReady(ready);
            if (node < 0) {
              pause(20);
              continue;
            }
            Outcome outcome = oneRequest(worker, node, ports[node], mine, created, acknowledgedLive,
                acknowledgedDeleted, violations);
            if (outcome.op().equals("create") && !outcome.refusedConnection()) {
              created++;
            }
            outcomes.add(outcome);
            if (outcome.error() == null && outcome.status() < 300) {
              done.incrementAndGet();
            }
          }
        }));
      }
      threads.forEach(Thread::start);
      awaitProgress(done, 60);

      for (int i = 0; i < NODES; i++) {
        sigtermAt[i] = System.nanoTime();
        nodes[i].terminate();
        int status = nodes[i].awaitExit(Duration.ofSeconds(120));
        String log = nodes[i].logText();
        assertThat(status).as("exit status of %s; its log:%n%s", names[i], log).isZero();
        assertStepsInOrder(names[i], log.substring(log.lastIndexOf("SIGTERM received")));
        nodes[i] = NodeProcess.start(NodeProcess.settingsOf(nodesDir, names[i]), nodesDir);
        nodes[i].awaitReady(Duration.ofSeconds(180));
        readyAgainAt[i] = System.nanoTime();
        awaitProgress(done, 60);
      }
      stop.set(true);
      for (Thread thread : threads) {
        thread.join(90_000);
      }

      // Every acknowledged create is on every node; no acknowledged delete came back anywhere.
      for (int i = 0; i < NODES; i++) {
        Set<String> listed = new HttpApi(ports[i]).as(TestUsers.ADMIN).get("/_inference/_all").json()
            .getJsonArray("endpoints").stream().map(e -> ((JsonObject) e).getString("inference_id"))
            .collect(Collectors.toSet());
        assertThat(listed).as("endpoints on %s", names[i]).containsAll(acknowledgedLive);
        assertThat(listed).as("endpoints on %s", names[i]).doesNotContainAnyElementsOf(acknowledgedDeleted);
      }
      assertThat(violations).as("reads that disagreed with an acknowledged write").isEmpty();

      Map<String, Long> byKind = outcomes.stream().collect(Collectors.groupingBy(RollingRestartTest::kind,
          Collectors.counting()));
      System.out.println("rolling restart outcomes: " + byKind + "; no node ready for "
          + Duration.ofNanos(noneReadyNanos.get()).toMillis() + " ms in all");
      // Requests each node had when its SIGTERM came, and those sent to it in the drain delay: all answered.
      for (int i = 0; i < NODES; i++) {
        int node = i;
        List<Outcome> beforeItsShutdown = outcomes.stream()
            .filter(o -> o.node() == node && o.sentNanos() < sigtermAt[node] && o.endNanos() > sigtermAt[node]).toList();
        List<Outcome> inItsDrain = outcomes.stream()
            .filter(o -> o.node() == node && o.sentNanos() >= sigtermAt[node] && o.sentNanos() < readyAgainAt[node])
            .toList();
        System.out.println(names[i] + ": " + beforeItsShutdown.size() + " requests under way at its SIGTERM, "
            + inItsDrain.size() + " sent to it after (in the drain delay, before the probe said 503)");
        assertThat(beforeItsShutdown).as("requests under way on %s when its SIGTERM came", names[i])
            .allMatch(RollingRestartTest::succeeded);
        assertThat(inItsDrain).as("requests sent to %s during its drain delay", names[i])
            .allMatch(o -> succeeded(o) || o.refusedConnection());
      }
      for (int i = 0; i < NODES; i++) {
        int node = i;
        List<Outcome> refused = outcomes.stream().filter(RollingRestartTest::isClusterBlock)
            .filter(o -> o.sentNanos() >= sigtermAt[node] && o.sentNanos() <= readyAgainAt[node]).toList();
        if (!refused.isEmpty()) {
          long first = refused.stream().mapToLong(Outcome::sentNanos).min().orElseThrow();
          long last = refused.stream().mapToLong(Outcome::endNanos).max().orElseThrow();
          System.out.println("while " + names[i] + " rejoined: " + refused.size() + " writes refused with 503 over "
              + Duration.ofNanos(last - first).toMillis() + " ms, the last " + Duration.ofNanos(readyAgainAt[node] - last)
              .toMillis() + " ms before it was seen ready");
        }
      }
      // While a restarted node joins, every gateway refuses writes until it has answered the attestation
      // challenge: an explicit 503 that writes nothing, which a client retries on another node. Nothing
      // else may fail.
      List<Outcome> failed = outcomes.stream()
          .filter(o -> !succeeded(o) && !o.refusedConnection())
          .filter(o -> !(isClusterBlock(o) && duringARestart(o, sigtermAt, readyAgainAt)))
          .toList();
      assertThat(failed).as("failed requests (outcomes by kind: %s)", byKind).isEmpty();
      assertThat(acknowledgedLive.size() + acknowledgedDeleted.size()).as("acknowledged writes").isGreaterThan(50);
      assertThat(acknowledgedDeleted).as("acknowledged deletes").isNotEmpty();
    } finally {
      stop.set(true);
      for (NodeProcess node : nodes) {
        if (node != null) {
          node.close();
        }
      }
    }
  }

  @Test
  void aSecondSigtermEndsTheNodeAtOnce() throws Exception {
    TestCluster cluster = TestCluster.create(1, dir.resolve("conf"), 1, TestCluster.sqliteStore(dir));
    JsonObject settings = cluster.nodeSettings(0)
        .put("shutdown", new JsonObject().put("timeout", "5m").put("drain_delay", "0s"));
    try (NodeProcess node = NodeProcess.start(settings, dir.resolve("nodes"));
        Socket slow = new Socket()) {
      node.awaitReady(Duration.ofSeconds(180));
      slow.connect(new java.net.InetSocketAddress("127.0.0.1", node.httpPort()));
      OutputStream out = slow.getOutputStream();
      // A request under way that never ends: the first SIGTERM waits for it (up to five minutes).
      out.write(("PUT /_inference/sparse_embedding/never-done HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
          + basic(TestUsers.ADMIN) + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(node.http().anonymous().get("/_infergate/live").status()).isEqualTo(200);
      node.terminate();
      Conditions.await(Duration.ofSeconds(60), "the node waiting for the request under way",
          () -> node.logText().contains("stopped accepting HTTP connections; "));
      assertThat(node.isAlive()).isTrue();
      long second = System.nanoTime();
      node.terminate();
      assertThat(node.awaitExit(Duration.ofSeconds(30))).isEqualTo(143);
      assertThat(Duration.ofNanos(System.nanoTime() - second)).isLessThan(Duration.ofSeconds(10));
      assertThat(node.logText()).contains("second SIGTERM during the shutdown: stopping at once, exit status 143");
    }
  }

  private Outcome oneRequest(int worker, int node, int port, List<String> mine, int created,
      Set<String> acknowledgedLive, Set<String> acknowledgedDeleted, List<String> violations) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<String> live = mine.stream().filter(acknowledgedLive::contains).toList();
    double dice = random.nextDouble();
    String op;
    String id;
    if (live.isEmpty() || dice < 0.4) {
      op = "create";
      id = "rolling-" + worker + "-" + created;
    } else if (dice < 0.6) {
      op = "delete";
      id = live.get(random.nextInt(live.size()));
    } else {
      op = "read";
      id = mine.get(random.nextInt(mine.size()));
    }
    boolean expectLive = acknowledgedLive.contains(id);
    boolean expectGone = acknowledgedDeleted.contains(id);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_inference/"
            + (op.equals("create") ? "sparse_embedding/" : "") + id))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", basic(TestUsers.ADMIN));
    switch (op) {
      case "create" -> request.header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(Endpoints.huggingFace().encode()));
      case "delete" -> request.DELETE();
      default -> request.GET();
    }
    long sent = System.nanoTime();
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if (op.equals("create") && status == 200) {
        mine.add(id);
        acknowledgedLive.add(id);
      } else if (op.equals("delete")) {
        // Deleted but not acknowledged, or not known to be deleted: no longer an acknowledged create.
        acknowledgedLive.remove(id);
        if (status == 200 && new JsonObject(response.body()).getBoolean("acknowledged", false)) {
          acknowledgedDeleted.add(id);
        }
      } else if (op.equals("read") && ((expectLive && status != 200) || (expectGone && status != 404))) {
        violations.add("GET " + id + " on node " + (node + 1) + ": " + status + " " + response.body());
      }
      boolean unacknowledged = op.equals("delete") && status == 200 && !acknowledgedDeleted.contains(id);
      String error = unacknowledged ? "unacknowledged: " + response.body()
          : status < 300 || (op.equals("read") && status == 404 && expectGone) ? null : response.body();
      return new Outcome(op, id, node, sent, System.nanoTime(), status, error);
    } catch (HttpConnectTimeoutException | ConnectException refused) {
      return new Outcome(op, id, node, sent, System.nanoTime(), 0, ConnectException.class.getName() + ": " + refused);
    } catch (IOException failed) {
      if (failed.getCause() instanceof ConnectException) {
        return new Outcome(op, id, node, sent, System.nanoTime(), 0, ConnectException.class.getName() + ": " + failed);
      }
      if (op.equals("delete")) {
        acknowledgedLive.remove(id);
      }
      return new Outcome(op, id, node, sent, System.nanoTime(), 0, failed.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(op, id, node, sent, System.nanoTime(), 0, e.toString());
    }
  }

  private static boolean succeeded(Outcome outcome) {
    return outcome.error() == null;
  }

  private static boolean isClusterBlock(Outcome outcome) {
    return outcome.status() == 503 && outcome.error() != null && outcome.error().contains("\"cluster_block_exception\"");
  }

  private static boolean duringARestart(Outcome outcome, long[] sigtermAt, long[] readyAgainAt) {
    for (int i = 0; i < sigtermAt.length; i++) {
      if (outcome.sentNanos() >= sigtermAt[i] && outcome.sentNanos() <= readyAgainAt[i]) {
        return true;
      }
    }
    return false;
  }

  private static String kind(Outcome outcome) {
    if (outcome.refusedConnection()) {
      return outcome.op() + " refused connection";
    }
    return outcome.op() + " " + (outcome.error() == null ? "ok" : outcome.status() == 0 ? outcome.error()
        : String.valueOf(outcome.status()));
  }

  private boolean probe(int port) {
    try {
      return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_infergate/ready"))
          .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException down) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int pickReady(AtomicIntegerArray ready) {
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < ready.length(); i++) {
      if (ready.get(i) == 1) {
        candidates.add(i);
      }
    }
    return candidates.isEmpty() ? -1 : candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
  }

  private static void awaitProgress(AtomicInteger done, int more) {
    int target = done.get() + more;
    Conditions.await(Duration.ofSeconds(120), more + " more successful requests", () -> done.get() >= target);
  }

  private static void assertStepsInOrder(String node, String log) {
    int at = 0;
    for (String step : SHUTDOWN_STEPS) {
      int found = log.indexOf(step, at);
      assertThat(found).as("step [%s] of %s's shutdown, after the previous one, in:%n%s", step, node, log)
          .isGreaterThanOrEqualTo(0);
      at = found;
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + TestUsers.PASSWORD)
        .getBytes(StandardCharsets.UTF_8));
  }
}
