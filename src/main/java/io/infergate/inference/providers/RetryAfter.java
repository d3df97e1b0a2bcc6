package io.infergate.inference.providers;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** A provider's {@code Retry-After} header (RFC 9110): delay-seconds or an HTTP-date. */
final class RetryAfter {

  /** No usable header. */
  static final long NONE = -1;

  private RetryAfter() {
  }

  /** The wait the header asks for in milliseconds (0 for a date already past), or {@link #NONE}. */
  static long millis(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return NONE;
    }
    String value = header.trim();
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        return Math.multiplyExact(Long.parseLong(value), 1_000L);
      } catch (NumberFormatException | ArithmeticException tooLarge) {
        return Long.MAX_VALUE;
      }
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
      return Math.max(0, Duration.between(clock.instant(), at.toInstant()).toMillis());
    } catch (DateTimeParseException unreadable) {
      return NONE;
    }
  }
}
