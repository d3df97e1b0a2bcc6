package io.infergate.inference.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.examples.mock.MockProviderServer;
import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.MockProviderNode;
import io.infergate.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One rate limit for the whole cluster, as the provider sees it: three gateway nodes, an endpoint
 * limited to 600 requests per minute, clients sending three times that for a minute split 80/15/5
 * between the nodes (open loop: they do not wait for answers), and the real mock provider counting
 * what reached it per 10-second window. At the same time, on a second cluster with a mock of its
 * own, the same with the busiest node crashed halfway, its clients moving to another node, as
 * behind a load balancer (the two runs share the minute, not their nodes).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("long") // a minute of traffic on two clusters: run apart, mvn -B test -Pextended (.ci/run does)
class ClusterAdmissionTest {

  private static final int LIMIT = 600;
  private static final long SECONDS = Long.getLong("infergate.admission.seconds", 60);
  private static final double[] SPLIT = {0.80, 0.15, 0.05};
  private static final long WINDOW_MS = 10_000;

  @TempDir
  static Path conf;
  static MockProviderNode steady;
  static MockProviderNode crashing;
  static MockProviderServer mock;
  static TestCluster cluster;

  @BeforeAll
  static void start() {
    steady = MockProviderNode.start(conf.resolve("steady"), new JsonObject(), 3);
    crashing = MockProviderNode.start(conf.resolve("crashing"), new JsonObject(), 3);
    cluster = steady.cluster();
    mock = steady.mock();
  }

  @AfterAll
  static void stop() {
    steady.close();
    crashing.close();
  }

  @Test
  @Order(1)
  void theProviderSeesTheLimitWhateverNodeTheClientsUseEvenWhenOneCrashes() throws Exception {
    CompletableFuture<List<Long>> crashRun = CompletableFuture.supplyAsync(() -> run(crashing, "crash", 0));
    List<Long> windows = run(steady, "steady", -1);
    List<Long> crashWindows = crashRun.get(SECONDS + 60, TimeUnit.SECONDS);

    long admitted = windows.stream().mapToLong(Long::longValue).sum();
    System.out.println("steady: admitted " + admitted + " of a limit of " + expected() + " per window " + windows);
    assertThat((double) admitted).as("admitted over the run, per 10 s " + windows)
        .isBetween(expected() * 0.95, expected() * 1.05);
    assertThat(windows).as("no 10-second window above 110 % of its share").allSatisfy(
        count -> assertThat((double) count).isLessThanOrEqualTo(perWindow() * 1.10));
    assertCrashRun(crashWindows);
  }

  @Test
  @Order(2)
  void anUpdatedLimitHoldsOnEveryNodeWhenTheUpdateIsAcknowledged() throws Exception {
    JsonObject body = Endpoints.openAi();
    body.getJsonObject("service_settings").put("url", "http://127.0.0.1:" + mock.port() + "/v1/embeddings")
        .put("rate_limit", new JsonObject().put("requests_per_minute", 1));
    assertThat(cluster.http(0).put("/_inference/text_embedding/raised", body).status()).isEqualTo(200);
    JsonObject input = new JsonObject().put("input", "hello");
    assertThat(cluster.http(2).post("/_inference/raised", input).status()).isEqualTo(200);
    CompletableFuture<Integer> queued = CompletableFuture.supplyAsync(
        () -> cluster.http(2).post("/_inference/raised?timeout=60s", input).status());
    Conditions.await(Duration.ofSeconds(10), "a request queued on node 3", () -> cluster.http(2)
        .get("/_inference/raised/_stats").json().getJsonObject("cluster").getLong("queue_depth") == 1);

    assertThat(cluster.http(0).put("/_inference/text_embedding/raised/_update", new JsonObject().put("service_settings",
        new JsonObject().put("rate_limit", new JsonObject().put("requests_per_minute", 60_000)))).status()).isEqualTo(200);

    assertThat(queued.get(10, TimeUnit.SECONDS)).as("node 3's queued request, released by the update").isEqualTo(200);
    for (int node = 0; node < 3; node++) {
      JsonObject stats = cluster.http(node).get("/_inference/raised/_stats").json();
      assertThat(stats.getJsonObject("rate_limit").getInteger("requests_per_minute")).isEqualTo(60_000);
    }
  }

  private static void assertCrashRun(List<Long> windows) {
    long admitted = windows.stream().mapToLong(Long::longValue).sum();
    System.out.println("crash: admitted " + admitted + " of a limit of " + expected() + " per window " + windows);
    assertThat((double) admitted).as("admitted over the run, per 10 s " + windows)
        .isBetween(expected() * 0.90, expected() * 1.10);
    assertThat(windows).as("no 10-second window above 110 % of its share").allSatisfy(
        count -> assertThat((double) count).isLessThanOrEqualTo(perWindow() * 1.10));
    assertThat((double) windows.get(windows.size() - 1)).as("the last window, once the crash is noticed: " + windows)
        .isGreaterThanOrEqualTo(perWindow() * 0.90);
  }

  private static double expected() {
    return LIMIT * SECONDS / 60.0;
  }

  private static double perWindow() {
    return LIMIT * WINDOW_MS / 60_000.0;
  }

  /**
   * Sends three times the limit for {@link #SECONDS}, crashing node {@code crash} halfway (none
   * when negative); returns what reached the mock per 10-second window of the run.
   *
   * @param nodes the cluster and its own mock provider
   */
  private static List<Long> run(MockProviderNode nodes, String id, int crash) {
    try {
      return load(nodes, id, crash);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<Long> load(MockProviderNode nodes, String id, int crash) throws InterruptedException {
    TestCluster cluster = nodes.cluster();
    JsonObject body = Endpoints.openAi();
    body.getJsonObject("service_settings").put("url", nodes.url("/v1/embeddings"))
        .put("rate_limit", new JsonObject().put("requests_per_minute", LIMIT));
    int live = crash == 0 ? 1 : 0;
    assertThat(cluster.http(live).put("/_inference/text_embedding/" + id, body).status()).isEqualTo(200);

    int[] ports = new int[3];
    for (int i = 0; i < 3; i++) {
      ports[i] = cluster.http(i).port();
    }
    AtomicIntegerArray target = new AtomicIntegerArray(ports);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String authorization = cluster.http(live).basicAuthorization();
    ScheduledExecutorService clients = Executors.newScheduledThreadPool(3);
    long start = System.currentTimeMillis();
    try {
      for (int node = 0; node < 3; node++) {
        int from = node;
        double perSecond = 3.0 * LIMIT / 60 * SPLIT[node];
        long periodMicros = Math.round(1e6 / perSecond);
        clients.scheduleAtFixedRate(() -> {
          HttpRequest request = HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + target.get(from) + "/_inference/" + id + "?timeout=5s"))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", authorization).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"input\":\"hello\"}")).build();
          client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
      }
      if (crash >= 0) {
        Thread.sleep(SECONDS * 500); // the load's own schedule: the crash happens halfway through the run
        int survivor = crash == 0 ? 1 : 0;
        target.set(crash, ports[survivor]);
        cluster.crashNode(crash);
      }
      long end = start + SECONDS * 1000;
      while (System.currentTimeMillis() < end) {
        Thread.sleep(Math.min(1000, Math.max(1, end - System.currentTimeMillis())));
      }
    } finally {
      clients.shutdownNow();
    }
    List<Long> windows = nodes.mock().stats().perWindow(null, start, WINDOW_MS);
    return new ArrayList<>(windows.subList(0, Math.min(windows.size(), (int) (SECONDS * 1000 / WINDOW_MS))));
  }
}
