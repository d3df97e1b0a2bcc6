package io.infergate.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Conditions;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.LoopbackClient;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.infergate.testing.WrongPasswordFlood;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login throttle over HTTP, each test as clients on loopback addresses of its own: wrong
 * passwords from one address get 429 with {@code Retry-After} after the limit, at no bcrypt, while
 * the same user gets in from another address, and the address may try again once the block ends.
 */
class ThrottleOverHttpTest {

  private static final String PATH = "/_inference";
  private static final int USER_LIMIT = LoginThrottleSettings.DEFAULT_USER_FAILURES;
  private static final int ADDRESS_LIMIT = 30;
  // Long enough that a refusal right after the limit never races the block's end; short enough to wait out.
  private static final int BACKOFF_SECONDS = 3;

  @TempDir
  static Path conf;
  static TestCluster cluster;

  @BeforeAll
  static void start() {
    cluster = TestCluster.create(1, conf, 1, TestCluster.sqliteStore(conf))
        .securitySettings(new JsonObject().put("throttle_address_failures", ADDRESS_LIMIT)
            .put("throttle_backoff_ms", BACKOFF_SECONDS * 1000));
    cluster.startNode(0);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aFloodFromOneAddressGets429WithRetryAfterWhileTheUserGetsInFromAnother() throws Exception {
    try (LoopbackClient attacker = client("127.0.0.11", 40); LoopbackClient user = client("127.0.0.12", 1)) {
      long bcryptBefore = bcrypts();
      for (int i = 0; i < USER_LIMIT; i++) {
        assertThat(attacker.getAndWait(PATH, TestUsers.READER, "guess-" + i).status()).as("guess %d", i + 1)
            .isEqualTo(401);
      }

      Response throttled = attacker.getAndWait(PATH, TestUsers.READER, TestUsers.PASSWORD);
      assertThrottled(throttled, "too many failed authentication attempts for user [reader] from this address");
      assertThat(user.getAndWait(PATH, TestUsers.READER, TestUsers.PASSWORD).status())
          .as("the same user from another address").isEqualTo(200);
      assertThat(user.getAndWait(PATH, TestUsers.READER, "typo").status())
          .as("that address's own failures are its own").isEqualTo(401);

      WrongPasswordFlood flood = new WrongPasswordFlood(attacker, TestUsers.READER, 40, 400, Duration.ZERO);
      flood.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      Map<Integer, Integer> statuses = flood.statuses();
      assertThat(statuses.keySet()).isSubsetOf(Set.of(401, 429));
      assertThat(statuses.get(429)).as("%s", statuses).isGreaterThan(300);
      // Each block's end lets one guess through, at most; only those cost a bcrypt.
      int checked = statuses.getOrDefault(401, 0);
      assertThat(bcrypts() - bcryptBefore).as("bcrypt runs, for %s", statuses).isEqualTo(USER_LIMIT + 2 + checked);

      Conditions.await(Duration.ofSeconds(60), "the attacker's address to be let in again after the block",
          () -> attacker.getAndWait(PATH, TestUsers.READER, TestUsers.PASSWORD).status() == 200);
      assertThat(attacker.getAndWait(PATH, TestUsers.READER, "wrong-again").status())
          .as("the success cleared the count").isEqualTo(401);
    }
  }

  @Test
  void anAddressTryingManyUserNamesIsThrottledForEveryUser() {
    try (LoopbackClient sprayer = client("127.0.0.13", 1); LoopbackClient user = client("127.0.0.14", 1)) {
      for (int i = 0; i < ADDRESS_LIMIT; i++) {
        assertThat(sprayer.getAndWait(PATH, "made-up-" + i, "password").status()).isEqualTo(401);
      }

      assertThrottled(sprayer.getAndWait(PATH, TestUsers.ADMIN, TestUsers.PASSWORD),
          "too many failed authentication attempts from this address");
      assertThat(user.getAndWait(PATH, TestUsers.ADMIN, TestUsers.PASSWORD).status()).isEqualTo(200);
    }
  }

  @Test
  void anUnknownUserNameGetsTheSameAnswersAsAKnownOne() {
    try (LoopbackClient known = client("127.0.0.15", 1); LoopbackClient unknown = client("127.0.0.16", 1)) {
      for (int i = 0; i < USER_LIMIT; i++) {
        assertThat(known.getAndWait(PATH, TestUsers.ADMIN, "guess-" + i).status()).isEqualTo(401);
        assertThat(unknown.getAndWait(PATH, "no-such-user", "guess-" + i).status()).isEqualTo(401);
      }

      Response knownRefused = known.getAndWait(PATH, TestUsers.ADMIN, "guess");
      Response unknownRefused = unknown.getAndWait(PATH, "no-such-user", "guess");
      assertThat(knownRefused.status()).isEqualTo(unknownRefused.status()).isEqualTo(429);
      assertThat(unknownRefused.errorReason().replace("no-such-user", TestUsers.ADMIN))
          .isEqualTo(knownRefused.errorReason());
    }
  }

  private static void assertThrottled(Response response, String reasonStart) {
    assertThat(response.status()).as("%s", response).isEqualTo(429);
    assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, (long) BACKOFF_SECONDS);
    assertThat(response.header("X-Elastic-Product")).isEqualTo("Elasticsearch");
    assertThat(response.header("WWW-Authenticate")).as("no challenge: credentials were not checked").isNull();
    String reason = reasonStart + "; try again in [" + response.header("Retry-After") + "s]";
    assertThat(response.json()).isEqualTo(new JsonObject()
        .put("error", new JsonObject()
            .put("root_cause", new JsonArray()
                .add(new JsonObject().put("type", "security_exception").put("reason", reason)))
            .put("type", "security_exception").put("reason", reason))
        .put("status", 429));
  }

  private static LoopbackClient client(String localAddress, int connections) {
    return new LoopbackClient(localAddress, cluster.node(0).httpPort(), connections);
  }

  private static long bcrypts() {
    return cluster.node(0).security().bcryptVerifications();
  }
}
