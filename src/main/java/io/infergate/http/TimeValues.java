package io.infergate.http;

import io.infergate.bus.EsError;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Elasticsearch time values in query parameters: {@code 30s}, {@code 500ms}, {@code 1m}, {@code 2h}, {@code 1d}. */
final class TimeValues {

  private static final Pattern VALUE = Pattern.compile("(\\d+)(nanos|micros|ms|s|m|h|d)");

  private TimeValues() {
  }

  static long millis(String parameter, String value) {
    Matcher matcher = VALUE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw HttpFailure.of(EsError.illegalArgument("failed to parse setting [" + parameter + "] with value ["
          + value + "] as a time value: unit is missing or unrecognized"));
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "nanos" -> amount / 1_000_000;
      case "micros" -> amount / 1_000;
      case "ms" -> amount;
      case "s" -> amount * 1_000;
      case "m" -> amount * 60_000;
      case "h" -> amount * 3_600_000;
      default -> amount * 86_400_000;
    };
  }
}
