package io.infergate.inference;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Elasticsearch time values: {@code 30s}, {@code 500ms}, {@code 1m}, {@code 2h}, {@code 1d} (and
 * {@code micros}, {@code nanos}), as a query parameter or a setting gives them.
 */
public final class TimeValue {

  private static final Pattern VALUE = Pattern.compile("(\\d+)(nanos|micros|ms|s|m|h|d)");

  /**
   * About a hundred years: longer waits mean "forever", and capping them keeps every deadline
   * computed from one ({@code now + timeout}, timers in nanoseconds) from overflowing.
   */
  public static final long MAX_MILLIS = 100L * 365 * 86_400_000L;

  private TimeValue() {
  }

  /**
   * The value in milliseconds.
   *
   * @throws IllegalArgumentException with Elasticsearch's message ({@code failed to parse setting
   *     [timeout] with value [soon] as a time value: unit is missing or unrecognized})
   */
  public static long millis(String setting, String value) {
    Matcher matcher = VALUE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw failure(setting, value, "unit is missing or unrecognized");
    }
    long millis;
    try {
      long amount = Long.parseLong(matcher.group(1));
      millis = switch (matcher.group(2)) {
        case "nanos" -> amount / 1_000_000;
        case "micros" -> amount / 1_000;
        case "ms" -> amount;
        case "s" -> Math.multiplyExact(amount, 1_000L);
        case "m" -> Math.multiplyExact(amount, 60_000L);
        case "h" -> Math.multiplyExact(amount, 3_600_000L);
        default -> Math.multiplyExact(amount, 86_400_000L);
      };
    } catch (NumberFormatException | ArithmeticException tooLarge) {
      throw failure(setting, value, "the value is too large");
    }
    if (millis > MAX_MILLIS) {
      throw failure(setting, value, "the value is too large");
    }
    return millis;
  }

  private static IllegalArgumentException failure(String setting, String value, String why) {
    return new IllegalArgumentException("failed to parse setting [" + setting + "] with value [" + value
        + "] as a time value: " + why);
  }
}
