package io.infergate.inference.providers;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed provider request is sent again, and after how long: Elasticsearch's retry of
 * inference requests ({@code xpack.inference.http.retry.*}). The provider statuses 429, 500 and 503
 * are retried (and, see {@link ProviderHttp}, a connection refused, reset or closed before any
 * answer); every other failure is final. The n-th retry waits a random time in the upper half of
 * {@code min(initial_delay * 2^(n-1), max_delay)}, Elasticsearch's jitter, and never less than the
 * provider's {@code Retry-After}.
 *
 * @param initialDelayMs the bound of the first retry's delay (1 s)
 * @param maxDelayMs     the largest bound any retry's delay grows to (5 s)
 * @param maxRetries     retries after the first attempt (3); 0 turns retrying off
 */
public record RetryPolicy(long initialDelayMs, long maxDelayMs, int maxRetries) {

  public RetryPolicy {
    if (initialDelayMs < 1 || maxDelayMs < initialDelayMs || maxRetries < 0) {
      throw new IllegalArgumentException("inference.providers.retry needs initial_delay_ms >= 1, max_delay_ms >= "
          + "initial_delay_ms and max_retries >= 0, not [" + initialDelayMs + ", " + maxDelayMs + ", " + maxRetries + "]");
    }
  }

  public static RetryPolicy defaults() {
    return new RetryPolicy(1_000, 5_000, 3);
  }

  /** Reads {@code initial_delay_ms}, {@code max_delay_ms} and {@code max_retries}, defaults for the rest. */
  public static RetryPolicy fromJson(JsonObject json) {
    RetryPolicy defaults = defaults();
    return new RetryPolicy(
        json.getLong("initial_delay_ms", defaults.initialDelayMs()),
        json.getLong("max_delay_ms", defaults.maxDelayMs()),
        json.getInteger("max_retries", defaults.maxRetries()));
  }

  /** Whether a provider's answer with this status is worth sending again. */
  public static boolean retriesStatus(int status) {
    return status == 429 || status == 500 || status == 503;
  }

  /** Whether a request that has been retried {@code retries} times may be retried once more. */
  public boolean allowsRetry(int retries) {
    return retries < maxRetries;
  }

  /**
   * The wait before retry number {@code retry} (from 1).
   *
   * @param retryAfterMs the provider's {@code Retry-After}, or -1 when it sent none
   */
  public long delayMs(int retry, long retryAfterMs) {
    long bound = initialDelayMs;
    for (int i = 1; i < retry && bound < maxDelayMs; i++) {
      bound *= 2;
    }
    bound = Math.min(bound, maxDelayMs);
    long range = (bound + 1) / 2;
    long jittered = bound - range + 1 + ThreadLocalRandom.current().nextLong(range);
    return Math.max(jittered, retryAfterMs);
  }
}
