package io.infergate.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the security service.
 *
 * @param confDir folder holding {@code users}, {@code users_roles} and {@code roles.yml}
 * @param cacheTtl how long a verified password is accepted without bcrypt
 * @param cacheMaxUsers how many users' verified passwords are kept
 * @param reloadInterval how often the files are checked for changes
 * @param hashingThreads how many threads run bcrypt
 * @param hashingQueueSize how many password verifications may wait for those threads; past it,
 *     authentication fails at once with a 429
 * @param throttle limits on failed authentications per user name at an address and per address
 */
public record SecurityConfig(Path confDir, Duration cacheTtl, long cacheMaxUsers,
    Duration reloadInterval, int hashingThreads, int hashingQueueSize, LoginThrottleSettings throttle) {

  public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(20);
  public static final long DEFAULT_CACHE_MAX_USERS = 100_000;
  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(5);
  public static final int DEFAULT_HASHING_QUEUE_SIZE = 1000;

  public SecurityConfig {
    Objects.requireNonNull(confDir, "confDir");
    Objects.requireNonNull(throttle, "throttle");
    if (cacheTtl.isNegative()) {
      throw new IllegalArgumentException("cacheTtl must not be negative: " + cacheTtl);
    }
    if (cacheMaxUsers < 0) {
      throw new IllegalArgumentException("cacheMaxUsers must not be negative: " + cacheMaxUsers);
    }
    if (reloadInterval.toMillis() < 1) {
      throw new IllegalArgumentException("reloadInterval must be at least 1ms: " + reloadInterval);
    }
    if (hashingThreads < 1) {
      throw new IllegalArgumentException("hashingThreads must be at least 1: " + hashingThreads);
    }
    if (hashingQueueSize < 1) {
      throw new IllegalArgumentException("hashingQueueSize must be at least 1: " + hashingQueueSize);
    }
  }

  /** Settings with the default login throttle. */
  public SecurityConfig(Path confDir, Duration cacheTtl, long cacheMaxUsers, Duration reloadInterval,
      int hashingThreads, int hashingQueueSize) {
    this(confDir, cacheTtl, cacheMaxUsers, reloadInterval, hashingThreads, hashingQueueSize,
        LoginThrottleSettings.defaults());
  }

  /** Settings with the default password-hashing pool and login throttle. */
  public SecurityConfig(Path confDir, Duration cacheTtl, long cacheMaxUsers, Duration reloadInterval) {
    this(confDir, cacheTtl, cacheMaxUsers, reloadInterval, defaultHashingThreads(),
        DEFAULT_HASHING_QUEUE_SIZE);
  }

  /** Half the processors, at least one, so that bcrypt never takes the whole node. */
  public static int defaultHashingThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  /**
   * The Elasticsearch defaults: a 20 minute cache of up to 100,000 users; a 5 s reload check.
   * Bcrypt on half the processors with up to 1000 verifications waiting. The default login throttle.
   */
  public static SecurityConfig defaults(Path confDir) {
    return new SecurityConfig(confDir, DEFAULT_CACHE_TTL, DEFAULT_CACHE_MAX_USERS,
        DEFAULT_RELOAD_INTERVAL);
  }
}
