package io.infergate.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.SseClient;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The references an event stream holds end with it, whenever it closes, and never touch a holder's own. */
class StreamReferenceLifetimeTest {

  private static final int ENDPOINTS = 12;
  private static final int STREAMS = 90;

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static HttpApi admin;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(2, conf);
    admin = cluster.http(0).as(TestUsers.ADMIN);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void everyStreamsReferencesEndWhetherItClosesBeforeDuringOrAfterTakingThem() throws Exception {
    List<String> ids = IntStream.range(0, ENDPOINTS).mapToObj(i -> "streamed-" + i).toList();
    ids.forEach(id -> assertThat(admin.put("/_inference/sparse_embedding/" + id, Endpoints.huggingFace()).status())
        .isEqualTo(200));
    Random random = new Random(12);
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> streams = new ArrayList<>();
      for (int i = 0; i < STREAMS; i++) {
        int port = cluster.node(i % 2).httpPort();
        String hold = ids.get(i % ENDPOINTS) + "," + ids.get((i + 5) % ENDPOINTS) + "," + ids.get((i + 7) % ENDPOINTS);
        String holder = i % 3 == 0 ? "dashboard" : "viewer-" + i;
        int mode = i % 3;
        int delayMs = random.nextInt(40);
        streams.add(clients.submit(() -> openAndClose(port, "/_inference/_events?hold=" + hold + "&holder=" + holder,
            mode, delayMs)));
      }
      for (Future<?> stream : streams) {
        stream.get();
      }
    } finally {
      clients.shutdownNow();
    }
    for (String id : ids) {
      Conditions.await(Duration.ofSeconds(30), "no reference to [" + id + "] outlives its stream",
          () -> admin.delete("/_inference/" + id).status() == 200);
    }
  }

  @Test
  void aStreamReleasesOnlyItsOwnReferenceNotTheOneItsHolderDeclaredOverHttp() {
    admin.put("/_inference/sparse_embedding/declared", Endpoints.huggingFace());
    assertThat(admin.send("PUT", "/_inference/declared/_references/search-service", null, null).status()).isEqualTo(200);
    try (SseClient stream = SseClient.open(cluster.node(1).httpPort(),
        "/_inference/_events?hold=declared&holder=search-service", TestUsers.ADMIN, null)) {
      stream.awaitComment("caught up");
      assertThat(references("declared")).as("the stream's reference beside the declared one")
          .containsExactlyInAnyOrder("search-service@" + cluster.node(1).identity().nodeId(), "search-service");
    }
    Conditions.await(Duration.ofSeconds(30), "the stream's reference ends",
        () -> references("declared").size() < 2);
    assertThat(references("declared")).containsExactly("search-service");
    assertThat(admin.delete("/_inference/declared").status()).isEqualTo(409);
    assertThat(admin.get("/_inference/declared/_references").status()).isEqualTo(200);
    assertThat(admin.send("DELETE", "/_inference/declared/_references/search-service", null, null).status())
        .isEqualTo(200);
    assertThat(admin.delete("/_inference/declared").status()).isEqualTo(200);
  }

  /** The references listed over HTTP, as holder, or holder@node for one that ends with its node. */
  private static List<String> references(String id) {
    return admin.get("/_inference/" + id + "/_references").json().getJsonArray("references").stream()
        .map(JsonObject.class::cast)
        .map(reference -> reference.getString("holder")
            + (reference.containsKey("holder_node") ? "@" + reference.getString("holder_node") : ""))
        .toList();
  }

  /**
   * Opens a stream over a plain socket and closes it: right after the request (mode 0), after
   * {@code delayMs} (mode 1), or once it has caught up, its references taken (mode 2).
   */
  private static void openAndClose(int port, String path, int mode, int delayMs) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
          + "Authorization: " + admin.basicAuthorization() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      if (mode == 1) {
        Thread.sleep(delayMs);
      } else if (mode == 2) {
        awaitText(socket.getInputStream(), "caught up");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void awaitText(InputStream in, String text) throws IOException {
    StringBuilder seen = new StringBuilder();
    int b;
    while ((b = in.read()) != -1) {
      seen.append((char) b);
      if (seen.indexOf(text) >= 0) {
        return;
      }
    }
    throw new AssertionError("the stream ended before [" + text + "]: " + seen);
  }
}
