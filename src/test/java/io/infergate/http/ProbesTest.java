package io.infergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Conditions;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: {@code /_infergate/live} and {@code /_infergate/ready} answer a load balancer without
 * credentials, with nothing but a status and {@code {}}; ready follows the cluster gate: 503 on a
 * node cut off from the majority ({@code registry.min_cluster_size} 2, alone), 200 once it has
 * company and has caught up, 503 again when it is left alone. (503 while shutting down:
 * {@code GracefulShutdownTest}.)
 */
class ProbesTest {

  @TempDir
  Path conf;

  @Test
  void theProbesNeedNoCredentialsRevealNothingAndReadyFollowsTheClusterGate() throws IOException {
    try (TestCluster cluster = TestCluster.create(2, conf, 2, TestCluster.sqliteStore(conf))) {
      cluster.startNode(0);
      HttpApi alone = cluster.http(0).anonymous();
      assertProbe(alone, "/_infergate/live", 200);
      assertProbe(alone, "/_infergate/ready", 503);
      // An HTTP/1.0 check without Host, as HAProxy's httpchk sends by default.
      Response old = alone.raw("GET /_infergate/live HTTP/1.0\r\n\r\n");
      assertThat(old.status()).isEqualTo(200);
      assertThat(old.body()).isEqualTo("{}");

      // Only GET and HEAD skip authentication; the rest is Elasticsearch's 405 for those who may ask.
      HttpApi elastic = cluster.http(0).as(TestUsers.ELASTIC);
      for (String probe : new String[] {"/_infergate/live", "/_infergate/ready"}) {
        assertThat(alone.send("POST", probe, "{}", "application/json").status()).isEqualTo(401);
        for (String method : new String[] {"POST", "PUT", "DELETE"}) {
          Response refused = elastic.send(method, probe, "{}", "application/json");
          assertThat(refused.status()).as(method + " " + probe).isEqualTo(405);
          assertThat(refused.body()).contains("allowed: [GET, HEAD]");
        }
      }
      // The exemption holds for the exact paths only, raw and normalised alike.
      assertThat(alone.raw("GET /_infergate/ready/../../_cluster/health HTTP/1.1\r\nHost: x\r\n"
          + "Connection: close\r\n\r\n").status()).isEqualTo(401);
      assertThat(alone.raw("GET /_cluster/../_infergate/live HTTP/1.1\r\nHost: x\r\n"
          + "Connection: close\r\n\r\n").status()).isEqualTo(401);
      assertThat(alone.get("/_infergate/live/").status()).isEqualTo(401);
      assertThat(alone.get("/_infergate").status()).isEqualTo(401);

      cluster.startNode(1);
      HttpApi second = cluster.http(1).anonymous();
      Conditions.await(Duration.ofSeconds(30), "both nodes ready",
          () -> alone.get("/_infergate/ready").status() == 200 && second.get("/_infergate/ready").status() == 200);
      assertProbe(alone, "/_infergate/ready", 200);
      assertProbe(second, "/_infergate/live", 200);

      cluster.stopNode(1);
      Conditions.await(Duration.ofSeconds(30), "the node left alone is not ready",
          () -> alone.get("/_infergate/ready").status() == 503);
      assertProbe(alone, "/_infergate/live", 200);

      // Probes are not management requests: the audit trail has no line for any of them.
      Path audit = cluster.auditFile();
      assertThat(Files.exists(audit) ? Files.readString(audit) : "").doesNotContain("_infergate");
    }
  }

  private static void assertProbe(HttpApi anonymous, String probe, int status) {
    Response get = anonymous.get(probe);
    assertThat(get.status()).as("GET " + probe).isEqualTo(status);
    assertThat(get.body()).isEqualTo("{}");
    assertThat(get.headers().firstValue("Cache-Control")).hasValue("no-store");
    Response head = anonymous.send("HEAD", probe, null, null);
    assertThat(head.status()).as("HEAD " + probe).isEqualTo(status);
    assertThat(head.body()).isEmpty();
  }
}
