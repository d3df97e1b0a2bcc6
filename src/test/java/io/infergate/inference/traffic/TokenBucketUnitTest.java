package io.infergate.inference.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketUnitTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void anIdleBucketKeepsOneTokenNotABurst() {
    TokenBucket bucket = new TokenBucket(60, 0); // one per second

    assertThat(bucket.tryTake(0, false)).isTrue();
    assertThat(bucket.tryTake(0, false)).isFalse();
    long later = 100 * SECOND;
    assertThat(bucket.tryTake(later, false)).isTrue();
    assertThat(bucket.tryTake(later, false)).as("100 idle seconds leave one token, not 100").isFalse();
    // at most one timer tick's worth is kept beyond the one token
    assertThat(bucket.nanosUntilToken(later, false)).isBetween(SECOND - TokenBucket.TICK_NANOS, SECOND);
  }

  @Test
  void whileRequestsWaitALateTimerLosesNoToken() {
    TokenBucket bucket = new TokenBucket(60, 0);
    assertThat(bucket.tryTake(0, false)).isTrue();

    // the timer meant for 1 s fires at 2.5 s: the two tokens of those seconds go to the waiting requests
    long late = 2_500_000_000L;
    assertThat(bucket.tryTake(late, true)).isTrue();
    assertThat(bucket.tryTake(late, true)).isTrue();
    assertThat(bucket.tryTake(late, true)).isFalse();
    assertThat(bucket.nanosUntilToken(late, true)).isEqualTo(SECOND / 2);
  }

  @Test
  void aNewRateAppliesFromNowOn() {
    TokenBucket bucket = new TokenBucket(60, 0);
    assertThat(bucket.tryTake(0, false)).isTrue();
    bucket.rate(600, SECOND / 2, true); // half a token accrued at the old rate
    assertThat(bucket.nanosUntilToken(SECOND / 2, true)).isEqualTo(SECOND / 20);
    bucket.rate(0, SECOND / 2, true);
    assertThat(bucket.nanosUntilToken(SECOND / 2, true)).isEqualTo(Long.MAX_VALUE);
  }
}
