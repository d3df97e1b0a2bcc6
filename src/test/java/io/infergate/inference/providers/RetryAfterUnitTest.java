package io.infergate.inference.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A provider's {@code Retry-After}: delay-seconds or an HTTP-date, anything else ignored. */
class RetryAfterUnitTest {

  @Test
  void retryAfterInSecondsOrAsAnHttpDate() {
    Clock now = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    assertThat(RetryAfter.millis("1", now)).isEqualTo(1_000);
    assertThat(RetryAfter.millis(" 120 ", now)).isEqualTo(120_000);
    assertThat(RetryAfter.millis("Sun, 01 Mar 2026 12:00:05 GMT", now)).isEqualTo(5_000);
    assertThat(RetryAfter.millis("Sun, 01 Mar 2026 11:59:00 GMT", now)).isZero();
    assertThat(RetryAfter.millis("99999999999999999999", now)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void anUnreadableRetryAfterIsIgnored() {
    Clock now = Clock.systemUTC();

    assertThat(RetryAfter.millis(null, now)).isEqualTo(RetryAfter.NONE);
    assertThat(RetryAfter.millis("", now)).isEqualTo(RetryAfter.NONE);
    assertThat(RetryAfter.millis("-1", now)).isEqualTo(RetryAfter.NONE);
    assertThat(RetryAfter.millis("1.5", now)).isEqualTo(RetryAfter.NONE);
    assertThat(RetryAfter.millis("tomorrow", now)).isEqualTo(RetryAfter.NONE);
  }
}
