package io.infergate.inference.traffic;

/**
 * A token bucket without burst: tokens accrue at the node's share of the limit and at most one,
 * plus one timer tick's worth (a late timer then loses nothing, and at high rates a millisecond
 * timer need not release requests one by one), waits unused. Not thread-safe: its
 * {@link EndpointGate} holds the lock.
 */
final class TokenBucket {

  /** The shortest wait the gate's timer can honour; a bucket holds at most this long's tokens. */
  static final long TICK_NANOS = 5_000_000L;

  private double tokensPerNano;
  private double tokens;
  private long refilledAt;

  TokenBucket(double perMinute, long now) {
    this.tokensPerNano = perMinute / 60e9;
    this.tokens = 1;
    this.refilledAt = now;
  }

  /** Changes the rate from now on; tokens accrued so far are kept. */
  void rate(double perMinute, long now) {
    refill(now);
    tokensPerNano = perMinute / 60e9;
    tokens = Math.min(tokens, capacity());
  }

  double perMinute() {
    return tokensPerNano * 60e9;
  }

  boolean tryTake(long now) {
    refill(now);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Nanoseconds until a token is there (0 when one is), or {@code Long.MAX_VALUE} while the rate is 0. */
  long nanosUntilToken(long now) {
    refill(now);
    if (tokens >= 1) {
      return 0;
    }
    if (tokensPerNano <= 0) {
      return Long.MAX_VALUE;
    }
    return (long) Math.ceil((1 - tokens) / tokensPerNano);
  }

  private double capacity() {
    return 1 + tokensPerNano * TICK_NANOS;
  }

  private void refill(long now) {
    long elapsed = now - refilledAt;
    if (elapsed > 0) {
      tokens = Math.min(capacity(), tokens + elapsed * tokensPerNano);
      refilledAt = now;
    }
  }
}
