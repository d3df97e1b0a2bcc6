package io.infergate.inference.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Elasticsearch's retry of provider requests: which failures, how many times, how long between. */
class RetryPolicyUnitTest {

  @Test
  void theDefaultsAreElasticsearchs() {
    assertThat(RetryPolicy.defaults()).isEqualTo(new RetryPolicy(1_000, 5_000, 3));
    assertThat(RetryPolicy.fromJson(new JsonObject())).isEqualTo(RetryPolicy.defaults());
    assertThat(RetryPolicy.fromJson(new JsonObject().put("initial_delay_ms", 50).put("max_retries", 1)))
        .isEqualTo(new RetryPolicy(50, 5_000, 1));
  }

  @Test
  void rateLimitsAndServerErrorsAreRetriedNothingElse() {
    assertThat(RetryPolicy.retriesStatus(429)).isTrue();
    assertThat(RetryPolicy.retriesStatus(500)).isTrue();
    assertThat(RetryPolicy.retriesStatus(503)).isTrue();
    for (int status : new int[] {400, 401, 403, 404, 413, 501, 502, 504}) {
      assertThat(RetryPolicy.retriesStatus(status)).as("%s", status).isFalse();
    }
  }

  @Test
  void threeRetriesAfterTheFirstAttempt() {
    RetryPolicy policy = RetryPolicy.defaults();

    assertThat(policy.allowsRetry(0)).isTrue();
    assertThat(policy.allowsRetry(2)).isTrue();
    assertThat(policy.allowsRetry(3)).isFalse();
    assertThat(new RetryPolicy(1, 1, 0).allowsRetry(0)).isFalse();
  }

  @Test
  void eachDelayIsInTheUpperHalfOfABoundThatDoublesUpToTheMaximum() {
    RetryPolicy policy = RetryPolicy.defaults();
    long[][] bounds = {{501, 1_000}, {1_001, 2_000}, {2_001, 4_000}, {2_501, 5_000}, {2_501, 5_000}};
    for (int retry = 1; retry <= bounds.length; retry++) {
      long min = Long.MAX_VALUE;
      long max = 0;
      for (int i = 0; i < 2_000; i++) {
        long delay = policy.delayMs(retry, RetryAfter.NONE);
        min = Math.min(min, delay);
        max = Math.max(max, delay);
      }
      assertThat(min).as("retry %s", retry).isGreaterThanOrEqualTo(bounds[retry - 1][0]);
      assertThat(max).as("retry %s", retry).isLessThanOrEqualTo(bounds[retry - 1][1]);
      assertThat(max - min).as("retry %s is jittered", retry).isGreaterThan(0);
    }
  }

  @Test
  void aRetryAfterIsTheLeastDelay() {
    RetryPolicy policy = RetryPolicy.defaults();

    assertThat(policy.delayMs(1, 3_000)).isEqualTo(3_000);
    assertThat(policy.delayMs(1, 0)).isBetween(501L, 1_000L);
    assertThat(policy.delayMs(3, 1_000)).isBetween(2_001L, 4_000L);
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThatThrownBy(() -> new RetryPolicy(0, 5_000, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(2_000, 1_000, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(1_000, 5_000, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
