package io.infergate.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.LoopbackClient;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.infergate.testing.WrongPasswordFlood;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
  private LoopbackClient client;

  @BeforeEach
  void start() throws Exception {
    // The login throttle off: it would answer all but the first few guesses 429 unchecked, and this
    // test is about the hashing pool under the load the throttle does not stop, an attacker with as
    // many addresses as guesses. ThrottledFloodLatencyTest floods the same way with the throttle on.
    cluster = TestCluster.create(1, conf, 1, TestCluster.sqliteStore(conf))
        .securitySettings(new JsonObject().put("throttle_user_failures", 0).put("throttle_address_failures", 0));
    Files.writeString(conf.resolve("users"),
        FLOODED_USER + ":" + Bcrypt.hash("the-real-password", FLOODED_USER_COST) + "\n",
        StandardOpenOption.APPEND);
    cluster.startNode(0);
    client = new LoopbackClient("127.0.0.1", cluster.node(0).httpPort(), CONNECTIONS);
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    cluster.close();
  }

  @Test
  void registryWritesSucceedDuringAWrongPasswordFlood() throws Exception {
    HttpApi admin = cluster.http(0).as(TestUsers.ADMIN);
    assertThat(admin.get("/_inference").status()).as("caches the admin's password").isEqualTo(200);
    WrongPasswordFlood flood = new WrongPasswordFlood(client, FLOODED_USER, CONNECTIONS, WRONG_PASSWORDS, Duration.ZERO);
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
}
