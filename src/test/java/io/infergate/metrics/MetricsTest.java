package io.infergate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.Addresses;
import io.infergate.bus.EndpointEvent;
import io.infergate.bus.ViewMessage;
import io.infergate.events.EndpointEventSubscriber;
import io.infergate.events.EventFilter;
import io.infergate.events.Subscription;
import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.PrometheusText;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestSecrets;
import io.infergate.testing.TestUsers;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics of a two-node cluster, scraped from {@code GET /_prometheus/metrics}: exact HTTP request
 * counts by route template, method and status after a known sequence; who may scrape
 * (monitor_inference or monitor; without credentials only from an address of
 * {@code metrics.scrape_addresses}, here 127.0.0.2, by its socket address); registry writes by kind,
 * operation and outcome with their acknowledgment time; the store's write and sync time; membership;
 * the event log's head; a node's replication lag while its view misses a write; an SSE
 * subscriber's lag while it does not read, and a Java subscriber's while it is paused;
 * {@code _nodes/stats} and {@code _cat/health}. Tagged long: a two-node cluster takes some 25 s in all.
 */
@Tag("long")
class MetricsTest {

  private static final Pattern EVENT_ID = Pattern.compile("(?m)^id: (\\d+)$");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String REQUESTS = "vertx_http_server_requests_total";
  private static final String SCRAPER = "127.0.0.2";

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static HttpApi first;
  static HttpApi second;

  @BeforeAll
  static void start() {
    // A small socket send buffer: a client that stops reading stalls the node's writes after a few
    // events, not after the megabytes the OS would otherwise grow the buffer to.
    cluster = TestCluster.create(2, conf, 1, TestCluster.sqliteStore(conf))
        .httpSettings(new JsonObject().put("tcp_send_buffer_size", 4096))
        .metricsSettings(new JsonObject().put("scrape_addresses", new JsonArray().add(SCRAPER)));
    cluster.startNode(0);
    cluster.startNode(1);
    first = cluster.http(0);
    second = cluster.http(1);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void theScrapeCountsRequestsByRouteTemplateMethodAndStatus() {
    PrometheusText before = scrape(first);
    HttpApi reader = first.as(TestUsers.READER);
    for (int i = 0; i < 3; i++) {
      assertThat(reader.get("/_inference").status()).isEqualTo(200);
    }
    assertThat(first.as(TestUsers.ADMIN).put("/_inference/text_embedding/counted-1", Endpoints.openAi()).status())
        .isEqualTo(200);
    assertThat(first.anonymous().get("/_inference").status()).isEqualTo(401);
    assertThat(first.as(TestUsers.READER, "wrong-password").get("/_inference").status()).isEqualTo(401);
    assertThat(reader.get("/_inference/text_embedding/no-such-endpoint").status()).isEqualTo(404);

    PrometheusText after = scrape(first);

    assertThat(requests(before, after, "GET", "200", "/_inference")).isEqualTo(3);
    assertThat(requests(before, after, "PUT", "200", "/_inference/:task_type/:inference_id")).isEqualTo(1);
    assertThat(requests(before, after, "GET", "404", "/_inference/:task_type/:inference_id")).isEqualTo(1);
    // Refused before any route matched: no route, and never the path.
    assertThat(requests(before, after, "GET", "401", "")).isEqualTo(2);
    assertThat(after.find(REQUESTS).stream().map(sample -> sample.labels().get("route")))
        .noneMatch(route -> route.contains("counted-1") || route.contains("no-such-endpoint"));
    assertThat(after.value("infergate_authentication_failures_total", "credential", "none", "reason", "missing")
        - before.value("infergate_authentication_failures_total", "credential", "none", "reason", "missing"))
        .isEqualTo(1);
    assertThat(after.value("infergate_authentication_failures_total", "credential", "basic", "reason", "rejected")
        - before.value("infergate_authentication_failures_total", "credential", "basic", "reason", "rejected"))
        .isEqualTo(1);
    // Latency histograms, per route.
    assertThat(after.value("vertx_http_server_response_time_seconds_count", "method", "GET", "code", "200",
        "route", "/_inference") - before.value("vertx_http_server_response_time_seconds_count", "method", "GET",
        "code", "200", "route", "/_inference")).isEqualTo(3);
    assertThat(after.find("vertx_http_server_response_time_seconds_bucket", "route", "/_inference", "code", "200"))
        .hasSizeGreaterThan(5);
  }

  @Test
  void theScrapeAlsoHoldsJvmAndProcessFigures() {
    PrometheusText text = scrape(first);
    assertThat(text.find("jvm_memory_used_bytes")).isNotEmpty();
    assertThat(text.find("process_cpu_usage")).isNotEmpty();
    assertThat(text.find("process_files_open_files")).isNotEmpty();
  }

  @Test
  void aScrapeNeedsMonitorOrMonitorInference() {
    Response anonymous = first.anonymous().get("/_prometheus/metrics");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.errorType()).isEqualTo("security_exception");

    Response outsider = first.as(TestUsers.OUTSIDER).get("/_prometheus/metrics");
    assertThat(outsider.status()).isEqualTo(403);
    assertThat(outsider.errorReason()).contains("cluster:monitor/prometheus/metrics")
        .contains("monitor_inference").contains("monitor");

    Response reader = first.as(TestUsers.READER).get("/_prometheus/metrics");
    assertThat(reader.status()).isEqualTo(200);
    assertThat(reader.header("Content-Type")).startsWith("text/plain; version=0.0.4");
  }

  @Test
  void aListedAddressScrapesWithoutCredentialsAndOnlyByItsSocketAddress() {
    assertThat(rawGet(SCRAPER, "")).startsWith("HTTP/1.1 200").contains(REQUESTS);
    // Another address claiming to forward for the listed one is still anonymous.
    assertThat(rawGet("127.0.0.3", "X-Forwarded-For: " + SCRAPER + "\r\nForwarded: for=" + SCRAPER + "\r\n"))
        .startsWith("HTTP/1.1 401");
    // The listed address reaches nothing else without credentials.
    assertThat(rawRequest(SCRAPER, "GET /_inference HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 401");
  }

  @Test
  void registryWritesAreCountedByKindOperationAndOutcome() {
    PrometheusText before = scrape(first);
    assertThat(first.put("/_inference/text_embedding/writes-1", Endpoints.openAi()).status()).isEqualTo(200);
    assertThat(first.put("/_inference/text_embedding/writes-1", Endpoints.openAi()).status()).isEqualTo(400);
    assertThat(first.delete("/_inference/text_embedding/writes-1").status()).isEqualTo(200);
    PrometheusText after = scrape(first);

    assertThat(increase(before, after, "infergate_registry_writes_total", "kind", "endpoints", "op", "create",
        "result", "acknowledged")).isEqualTo(1);
    assertThat(increase(before, after, "infergate_registry_writes_total", "kind", "endpoints", "op", "create",
        "result", "refused")).isEqualTo(1);
    assertThat(increase(before, after, "infergate_registry_writes_total", "kind", "endpoints", "op", "delete",
        "result", "acknowledged")).isEqualTo(1);
    assertThat(increase(before, after, "infergate_registry_write_seconds_count", "kind", "endpoints", "op", "create"))
        .isEqualTo(1);
    // The durable store (SQLite, request durability): a row and an event per change, each synced.
    assertThat(increase(before, after, "infergate_store_write_seconds_count", "table", "infergate_endpoints"))
        .isGreaterThanOrEqualTo(2);
    assertThat(increase(before, after, "infergate_store_sync_seconds_count")).isGreaterThanOrEqualTo(2);
    assertThat(after.value("infergate_cluster_members")).isEqualTo(2);
    // Read from the cluster every few seconds, as the cluster's revision is: the two events are there soon.
    Conditions.await(WAIT, "the endpoints' log head to reach this test's events", () ->
        scrape(first).value("infergate_events_log_head_sequence", "kind", "endpoints") >= 1);
    assertThat(after.value("infergate_registry_replication_lag_revisions")).isZero();
  }

  @Test
  void aNodeWhoseViewMissesAWriteShowsItsReplicationLag() {
    String secondView = Addresses.view(cluster.hazelcast(1).getCluster().getLocalMember().getUuid());
    Handler<DeliveryContext<Object>> dropChanges = delivery -> {
      if (delivery.message().address().equals(secondView) && delivery.message().body() instanceof ViewMessage.Apply) {
        return; // the second node's view never hears of the change
      }
      delivery.next();
    };
    cluster.node(1).vertx().eventBus().addInboundInterceptor(dropChanges);
    try {
      Response put = first.put("/_inference/text_embedding/missed-1?timeout=1s", Endpoints.openAi());
      assertThat(put.status()).isEqualTo(200);
      Conditions.await(WAIT, "the second node's lag to show the write its view missed",
          () -> scrape(second).value("infergate_registry_replication_lag_revisions") >= 1);
      assertThat(scrape(first).value("infergate_registry_replication_lag_revisions")).isZero();
      assertThat(scrape(first).value("infergate_registry_writes_total", "kind", "endpoints", "op", "create",
          "result", "unacknowledged")).isGreaterThanOrEqualTo(1);
    } finally {
      cluster.node(1).vertx().eventBus().removeInboundInterceptor(dropChanges);
    }
  }

  @Test
  void anSseSubscriberThatStopsReadingFallsBehind() throws IOException {
    AtomicInteger written = new AtomicInteger();
    try (Socket subscriber = new Socket()) {
      // A small receive window: the node's writes stop completing soon after the client stops reading.
      subscriber.setReceiveBufferSize(4096);
      subscriber.connect(new InetSocketAddress("127.0.0.1", first.port()), 10_000);
      String credentials = Base64.getEncoder().encodeToString(
          (TestUsers.READER + ":" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8));
      subscriber.getOutputStream().write(("GET /_inference/_events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic "
          + credentials + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      awaitCaughtUp(subscriber.getInputStream());
      Conditions.await(WAIT, "the stream to be counted",
          () -> scrape(first).value("infergate_events_subscribers", "transport", "sse") == 1);
      assertThat(scrape(first).value("infergate_events_subscriber_lag_max", "transport", "sse")).isZero();

      // Changes while the client reads nothing more: every one is an event for it.
      Conditions.await(WAIT, "the silent subscriber's lag to grow", () -> {
        for (int i = 0; i < 20; i++) {
          String id = "lag-" + written.incrementAndGet();
          assertThat(first.put("/_inference/text_embedding/" + id, Endpoints.openAi()).status()).isEqualTo(200);
          assertThat(first.delete("/_inference/text_embedding/" + id).status()).isEqualTo(200);
        }
        return scrape(first).value("infergate_events_subscriber_lag_max", "transport", "sse") >= 10;
      });
      double lag = scrape(first).value("infergate_events_subscriber_lag_max", "transport", "sse");
      first.put("/_inference/text_embedding/lag-last", Endpoints.openAi());
      Conditions.await(WAIT, "one more change to add to its lag",
          () -> scrape(first).value("infergate_events_subscriber_lag_max", "transport", "sse") > lag);

      // The node paused the stream rather than buffer for it: once the client reads again, every
      // event comes (read on from the log), in order, each once, and its lag goes back to 0.
      List<Long> sequences = readEventIdsUntil(subscriber.getInputStream(), "\"inference_id\":\"lag-last\"");
      assertThat(sequences).hasSize(written.get() * 2 + 1);
      for (int i = 1; i < sequences.size(); i++) {
        assertThat(sequences.get(i)).as("the event after " + sequences.get(i - 1)).isEqualTo(sequences.get(i - 1) + 1);
      }
      Conditions.await(WAIT, "the subscriber's lag back to 0 once it read everything",
          () -> scrape(first).value("infergate_events_subscriber_lag_max", "transport", "sse") == 0);
    }
    Conditions.await(WAIT, "the closed stream to be forgotten",
        () -> scrape(first).value("infergate_events_subscribers", "transport", "sse") == 0);
    assertThat(scrape(first).value("infergate_events_subscriber_lag_max", "transport", "sse")).isZero();
  }

  @Test
  void nodesStatsHoldEveryGatewaysFiguresInElasticsearchsShape() {
    first.as(TestUsers.ADMIN).put("/_inference/text_embedding/stats-1", Endpoints.openAi());
    Response all = first.as(TestUsers.READER).get("/_nodes/stats");
    assertThat(all.status()).isEqualTo(200);
    JsonObject body = all.json();
    assertThat(body.getJsonObject("_nodes")).isEqualTo(new JsonObject().put("total", 2).put("successful", 2)
        .put("failed", 0));
    assertThat(body.getString("cluster_name")).isEqualTo(cluster.clusterName());
    JsonObject nodes = body.getJsonObject("nodes");
    assertThat(nodes.fieldNames()).containsExactlyInAnyOrder(nodeId(0), nodeId(1));
    JsonObject node = nodes.getJsonObject(nodeId(0));
    assertThat(node.getString("name")).isEqualTo("node-1");
    assertThat(node.getJsonObject("jvm").getJsonObject("mem").getLong("heap_used_in_bytes")).isPositive();
    assertThat(node.getJsonObject("process").getLong("open_file_descriptors")).isPositive();
    JsonObject own = node.getJsonObject("infergate");
    assertThat(own.getJsonObject("cluster").getLong("members")).isEqualTo(2);
    assertThat(own.getJsonObject("registry").getJsonObject("writes").getJsonObject("endpoints")
        .getJsonObject("create").getLong("acknowledged")).isPositive();
    assertThat(own.getJsonObject("registry").getJsonObject("write").getJsonObject("endpoints")
        .getJsonObject("create").getLong("count")).isPositive();
    assertThat(own.getJsonObject("registry").getLong("replication_lag_revisions")).isNotNull();
    assertThat(own.getJsonObject("events").getJsonArray("streams")).isNotNull();
    // Every HTTP request this node answered, the PUT above and this GET's own fan-out included.
    long requests = own.getJsonObject("http").getLong("requests");
    assertThat(requests).isPositive();
    assertThat(first.as(TestUsers.READER).get("/_nodes/_local/stats").json().getJsonObject("nodes")
        .getJsonObject(nodeId(0)).getJsonObject("infergate").getJsonObject("http").getLong("requests"))
        .isGreaterThan(requests);
    // The other node answered for itself: its own name, its own (empty) write counts.
    assertThat(nodes.getJsonObject(nodeId(1)).getString("name")).isEqualTo("node-2");
  }

  @Test
  void nodesStatsSelectNodesAsElasticsearchDoes() {
    HttpApi reader = first.as(TestUsers.READER);
    assertThat(reader.get("/_nodes/" + nodeId(1) + "/stats").json().getJsonObject("nodes").fieldNames())
        .containsExactly(nodeId(1));
    assertThat(reader.get("/_nodes/node-1/stats").json().getJsonObject("nodes").fieldNames())
        .containsExactly(nodeId(0));
    assertThat(second.as(TestUsers.READER).get("/_nodes/_local/stats").json().getJsonObject("nodes").fieldNames())
        .containsExactly(nodeId(1));
    assertThat(reader.get("/_nodes/node-*/stats").json().getJsonObject("_nodes").getInteger("total")).isEqualTo(2);
    Response none = reader.get("/_nodes/no-such-node/stats");
    assertThat(none.status()).isEqualTo(200);
    assertThat(none.json()).isEqualTo(new JsonObject()
        .put("_nodes", new JsonObject().put("total", 0).put("successful", 0).put("failed", 0))
        .put("cluster_name", cluster.clusterName()).put("nodes", new JsonObject()));
    assertThat(first.as(TestUsers.OUTSIDER).get("/_nodes/stats").status()).isEqualTo(403);
    assertThat(first.anonymous().get("/_nodes/stats").status()).isEqualTo(401);
  }

  @Test
  void catHealthWritesElasticsearchsColumns() {
    HttpApi reader = first.as(TestUsers.READER);
    Response text = reader.get("/_cat/health?v");
    assertThat(text.status()).isEqualTo(200);
    assertThat(text.header("Content-Type")).startsWith("text/plain");
    String[] lines = text.body().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0].trim().split(" +")).containsExactly("epoch", "timestamp", "cluster", "status", "node.total",
        "node.data", "shards", "pri", "relo", "init", "unassign", "unassign.pri", "pending_tasks",
        "max_task_wait_time", "active_shards_percent");
    String[] row = lines[1].trim().split(" +");
    assertThat(row).hasSize(15);
    assertThat(row[2]).isEqualTo(cluster.clusterName());
    assertThat(row[3]).isIn("green", "yellow");
    assertThat(row[4]).isEqualTo("2");
    assertThat(row[14]).isEqualTo("100.0%");
    // Columns line up: each value starts or ends where its header does.
    assertThat(lines[0].indexOf("cluster")).isEqualTo(lines[1].indexOf(cluster.clusterName()));

    assertThat(reader.get("/_cat/health").body().split("\n")).hasSize(1);

    Response json = reader.get("/_cat/health?format=json&ts=false");
    JsonObject only = new JsonArray(json.body()).getJsonObject(0);
    assertThat(only.fieldNames()).containsExactly("cluster", "status", "node.total", "node.data", "shards", "pri",
        "relo", "init", "unassign", "unassign.pri", "pending_tasks", "max_task_wait_time", "active_shards_percent");
    assertThat(only.getString("node.total")).isEqualTo("2");

    assertThat(new JsonArray(reader.get("/_cat/health?format=json&h=status,node.total").body()).getJsonObject(0))
        .isEqualTo(new JsonObject().put("status", only.getString("status")).put("node.total", "2"));
    assertThat(first.as(TestUsers.OUTSIDER).get("/_cat/health").status()).isEqualTo(403);
  }

  private static String nodeId(int index) {
    return cluster.node(index).identity().nodeId();
  }

  @Test
  void aJavaSubscriberThatIsPausedFallsBehindAndCatchesUpWhenResumed() {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    EndpointEventSubscriber subscriber = TestCluster.await(EndpointEventSubscriber.create(cluster.node(1).vertx(),
        "lag-watcher", TestSecrets.clusterSecret())).meterOn(meters);
    List<EndpointEvent> received = new CopyOnWriteArrayList<>();
    Subscription subscription = subscriber.subscribe(EventFilter.all(), -1, received::add, failure -> { });
    TestCluster.await(subscription.ready());
    try {
      assertThat(first.put("/_inference/text_embedding/java-lag-0", Endpoints.openAi()).status()).isEqualTo(200);
      Conditions.await(WAIT, "the first event", () -> received.size() == 1);

      subscription.pause();
      for (int i = 1; i <= 3; i++) {
        assertThat(first.put("/_inference/text_embedding/java-lag-" + i, Endpoints.openAi()).status()).isEqualTo(200);
      }
      Conditions.await(WAIT, "the paused subscription's lag to count the three events", () -> subscription.lag() == 3);
      PrometheusText paused = PrometheusText.parse(meters.scrape());
      assertThat(paused.value("infergate_events_subscriber_lag_max", "transport", "java", "subscriber", "lag-watcher"))
          .isEqualTo(3);
      assertThat(paused.value("infergate_events_subscribers", "transport", "java", "subscriber", "lag-watcher"))
          .isEqualTo(1);
      assertThat(received).hasSize(1);

      subscription.resume();
      Conditions.await(WAIT, "the events of the pause, once resumed", () -> received.size() == 4);
      assertThat(received).extracting(EndpointEvent::inferenceId)
          .containsExactly("java-lag-0", "java-lag-1", "java-lag-2", "java-lag-3");
      assertThat(subscription.lag()).isZero();
      assertThat(PrometheusText.parse(meters.scrape()).value("infergate_events_subscriber_lag_max", "transport", "java",
          "subscriber", "lag-watcher")).isZero();
    } finally {
      TestCluster.await(subscription.close());
    }
    assertThat(PrometheusText.parse(meters.scrape()).value("infergate_events_subscribers", "transport", "java",
        "subscriber", "lag-watcher")).isZero();
  }

  /** Reads the response up to the stream's "caught up" comment, then nothing more. */
  private static void awaitCaughtUp(InputStream in) throws IOException {
    StringBuilder read = new StringBuilder();
    while (!read.toString().contains(": caught up at sequence")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the stream ended: " + read);
      }
      read.append((char) b);
    }
    assertThat(read.toString()).startsWith("HTTP/1.1 200");
  }

  /** The ids of the SSE events read until one whose data holds {@code marker}. */
  private static List<Long> readEventIdsUntil(InputStream in, String marker) throws IOException {
    StringBuilder read = new StringBuilder();
    byte[] buffer = new byte[8192];
    while (!read.toString().contains(marker)) {
      int n = in.read(buffer);
      if (n < 0) {
        throw new IOException("the stream ended: " + read);
      }
      read.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
    }
    // Each event is written as one chunk, so an id line is never split by a chunk-size line.
    return EVENT_ID.matcher(read).results()
        .map(match -> Long.parseLong(match.group(1))).toList();
  }

  private static PrometheusText scrape(HttpApi node) {
    Response response = node.as(TestUsers.READER).get("/_prometheus/metrics");
    if (response.status() != 200) {
      throw new UncheckedIOException(new IOException("scrape: " + response));
    }
    return PrometheusText.parse(response.body());
  }

  private static double increase(PrometheusText before, PrometheusText after, String name, String... labels) {
    return after.sum(name, labels) - before.sum(name, labels);
  }

  private static double requests(PrometheusText before, PrometheusText after, String method, String code, String route) {
    String[] labels = {"method", method, "code", code, "route", route};
    return after.value(REQUESTS, labels) - before.value(REQUESTS, labels);
  }

  private static String rawGet(String from, String headers) {
    return rawRequest(from, "GET /_prometheus/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers
        + "Connection: close\r\n\r\n");
  }

  /** A request from the loopback address {@code from} (all of 127.0.0.0/8 is the loopback on Linux). */
  private static String rawRequest(String from, String request) {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", first.port()), 10_000);
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
