package io.infergate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class FailedAttemptsUnitTest {

  private static final int LIMIT = 10;
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Duration FIRST = Duration.ofSeconds(1);
  private static final Duration MAX = Duration.ofSeconds(8);

  private final FakeTicker clock = new FakeTicker();
  private final FailedAttempts<String> attempts = attempts(LIMIT, 1000);
  /** The admitted attempts not finished yet, oldest first: a test finishes them in the order they came. */
  private final Deque<FailedAttempts.Admission> underWay = new ArrayDeque<>();

  @Test
  void admitsUpToTheLimitThenBlocksForTheFirstBackoff() {
    failTimes("k", LIMIT - 1);
    assertThat(admit("k")).as("below the limit").isZero();
    failed("k");

    assertThat(admit("k")).isEqualTo(FIRST.toNanos());
    clock.advance(Duration.ofMillis(400));
    assertThat(admit("k")).as("the wait shrinks as time passes").isEqualTo(Duration.ofMillis(600).toNanos());
    assertThat(admit("other")).as("other keys are not affected").isZero();
  }

  @Test
  void attemptsUnderWayOfAKeyThatNeverFailedAreNotCapped() {
    // A client pool opening many connections at once with one password: the realm verifies it once.
    for (int i = 0; i < 5 * LIMIT; i++) {
      assertThat(admit("k")).as("attempt %d", i + 1).isZero();
    }
    for (int i = 0; i < 5 * LIMIT; i++) {
      cleared("k");
    }
    assertThat(attempts.tracked()).isZero();
  }

  @Test
  void aKeyThatNeverFailedIsNotRememberedWhileItsAttemptsAreUnderWay() {
    for (int i = 0; i < 5; i++) {
      admit("k");
    }
    assertThat(attempts.tracked()).as("a correct password costs a read, no entry").isZero();
  }

  @Test
  void attemptsAdmittedBeforeTheFirstFailureDoNotCountDownThoseAdmittedAfterIt() {
    FailedAttempts.Admission before = attempts.admit("k");
    failTimes("k", 1);
    for (int i = 0; i < LIMIT - 1; i++) {
      assertThat(admit("k")).as("attempt %d after the failure", i + 1).isZero();
    }
    assertThat(admit("k")).as("1 failed and %d under way", LIMIT - 1).isPositive();

    attempts.released("k", before);
    assertThat(admit("k")).as("the earlier attempt was never counted, so its end frees no room").isPositive();
  }

  @Test
  void onceAKeyFailedItsAttemptsUnderWayCountAgainstTheLimit() {
    failTimes("k", 3);
    for (int i = 0; i < LIMIT - 3; i++) {
      assertThat(admit("k")).as("attempt %d under way", i + 1).isZero();
    }
    assertThat(admit("k")).as("3 failed and %d under way", LIMIT - 3).isPositive();

    released("k");
    assertThat(admit("k")).as("one ended without a verdict: room for one more").isZero();
  }

  @Test
  void atTheLimitOnlyOneAttemptAtATimeGetsThrough() {
    failTimes("k", LIMIT);
    clock.advance(FIRST);
    assertThat(admit("k")).isZero();
    assertThat(admit("k")).as("one under way already").isPositive();

    released("k");
    assertThat(admit("k")).as("it ended without a verdict: room for the next").isZero();
  }

  @Test
  void eachFailureAfterABlockDoublesTheNextUpToTheCap() {
    failTimes("k", LIMIT);
    Duration expected = FIRST;
    for (int round = 0; round < 6; round++) {
      assertThat(admit("k")).as("round %d", round).isEqualTo(expected.toNanos());
      clock.advance(expected);
      assertThat(admit("k")).as("one probe once the block ended").isZero();
      assertThat(admit("k")).as("only one at a time").isPositive();
      failed("k");
      expected = expected.multipliedBy(2).compareTo(MAX) > 0 ? MAX : expected.multipliedBy(2);
    }
    assertThat(admit("k")).isEqualTo(MAX.toNanos());
  }

  @Test
  void aSuccessForgetsTheFailures() {
    failTimes("k", LIMIT);
    clock.advance(FIRST);
    assertThat(admit("k")).isZero();
    cleared("k");

    assertThat(attempts.tracked()).isZero();
    failTimes("k", LIMIT - 1);
    assertThat(admit("k")).as("counting starts over").isZero();
  }

  @Test
  void failuresLapseWhenTheWindowEndsBelowTheLimit() {
    failTimes("k", LIMIT - 1);
    clock.advance(WINDOW);

    assertThat(attempts.tracked()).as("expired").isZero();
    failTimes("k", LIMIT - 1);
    assertThat(admit("k")).as("a fresh window").isZero();
  }

  @Test
  void aBlockedKeyIsForgottenOnlyTheMaxBackoffAfterItsBlockEnded() {
    failTimes("k", LIMIT);
    clock.advance(FIRST.plus(MAX).minusMillis(1));
    assertThat(attempts.tracked()).isEqualTo(1);
    assertThat(admit("k")).isZero();
    failed("k");
    assertThat(admit("k")).as("still escalated: doubled").isEqualTo(FIRST.multipliedBy(2).toNanos());

    clock.advance(FIRST.multipliedBy(2).plus(MAX));
    assertThat(attempts.tracked()).isZero();
    failTimes("k", LIMIT - 1);
    assertThat(admit("k")).isZero();
  }

  @Test
  void rememberedKeysAreBoundedWhateverTheKeysTried() {
    FailedAttempts<String> bounded = attempts(LIMIT, 100);
    for (int i = 0; i < 10_000; i++) {
      String key = "rotated-" + i;
      FailedAttempts.Admission admission = bounded.admit(key);
      assertThat(admission.waitNanos()).isZero();
      bounded.failed(key, admission);
    }
    assertThat(bounded.tracked()).isLessThanOrEqualTo(100);
  }

  @Test
  void finishedAttemptsWithoutFailuresLeaveNothingBehind() {
    for (int i = 0; i < 100; i++) {
      admit("ok-" + i);
      cleared("ok-" + i);
      admit("queue-full-" + i);
      released("queue-full-" + i);
    }
    assertThat(attempts.tracked()).isZero();
  }

  @Test
  void aLimitOfZeroAdmitsEverythingAndRemembersNothing() {
    FailedAttempts<String> off = attempts(0, 100);
    for (int i = 0; i < 100; i++) {
      FailedAttempts.Admission admission = off.admit("k");
      assertThat(admission.waitNanos()).isZero();
      off.failed("k", admission);
    }
    assertThat(off.tracked()).isZero();
  }

  /** Admits an attempt of the key and returns its wait, keeping it as under way when admitted. */
  private long admit(String key) {
    FailedAttempts.Admission admission = attempts.admit(key);
    if (admission.admitted()) {
      underWay.add(admission);
    }
    return admission.waitNanos();
  }

  private void failed(String key) {
    attempts.failed(key, underWay.remove());
  }

  private void cleared(String key) {
    attempts.cleared(key, underWay.remove());
  }

  private void released(String key) {
    attempts.released(key, underWay.remove());
  }

  private FailedAttempts<String> attempts(int limit, long maxTracked) {
    return new FailedAttempts<>(limit, new LoginThrottleSettings(limit, limit, WINDOW, FIRST, MAX, maxTracked), clock);
  }

  private void failTimes(String key, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(admit(key)).as("failure %d of %s admitted", i + 1, key).isZero();
      failed(key);
    }
  }
}
