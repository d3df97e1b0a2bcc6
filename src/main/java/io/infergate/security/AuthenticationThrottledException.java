package io.infergate.security;

import io.infergate.bus.EsError;

/**
 * Authentication was refused unchecked because of earlier failures from the client's address
 * (see {@link LoginThrottle}). The reason names only what the client sent, so it reads the same for
 * a user name that exists and one that does not.
 */
public final class AuthenticationThrottledException extends RuntimeException {

  private final long retryAfterSeconds;

  AuthenticationThrottledException(String reason, long retryAfterSeconds) {
    // No stack trace: while an attack lasts this is the common answer.
    super(reason + "; try again in [" + retryAfterSeconds + "s]", null, false, false);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Whole seconds until the client may try again, at least 1: HTTP's {@code Retry-After}. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The 429 {@code security_exception} for the client. */
  public EsError error() {
    return new EsError(429, "security_exception", getMessage());
  }
}
