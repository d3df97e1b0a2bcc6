package io.infergate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailedAttemptsUnitTest {

  private static final int LIMIT = 10;
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Duration FIRST = Duration.ofSeconds(1);
  private static final Duration MAX = Duration.ofSeconds(8);

  private final FakeTicker clock = new FakeTicker();
  private final FailedAttempts<String> attempts = attempts(LIMIT, 1000);

  @Test
  void admitsUpToTheLimitThenBlocksForTheFirstBackoff() {
    failTimes("k", LIMIT - 1);
    assertThat(attempts.admit("k")).as("below the limit").isZero();
    attempts.failed("k");

    assertThat(attempts.admit("k")).isEqualTo(FIRST.toNanos());
    clock.advance(Duration.ofMillis(400));
    assertThat(attempts.admit("k")).as("the wait shrinks as time passes").isEqualTo(Duration.ofMillis(600).toNanos());
    assertThat(attempts.admit("other")).as("other keys are not affected").isZero();
  }

  @Test
  void attemptsUnderWayOfAKeyThatNeverFailedAreNotCapped() {
    // A client pool opening many connections at once with one password: the realm verifies it once.
    for (int i = 0; i < 5 * LIMIT; i++) {
      assertThat(attempts.admit("k")).as("attempt %d", i + 1).isZero();
    }
    for (int i = 0; i < 5 * LIMIT; i++) {
      attempts.cleared("k");
    }
    assertThat(attempts.tracked()).isZero();
  }

  @Test
  void onceAKeyFailedItsAttemptsUnderWayCountAgainstTheLimit() {
    failTimes("k", 3);
    for (int i = 0; i < LIMIT - 3; i++) {
      assertThat(attempts.admit("k")).as("attempt %d under way", i + 1).isZero();
    }
    assertThat(attempts.admit("k")).as("3 failed and %d under way", LIMIT - 3).isPositive();

    attempts.released("k");
    assertThat(attempts.admit("k")).as("one ended without a verdict: room for one more").isZero();
  }

  @Test
  void atTheLimitOnlyOneAttemptAtATimeGetsThrough() {
    failTimes("k", LIMIT);
    clock.advance(FIRST);
    assertThat(attempts.admit("k")).isZero();
    assertThat(attempts.admit("k")).as("one under way already").isPositive();

    attempts.released("k");
    assertThat(attempts.admit("k")).as("it ended without a verdict: room for the next").isZero();
  }

  @Test
  void eachFailureAfterABlockDoublesTheNextUpToTheCap() {
    failTimes("k", LIMIT);
    Duration expected = FIRST;
    for (int round = 0; round < 6; round++) {
      assertThat(attempts.admit("k")).as("round %d", round).isEqualTo(expected.toNanos());
      clock.advance(expected);
      assertThat(attempts.admit("k")).as("one probe once the block ended").isZero();
      assertThat(attempts.admit("k")).as("only one at a time").isPositive();
      attempts.failed("k");
      expected = expected.multipliedBy(2).compareTo(MAX) > 0 ? MAX : expected.multipliedBy(2);
    }
    assertThat(attempts.admit("k")).isEqualTo(MAX.toNanos());
  }

  @Test
  void aSuccessForgetsTheFailures() {
    failTimes("k", LIMIT);
    clock.advance(FIRST);
    assertThat(attempts.admit("k")).isZero();
    attempts.cleared("k");

    assertThat(attempts.tracked()).isZero();
    failTimes("k", LIMIT - 1);
    assertThat(attempts.admit("k")).as("counting starts over").isZero();
  }

  @Test
  void failuresLapseWhenTheWindowEndsBelowTheLimit() {
    failTimes("k", LIMIT - 1);
    clock.advance(WINDOW);

    assertThat(attempts.tracked()).as("expired").isZero();
    failTimes("k", LIMIT - 1);
    assertThat(attempts.admit("k")).as("a fresh window").isZero();
  }

  @Test
  void aBlockedKeyIsForgottenOnlyTheMaxBackoffAfterItsBlockEnded() {
    failTimes("k", LIMIT);
    clock.advance(FIRST.plus(MAX).minusMillis(1));
    assertThat(attempts.tracked()).isEqualTo(1);
    assertThat(attempts.admit("k")).isZero();
    attempts.failed("k");
    assertThat(attempts.admit("k")).as("still escalated: doubled").isEqualTo(FIRST.multipliedBy(2).toNanos());

    clock.advance(FIRST.multipliedBy(2).plus(MAX));
    assertThat(attempts.tracked()).isZero();
    failTimes("k", LIMIT - 1);
    assertThat(attempts.admit("k")).isZero();
  }

  @Test
  void rememberedKeysAreBoundedWhateverTheKeysTried() {
    FailedAttempts<String> bounded = attempts(LIMIT, 100);
    for (int i = 0; i < 10_000; i++) {
      String key = "rotated-" + i;
      assertThat(bounded.admit(key)).isZero();
      bounded.failed(key);
    }
    assertThat(bounded.tracked()).isLessThanOrEqualTo(100);
  }

  @Test
  void finishedAttemptsWithoutFailuresLeaveNothingBehind() {
    for (int i = 0; i < 100; i++) {
      attempts.admit("ok-" + i);
      attempts.cleared("ok-" + i);
      attempts.admit("queue-full-" + i);
      attempts.released("queue-full-" + i);
    }
    assertThat(attempts.tracked()).isZero();
  }

  @Test
  void aLimitOfZeroAdmitsEverythingAndRemembersNothing() {
    FailedAttempts<String> off = attempts(0, 100);
    for (int i = 0; i < 100; i++) {
      assertThat(off.admit("k")).isZero();
      off.failed("k");
    }
    assertThat(off.tracked()).isZero();
  }

  private FailedAttempts<String> attempts(int limit, long maxTracked) {
    return new FailedAttempts<>(limit, new LoginThrottleSettings(limit, limit, WINDOW, FIRST, MAX, maxTracked), clock);
  }

  private void failTimes(String key, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(attempts.admit(key)).as("failure %d of %s admitted", i + 1, key).isZero();
      attempts.failed(key);
    }
  }
}
