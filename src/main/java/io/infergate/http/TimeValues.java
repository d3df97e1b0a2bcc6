package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.inference.TimeValue;

/** Elasticsearch time values in query parameters ({@link TimeValue}), refused with a 400 {@code illegal_argument_exception}. */
final class TimeValues {

  private TimeValues() {
  }

  static long millis(String parameter, String value) {
    try {
      return TimeValue.millis(parameter, value);
    } catch (IllegalArgumentException e) {
      throw HttpFailure.of(EsError.illegalArgument(e.getMessage()));
    }
  }
}
