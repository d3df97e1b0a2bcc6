package io.infergate.security;

import static io.infergate.security.TestFutures.await;
import static io.infergate.security.TestFutures.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The login throttle in front of the realm: what a throttled attempt costs and what it tells. */
class SecurityServiceThrottleTest {

  private static final int LIMIT = LoginThrottleSettings.DEFAULT_USER_FAILURES;
  private static final SocketAddress ATTACKER = SocketAddress.inetSocketAddress(50_001, "192.0.2.1");
  private static final SocketAddress ELSEWHERE = SocketAddress.inetSocketAddress(50_002, "198.51.100.7");

  @TempDir
  Path confDir;

  private Vertx vertx;
  private SecurityService service;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    Files.writeString(confDir.resolve("users"), "alice:" + Bcrypt.hash("alice-pass", 4) + "\n");
    Files.writeString(confDir.resolve("users_roles"), "inference_user:alice\n");
    // A first block far longer than the test, so that no attempt below races its end.
    LoginThrottleSettings throttle = new LoginThrottleSettings(LIMIT, 100, Duration.ofMinutes(1),
        Duration.ofMinutes(1), Duration.ofMinutes(5), 1000);
    service = await(SecurityService.start(vertx, new SecurityConfig(confDir, Duration.ofMinutes(20), 100,
        Duration.ofSeconds(60), 1, 1000, throttle)));
  }

  @AfterEach
  void tearDown() throws Exception {
    await(service.close());
    await(vertx.close());
  }

  @Test
  void aThrottledAttemptCostsNoBcryptAndTheRightPasswordStillWorksElsewhere() throws Exception {
    await(service.authenticate("alice", "alice-pass", ELSEWHERE));
    long before = service.bcryptVerifications();
    failTimes("alice", LIMIT);
    assertThat(service.bcryptVerifications() - before).isEqualTo(LIMIT);

    for (int i = 0; i < 50; i++) {
      assertThat(awaitFailure(service.authenticate("alice", "wrong-more-" + i, ATTACKER)))
          .isInstanceOf(AuthenticationThrottledException.class);
    }
    assertThat(awaitFailure(service.authenticate("alice", "alice-pass", ATTACKER)))
        .as("not even a cached right password passes a throttled address")
        .isInstanceOf(AuthenticationThrottledException.class);
    assertThat(service.bcryptVerifications() - before).as("no bcrypt while throttled").isEqualTo(LIMIT);
    assertThat(await(service.authenticate("alice", "alice-pass", ELSEWHERE)).username()).isEqualTo("alice");
  }

  @Test
  void anUnknownUserNameIsThrottledExactlyLikeAKnownOne() throws Exception {
    long before = service.bcryptVerifications();
    failTimes("alice", LIMIT);
    long known = service.bcryptVerifications() - before;
    failTimes("nobody", LIMIT);
    long unknown = service.bcryptVerifications() - before - known;

    AuthenticationThrottledException aliceRefused =
        (AuthenticationThrottledException) awaitFailure(service.authenticate("alice", "x", ATTACKER));
    AuthenticationThrottledException nobodyRefused =
        (AuthenticationThrottledException) awaitFailure(service.authenticate("nobody", "x", ATTACKER));
    assertThat(unknown).isEqualTo(known);
    assertThat(nobodyRefused.error().reason().replace("nobody", "alice")).isEqualTo(aliceRefused.error().reason());
    assertThat(nobodyRefused.retryAfterSeconds()).isEqualTo(aliceRefused.retryAfterSeconds());
  }

  private void failTimes(String username, int times) throws Exception {
    for (int i = 0; i < times; i++) {
      assertThat(awaitFailure(service.authenticate(username, "wrong-" + i, ATTACKER)))
          .as("failure %d of %s", i + 1, username).isInstanceOf(AuthenticationFailedException.class);
    }
  }
}
