package io.infergate.inference.traffic;

/**
 * A token bucket without burst: tokens accrue at the node's share of the limit, and while nothing
 * waits at most one (plus one timer tick's worth, so that at high rates a millisecond timer need
 * not release requests one by one) is kept for later. While requests wait (the bucket is
 * backlogged) every token accrued is theirs, so a timer that fires late loses none. Not
 * thread-safe: its {@link EndpointGate} holds the lock.
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
  void rate(double perMinute, long now, boolean backlogged) {
    refill(now, backlogged);
    tokensPerNano = perMinute / 60e9;
    if (!backlogged) {
      settle();
    }
  }

  /** Nothing waits any more: keep no more than one token (and a tick's worth) for later. */
  void settle() {
    tokens = Math.min(tokens, capacity());
  }

  double perMinute() {
    return tokensPerNano * 60e9;
  }

  /** @param backlogged whether requests have been waiting since the bucket was last used */
  boolean tryTake(long now, boolean backlogged) {
    refill(now, backlogged);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Nanoseconds until a token is there (0 when one is), or {@code Long.MAX_VALUE} while the rate is 0. */
  long nanosUntilToken(long now, boolean backlogged) {
    refill(now, backlogged);
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

  private void refill(long now, boolean backlogged) {
    long elapsed = now - refilledAt;
    if (elapsed > 0) {
      tokens += elapsed * tokensPerNano;
      if (!backlogged) {
        settle();
      }
      refilledAt = now;
    }
  }
}
