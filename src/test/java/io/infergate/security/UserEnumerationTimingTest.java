package io.infergate.security;

import static io.infergate.security.TestClient.LOCAL;
import static io.infergate.security.TestFutures.await;
import static io.infergate.security.TestFutures.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong password for an existing user and any password for an unknown user take the same time,
 * so that timing does not tell which user names exist: both run one bcrypt verification.
 */
class UserEnumerationTimingTest {

  private static final int TRIES = 200;

  @TempDir
  Path confDir;

  @Test
  void anUnknownUserTakesAsLongAsAWrongPassword() throws Exception {
    // Cost 6 keeps 400 tries short; both paths verify a hash of the file's own cost.
    Files.writeString(confDir.resolve("users"), "alice:" + Bcrypt.hash("alice-pass", 6) + "\n");
    Files.writeString(confDir.resolve("users_roles"), "inference_user:alice\n");
    Files.writeString(confDir.resolve("roles.yml"), "");
    Vertx vertx = Vertx.vertx();
    // No login throttle: it would refuse all but the first few tries unchecked, and this measures the checks.
    // LoginThrottleTest shows that the throttle treats both kinds of user name alike.
    SecurityService service = await(SecurityService.start(vertx, new SecurityConfig(confDir,
        Duration.ofMinutes(20), 100, Duration.ofSeconds(60), 1, 1000, LoginThrottleSettings.OFF)));
    try {
      List<Long> wrongPassword = new ArrayList<>();
      List<Long> unknownUser = new ArrayList<>();
      for (int i = 0; i < TRIES; i++) {
        wrongPassword.add(nanos(service, "alice", "wrong-" + i));
        unknownUser.add(nanos(service, "nobody-" + i, "wrong-" + i));
      }
      double known = median(wrongPassword);
      double unknown = median(unknownUser);
      assertThat(unknown / known).as("median unknown user %.2f ms, wrong password %.2f ms", unknown / 1e6, known / 1e6)
          .isBetween(0.8, 1.2);
    } finally {
      service.close();
      await(vertx.close());
    }
  }

  private static long nanos(SecurityService service, String user, String password) throws Exception {
    long started = System.nanoTime();
    assertThat(awaitFailure(service.authenticate(user, password, LOCAL)))
        .isInstanceOf(AuthenticationFailedException.class);
    return System.nanoTime() - started;
  }

  private static double median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
