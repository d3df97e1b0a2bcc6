package io.infergate.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.EsError;
import io.infergate.bus.EsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleUnitTest {

  private static final int USER_LIMIT = 10;
  private static final int ADDRESS_LIMIT = 30;
  private static final String ATTACKER = "192.0.2.1";
  private static final String ELSEWHERE = "198.51.100.7";

  private final FakeTicker clock = new FakeTicker();
  private final LoginThrottle throttle = new LoginThrottle(new LoginThrottleSettings(USER_LIMIT, ADDRESS_LIMIT,
      Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofMinutes(5), 10_000), clock);

  @Test
  void aUserNameIsThrottledAtTheAddressItFailedFromOnly() {
    failTimes("alice", ATTACKER, USER_LIMIT);

    AuthenticationThrottledException refusal = throttle.admit("alice", ATTACKER).refusal();
    assertThat(refusal).isNotNull();
    assertThat(refusal.retryAfterSeconds()).isEqualTo(2);
    assertThat(refusal.error().status()).isEqualTo(429);
    assertThat(refusal.error().type()).isEqualTo("security_exception");
    assertThat(refusal.error().reason())
        .isEqualTo("too many failed authentication attempts for user [alice] from this address; try again in [2s]");
    assertThat(throttle.admit("alice", ELSEWHERE).refusal()).as("the same user elsewhere").isNull();
    assertThat(throttle.admit("bob", ATTACKER).refusal()).as("another user from that address").isNull();
  }

  @Test
  void retryAfterRoundsUpToWholeSeconds() {
    failTimes("alice", ATTACKER, USER_LIMIT);
    clock.advance(Duration.ofMillis(1100));

    assertThat(throttle.admit("alice", ATTACKER).refusal().retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void anAddressTryingManyUserNamesIsThrottledForAll() {
    for (int i = 0; i < ADDRESS_LIMIT; i++) {
      failTimes("user-" + i, ATTACKER, 1);
    }

    AuthenticationThrottledException refusal = throttle.admit("someone-new", ATTACKER).refusal();
    assertThat(refusal).isNotNull();
    assertThat(refusal.error().reason())
        .isEqualTo("too many failed authentication attempts from this address; try again in [2s]");
    assertThat(throttle.admit("someone-new", ELSEWHERE).refusal()).isNull();
  }

  @Test
  void aSuccessClearsItsUserNameButNotItsAddress() {
    failTimes("alice", ATTACKER, USER_LIMIT - 1);
    throttle.admit("alice", ATTACKER).finish(null);
    failTimes("alice", ATTACKER, USER_LIMIT - 1);
    LoginThrottle.Attempt again = throttle.admit("alice", ATTACKER);
    assertThat(again.refusal()).as("alice's count started over").isNull();
    again.finish(null);

    // 18 failures from the address so far; a valid account's successes between guesses wipe none of them.
    for (int i = 0; i < ADDRESS_LIMIT - 2 * (USER_LIMIT - 1); i++) {
      throttle.admit("mallory", ATTACKER).finish(null);
      failTimes("other-" + i, ATTACKER, 1);
    }
    assertThat(throttle.admit("mallory", ATTACKER).refusal()).isNotNull();
  }

  @Test
  void outcomesThatJudgeNothingDoNotCount() {
    for (int i = 0; i < 3 * USER_LIMIT; i++) {
      LoginThrottle.Attempt attempt = throttle.admit("alice", ATTACKER);
      assertThat(attempt.refusal()).isNull();
      attempt.finish(new EsException(new EsError(429, "es_rejected_execution_exception", "full")));
    }
    assertThat(throttle.tracked()).isZero();
  }

  @Test
  void anIpv6HostCountsAsItsWholeSlash64() {
    for (int i = 0; i < ADDRESS_LIMIT; i++) {
      failTimes("user-" + i, "2001:db8:1:2::" + Integer.toHexString(i + 1), 1);
    }

    assertThat(throttle.admit("anyone", "2001:db8:1:2:ffff::9").refusal()).as("same /64").isNotNull();
    assertThat(throttle.admit("anyone", "2001:db8:1:3::1").refusal()).as("another /64").isNull();
  }

  @Test
  void madeUpUserNamesOfAnyLengthAreKeptSmall() {
    String longName = "x".repeat(10_000);
    failTimes(longName, ATTACKER, USER_LIMIT);

    assertThat(throttle.admit(longName, ATTACKER).refusal()).isNotNull();
    assertThat(throttle.admit(longName + "y", ATTACKER).refusal()).as("a different long name").isNull();
  }

  private void failTimes(String username, String address, int times) {
    for (int i = 0; i < times; i++) {
      LoginThrottle.Attempt attempt = throttle.admit(username, address);
      assertThat(attempt.refusal()).as("failure %d of %s admitted", i + 1, username).isNull();
      attempt.finish(new AuthenticationFailedException(username));
    }
  }
}
