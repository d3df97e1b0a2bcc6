package io.infergate.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of distinct wrong passwords from many connections keeps the password-hashing pool busy;
 * registry writes by a user whose password is cached must all still succeed meanwhile. Prints the
 * writes' latency and the flood's throughput; benchmark scripts, not this test, judge the timings.
 */
class PasswordFloodTest {

  private static final int WRONG_PASSWORDS = 2000;
  private static final int CONNECTIONS = 40;
  private static final int MIN_WRITES = 20;
  private static final String FLOODED_USER = "flooded";
  // Cost 6 is a few milliseconds of bcrypt: enough to keep the pool saturated for seconds, few
  // enough that 2000 of them on one hashing thread keep the test short.
  private static final int FLOODED_USER_COST = 6;

  @TempDir
  Path conf;
  private TestCluster cluster;
  private Vertx clientVertx;

  @BeforeEach
  void start() throws Exception {
    cluster = TestCluster.create(1, conf, 1, TestCluster.sqliteStore(conf));
    Files.writeString(conf.resolve("users"),
        FLOODED_USER + ":" + Bcrypt.hash("the-real-password", FLOODED_USER_COST) + "\n",
        StandardOpenOption.APPEND);
    cluster.startNode(0);
    clientVertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    if (clientVertx != null) {
      clientVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    cluster.close();
  }

  @Test
  void registryWritesSucceedDuringAWrongPasswordFlood() throws Exception {
    HttpApi admin = cluster.http(0).as(TestUsers.ADMIN);
    assertThat(admin.get("/_inference").status()).as("caches the admin's password").isEqualTo(200);
    Flood flood = new Flood(clientVertx, cluster.node(0).httpPort());
    long floodStart = System.nanoTime();
    Future<Void> floodDone = flood.start();
    // Writes start once the flood is under way, not before its first connections are open.
    Conditions.await(Duration.ofSeconds(60), "the flood to be under way",
        () -> flood.answered() >= CONNECTIONS);

    List<Long> latenciesMicros = new ArrayList<>();
    int writesDuringFlood = 0;
    for (int i = 0; !floodDone.isComplete() || latenciesMicros.size() < MIN_WRITES; i++) {
      String id = "flood-write-" + i;
      long put = System.nanoTime();
      HttpApi.Response created = admin.put("/_inference/sparse_embedding/" + id, Endpoints.huggingFace());
      latenciesMicros.add(micros(put));
      assertThat(created.status()).as("PUT %s: %s", id, created).isEqualTo(200);
      long delete = System.nanoTime();
      HttpApi.Response deleted = admin.delete("/_inference/" + id);
      latenciesMicros.add(micros(delete));
      assertThat(deleted.status()).as("DELETE %s: %s", id, deleted).isEqualTo(200);
      assertThat(deleted.json().getBoolean("acknowledged")).as("DELETE %s: %s", id, deleted).isTrue();
      if (!floodDone.isComplete()) {
        writesDuringFlood += 2;
      }
    }
    floodDone.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    double floodSeconds = (System.nanoTime() - floodStart) / 1e9;

    assertThat(flood.statuses()).as("every wrong password is refused, none queued past the cap")
        .isEqualTo(Map.of(401, WRONG_PASSWORDS));
    assertThat(cluster.node(0).security().bcryptVerifications()).isGreaterThanOrEqualTo(WRONG_PASSWORDS);
    latenciesMicros.sort(null);
    System.out.printf("[password flood] %d wrong passwords (bcrypt cost %d) from %d connections in %.2f s: "
        + "%.0f per second, on %d hashing thread(s)%n", WRONG_PASSWORDS, FLOODED_USER_COST, CONNECTIONS,
        floodSeconds, WRONG_PASSWORDS / floodSeconds, cluster.node(0).security().hashingPool().threads());
    System.out.printf("[password flood] %d registry writes (%d during the flood): p50 %.1f ms, p99 %.1f ms, "
        + "max %.1f ms%n", latenciesMicros.size(), writesDuringFlood, percentile(latenciesMicros, 50),
        percentile(latenciesMicros, 99), latenciesMicros.get(latenciesMicros.size() - 1) / 1000.0);
  }

  private static long micros(long startNanos) {
    return (System.nanoTime() - startNanos) / 1000;
  }

  private static double percentile(List<Long> sortedMicros, int percent) {
    int index = (int) Math.ceil(percent / 100.0 * sortedMicros.size()) - 1;
    return sortedMicros.get(Math.max(0, index)) / 1000.0;
  }

  /** {@link #CONNECTIONS} connections, each sending its share of distinct wrong passwords one after another. */
  private static final class Flood {

    private final HttpClient client;
    private final int port;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

    Flood(Vertx vertx, int port) {
      this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(CONNECTIONS));
      this.port = port;
    }

    Future<Void> start() {
      List<Future<Void>> connections = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        connections.add(sendNext());
      }
      return Future.all(connections).mapEmpty();
    }

    int answered() {
      return answered.get();
    }

    Map<Integer, Integer> statuses() {
      Map<Integer, Integer> counts = new TreeMap<>();
      statuses.forEach((status, count) -> counts.put(status, count.get()));
      return counts;
    }

    private Future<Void> sendNext() {
      int n = sent.getAndIncrement();
      if (n >= WRONG_PASSWORDS) {
        return Future.succeededFuture();
      }
      String token = Base64.getEncoder()
          .encodeToString((FLOODED_USER + ":wrong-password-" + n).getBytes(StandardCharsets.UTF_8));
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
          .setURI("/_security/_authenticate").putHeader("Authorization", "Basic " + token);
      return client.request(request)
          .compose(sending -> sending.send().compose(response -> response.body().map(body -> response.statusCode())))
          .compose(status -> {
            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            answered.incrementAndGet();
            return sendNext();
          });
    }
  }
}
