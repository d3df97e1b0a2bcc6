package io.infergate.inference.providers;

import io.infergate.bus.EsException;

/**
 * One attempt of a provider request failed in a way worth another attempt: {@link ProviderRetries}
 * tries again, or gives the client {@link #error()} once it may not.
 */
final class RetryableFailure extends RuntimeException {

  private final transient EsException error;
  private final long retryAfterMs;

  /** @param retryAfterMs the provider's {@code Retry-After}, or {@link RetryAfter#NONE} */
  RetryableFailure(EsException error, long retryAfterMs) {
    super(error.getMessage(), null, false, false);
    this.error = error;
    this.retryAfterMs = retryAfterMs;
  }

  /** The Elasticsearch error of this attempt, what the client gets when it is the last one. */
  EsException error() {
    return error;
  }

  long retryAfterMs() {
    return retryAfterMs;
  }
}
