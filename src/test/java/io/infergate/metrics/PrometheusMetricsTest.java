package io.infergate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.PrometheusText;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /_prometheus/metrics} on one node: exact request counts by route template, method and
 * status after a known sequence, and who may scrape (monitor_inference or monitor; without credentials
 * only from an address of {@code metrics.scrape_addresses}, here 127.0.0.2, by its socket address).
 */
class PrometheusMetricsTest {

  private static final String REQUESTS = "vertx_http_server_requests_total";
  private static final String SCRAPER = "127.0.0.2";

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static HttpApi api;

  @BeforeAll
  static void start() {
    cluster = TestCluster.create(1, conf, 1, TestCluster.sqliteStore(conf))
        .metricsSettings(new JsonObject().put("scrape_addresses", new JsonArray().add(SCRAPER)));
    cluster.startNode(0);
    api = cluster.http(0);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void theScrapeCountsRequestsByRouteTemplateMethodAndStatus() {
    PrometheusText before = scrape();
    HttpApi reader = api.as(TestUsers.READER);
    for (int i = 0; i < 3; i++) {
      assertThat(reader.get("/_inference").status()).isEqualTo(200);
    }
    assertThat(api.as(TestUsers.ADMIN).put("/_inference/text_embedding/counted-1", Endpoints.openAi()).status())
        .isEqualTo(200);
    assertThat(api.anonymous().get("/_inference").status()).isEqualTo(401);
    assertThat(api.as(TestUsers.READER, "wrong-password").get("/_inference").status()).isEqualTo(401);
    assertThat(reader.get("/_inference/text_embedding/no-such-endpoint").status()).isEqualTo(404);

    PrometheusText after = scrape();

    assertThat(increase(before, after, "GET", "200", "/_inference")).isEqualTo(3);
    assertThat(increase(before, after, "PUT", "200", "/_inference/:task_type/:inference_id")).isEqualTo(1);
    assertThat(increase(before, after, "GET", "404", "/_inference/:task_type/:inference_id")).isEqualTo(1);
    // Refused before any route matched: no route, and never the path.
    assertThat(increase(before, after, "GET", "401", "")).isEqualTo(2);
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
    PrometheusText text = scrape();
    assertThat(text.find("jvm_memory_used_bytes")).isNotEmpty();
    assertThat(text.find("process_cpu_usage")).isNotEmpty();
    assertThat(text.find("process_files_open_files")).isNotEmpty();
  }

  @Test
  void aScrapeNeedsMonitorOrMonitorInference() {
    Response anonymous = api.anonymous().get("/_prometheus/metrics");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.errorType()).isEqualTo("security_exception");

    Response outsider = api.as(TestUsers.OUTSIDER).get("/_prometheus/metrics");
    assertThat(outsider.status()).isEqualTo(403);
    assertThat(outsider.errorReason()).contains("cluster:monitor/prometheus/metrics")
        .contains("monitor_inference").contains("monitor");

    Response reader = api.as(TestUsers.READER).get("/_prometheus/metrics");
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

  private static PrometheusText scrape() {
    Response response = api.as(TestUsers.READER).get("/_prometheus/metrics");
    assertThat(response.status()).isEqualTo(200);
    return PrometheusText.parse(response.body());
  }

  private static double increase(PrometheusText before, PrometheusText after, String method, String code, String route) {
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
      socket.connect(new InetSocketAddress("127.0.0.1", api.port()), 10_000);
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
