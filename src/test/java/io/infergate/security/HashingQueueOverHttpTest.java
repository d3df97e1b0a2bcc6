package io.infergate.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node whose password-hashing pool is held busy and full: a password that needs bcrypt is
 * answered 429 at once, while users with a cached password keep writing to the registry.
 */
class HashingQueueOverHttpTest {

  private static final String WRONG_PASSWORD = "not-the-password-3c81";

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static HttpApi admin;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(1, conf);
    admin = cluster.http(0).as(TestUsers.ADMIN);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aFullQueueAnswers429WhileCachedUsersKeepWriting() throws Exception {
    assertThat(admin.get("/_inference").status()).as("caches the admin's password").isEqualTo(200);
    PasswordHashingPool pool = cluster.node(0).security().hashingPool();
    CountDownLatch release = new CountDownLatch(1);
    try {
      fill(pool, release);

      Response rejected = cluster.http(0).as(TestUsers.ELASTIC, WRONG_PASSWORD).get("/_inference");

      assertThat(rejected.status()).isEqualTo(429);
      assertThat(rejected.json()).isEqualTo(new JsonObject("""
          {"error":{"root_cause":[{"type":"es_rejected_execution_exception",
          "reason":"rejected execution of authentication: the password-hashing queue is full"}],
          "type":"es_rejected_execution_exception",
          "reason":"rejected execution of authentication: the password-hashing queue is full"},
          "status":429}"""));
      assertThat(rejected.header("X-Elastic-Product")).isEqualTo("Elasticsearch");
      assertThat(rejected.body()).doesNotContain(WRONG_PASSWORD);

      assertThat(admin.put("/_inference/sparse_embedding/while-hashing-is-full", Endpoints.huggingFace()).status())
          .isEqualTo(200);
      assertThat(admin.delete("/_inference/while-hashing-is-full").json().getBoolean("acknowledged")).isTrue();
    } finally {
      release.countDown();
    }
    Conditions.await(Duration.ofSeconds(30), "the hashing queue to drain", () -> pool.waiting() == 0);
    Response wrong = cluster.http(0).as(TestUsers.ELASTIC, WRONG_PASSWORD).get("/_inference");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.errorType()).isEqualTo("security_exception");
  }

  /** Holds every hashing thread until {@code release}, then queues tasks until the queue is full. */
  private static void fill(PasswordHashingPool pool, CountDownLatch release) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(pool.threads());
    for (int i = 0; i < pool.threads(); i++) {
      pool.submit(() -> {
        started.countDown();
        return release.await(60, TimeUnit.SECONDS);
      });
    }
    assertThat(started.await(10, TimeUnit.SECONDS)).as("every hashing thread started").isTrue();
    while (!pool.submit(() -> true).failed()) {
      // queued behind the held threads
    }
    assertThat(pool.waiting()).isEqualTo(SecurityConfig.DEFAULT_HASHING_QUEUE_SIZE);
  }
}
