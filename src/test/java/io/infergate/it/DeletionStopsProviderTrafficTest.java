package io.infergate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.examples.mock.MockProviderServer;
import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The perform path resolves its endpoint from each node's read view, which every node has updated
 * before a DELETE is acknowledged: after the acknowledgment no node sends another request to the
 * endpoint's provider. Three real nodes, a real provider (the mock, an HTTP server counting
 * requests per model) and clients calling every node while the endpoint is deleted.
 */
class DeletionStopsProviderTrafficTest {

  private static final String MODEL = "model-of-doomed";

  @TempDir
  Path conf;

  @Test
  void noProviderRequestAfterTheDeleteIsAcknowledged() throws Exception {
    Vertx mockVertx = Vertx.vertx();
    MockProviderServer mock = TestCluster.await(MockProviderServer.start(mockVertx, "127.0.0.1", 0, 0, 8));
    ExecutorService clients = Executors.newFixedThreadPool(3);
    try (TestCluster cluster = TestCluster.start(3, conf)) {
      JsonObject endpoint = Endpoints.openAi();
      endpoint.getJsonObject("service_settings").put("model_id", MODEL)
          .put("url", "http://127.0.0.1:" + mock.port() + "/v1/embeddings");
      assertThat(cluster.http(0).put("/_inference/text_embedding/doomed", endpoint).status()).isEqualTo(200);
      for (int node = 0; node < 3; node++) {
        assertThat(perform(cluster.http(node)).status()).as("node %d before the delete", node).isEqualTo(200);
      }

      AtomicLong ackNanos = new AtomicLong(Long.MAX_VALUE);
      AtomicBoolean stop = new AtomicBoolean();
      List<Load> loads = new ArrayList<>();
      List<Future<?>> running = new ArrayList<>();
      for (int node = 0; node < 3; node++) {
        Load load = new Load(cluster.http(node), ackNanos, stop);
        loads.add(load);
        running.add(clients.submit(load::run));
      }
      // The condition under test is "while traffic flows on every node".
      Conditions.await(Duration.ofSeconds(30), "every client served 20 requests",
          () -> loads.stream().allMatch(load -> load.served.get() >= 20));
      Response deleted = cluster.http(1).delete("/_inference/doomed");
      ackNanos.set(System.nanoTime());
      assertThat(deleted.json().getBoolean("acknowledged")).isTrue();
      Conditions.await(Duration.ofSeconds(30), "every client sent 20 requests after the acknowledgment",
          () -> loads.stream().allMatch(load -> load.startedAfterAck.get() >= 20));
      stop.set(true);
      for (Future<?> done : running) {
        done.get();
      }

      long ok = 0;
      for (Load load : loads) {
        ok += load.served.get();
        assertThat(load.servedAfterAck.get()).as("requests started after the acknowledgment that were served").isZero();
        assertThat(load.unexpected).as("answers other than 200 or 404").isEmpty();
      }
      // Every provider call was a served request, and none was made for a request that came after.
      assertThat(mock.stats().requestsForModel(MODEL)).isEqualTo(ok + 3);
      long before = mock.stats().requestsForModel(MODEL);
      for (int node = 0; node < 3; node++) {
        Response after = perform(cluster.http(node));
        assertThat(after.status()).isEqualTo(404);
        assertThat(after.errorReason()).isEqualTo("Inference endpoint not found [doomed]");
      }
      assertThat(mock.stats().requestsForModel(MODEL)).isEqualTo(before);
    } finally {
      clients.shutdownNow();
      TestCluster.await(mock.close());
      TestCluster.await(mockVertx.close());
    }
  }

  /** One client calling one node until stopped, counting what it got before and after the acknowledgment. */
  private static final class Load {
    final HttpApi api;
    final AtomicLong ackNanos;
    final AtomicBoolean stop;
    final AtomicLong served = new AtomicLong();
    final AtomicLong servedAfterAck = new AtomicLong();
    final AtomicLong startedAfterAck = new AtomicLong();
    final List<String> unexpected = new CopyOnWriteArrayList<>();

    Load(HttpApi api, AtomicLong ackNanos, AtomicBoolean stop) {
      this.api = api;
      this.ackNanos = ackNanos;
      this.stop = stop;
    }

    void run() {
      while (!stop.get()) {
        long started = System.nanoTime();
        Response response = perform(api);
        boolean afterAck = started > ackNanos.get();
        if (response.status() == 200) {
          served.incrementAndGet();
          if (afterAck) {
            servedAfterAck.incrementAndGet();
          }
        } else if (response.status() != 404) {
          unexpected.add(response.toString());
        }
        if (afterAck) {
          startedAfterAck.incrementAndGet();
        }
      }
    }
  }

  private static Response perform(HttpApi api) {
    return api.post("/_inference/doomed", new JsonObject().put("input", "hello"));
  }
}
