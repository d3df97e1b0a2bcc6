package io.infergate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.infergate.bus.EsError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Elasticsearch time values ({@code ?timeout=30s}) as the query parameters read them. */
class TimeValuesUnitTest {

  @ParameterizedTest(name = "{0} is {1} ms")
  @CsvSource({
      "30s, 30000",
      "500ms, 500",
      "1m, 60000",
      "2h, 7200000",
      "1d, 86400000",
      "0s, 0",
      "2000micros, 2",
      "1999micros, 1",
      "3000000nanos, 3",
      "999999nanos, 0"})
  void everyElasticsearchUnit(String value, long millis) {
    assertThat(TimeValues.millis("timeout", value)).isEqualTo(millis);
  }

  @Test
  void unitsIgnoreCaseAndTheValueIsTrimmed() {
    assertThat(TimeValues.millis("timeout", "30S")).isEqualTo(30_000);
    assertThat(TimeValues.millis("timeout", "500MS")).isEqualTo(500);
    assertThat(TimeValues.millis("timeout", "2H")).isEqualTo(7_200_000);
    assertThat(TimeValues.millis("timeout", " 30s ")).isEqualTo(30_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "", "abc", "2w", "30sec", "1y", "ms30"})
  void aMissingOrUnknownUnitIsA400IllegalArgument(String value) {
    HttpFailure failure = catchThrowableOfType(HttpFailure.class, () -> TimeValues.millis("timeout", value));

    assertThat(failure).isNotNull();
    assertThat(failure.status()).isEqualTo(400);
    assertThat(failure.error()).isEqualTo(new EsError(400, "illegal_argument_exception",
        "failed to parse setting [timeout] with value [" + value
            + "] as a time value: unit is missing or unrecognized"));
  }

  @Test
  void theErrorNamesTheParameterItWasGiven() {
    HttpFailure failure = catchThrowableOfType(HttpFailure.class, () -> TimeValues.millis("master_timeout", "x"));

    assertThat(failure.error().reason()).startsWith("failed to parse setting [master_timeout] with value [x]");
  }
}
