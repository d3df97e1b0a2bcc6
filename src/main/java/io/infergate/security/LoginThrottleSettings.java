package io.infergate.security;

import java.time.Duration;

/**
 * Limits on failed authentications (see {@link LoginThrottle} for the rules).
 *
 * @param userFailures failures of one user name from one client address within {@code window}
 *     after which that pair is throttled; 0 turns this limit off
 * @param addressFailures failures from one client address, whatever the user names, within
 *     {@code window} after which the address is throttled; 0 turns this limit off
 * @param window how long failures are counted from the first one
 * @param firstBackoff how long the first throttling lasts; each further failure doubles it
 * @param maxBackoff the longest throttling; a throttled key is forgotten once this long has passed
 *     after its throttling ended without another failure
 * @param maxTracked how many keys (user name at address, address) are remembered at most
 */
public record LoginThrottleSettings(int userFailures, int addressFailures, Duration window,
    Duration firstBackoff, Duration maxBackoff, long maxTracked) {

  public static final int DEFAULT_USER_FAILURES = 10;
  public static final int DEFAULT_ADDRESS_FAILURES = 100;
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
  public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);
  public static final long DEFAULT_MAX_TRACKED = 100_000;

  /** No throttling at all. */
  public static final LoginThrottleSettings OFF = new LoginThrottleSettings(0, 0, DEFAULT_WINDOW,
      DEFAULT_FIRST_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MAX_TRACKED);

  public LoginThrottleSettings {
    if (userFailures < 0 || addressFailures < 0) {
      throw new IllegalArgumentException("failure limits must not be negative: " + userFailures + ", "
          + addressFailures);
    }
    if (window.toMillis() < 1 || firstBackoff.toMillis() < 1) {
      throw new IllegalArgumentException("window and first backoff must be at least 1ms: " + window + ", "
          + firstBackoff);
    }
    if (maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException("max backoff " + maxBackoff + " is shorter than the first " + firstBackoff);
    }
    if (maxTracked < 1) {
      throw new IllegalArgumentException("maxTracked must be at least 1: " + maxTracked);
    }
  }

  /** 10 failures of a user at an address, or 100 from an address, in a minute; 1 s doubling up to 5 min. */
  public static LoginThrottleSettings defaults() {
    return new LoginThrottleSettings(DEFAULT_USER_FAILURES, DEFAULT_ADDRESS_FAILURES, DEFAULT_WINDOW,
        DEFAULT_FIRST_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MAX_TRACKED);
  }
}
