package io.infergate.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.function.UnaryOperator;

/**
 * Failed attempts per key, with exponential backoff. A key that reaches {@code limit} failures
 * within {@code window} of its first one is blocked for {@code firstBackoff}; each failure after
 * that blocks it again for twice as long as the one before, up to {@code maxBackoff}. Once a key
 * has failed, the attempts admitted from then on count against the limit while they are under way
 * (and at the limit one at a time gets through between blocks), so that many connections guessing
 * at once cannot all get past the check before their failures are recorded. A key that has not
 * failed is neither capped nor remembered: a client opening many connections at once with one
 * password, which the realm verifies once for all of them, is not refused, and a correct password,
 * the common case, costs one read of the cache instead of an entry written and removed. Keys are
 * forgotten when their window ends below the limit, or {@code maxBackoff} after their last block
 * ended, and at most {@code maxTracked} are kept. Safe to call from any thread; nothing blocks
 * beyond the cache's per-key update. A limit of 0 admits every attempt and remembers nothing.
 */
final class FailedAttempts<K> {

  // Past this, doubling the backoff overflows a long of nanoseconds whatever it started at.
  private static final int MAX_DOUBLINGS = 62;

  /**
   * One key's standing. {@code windowEnds} means something only with failures, {@code blockedUntil}
   * only at or past the limit: neither needs a sentinel, which a nanosecond clock could reach.
   */
  private record State(int failures, int pending, long windowEnds, long blockedUntil) {

    static final State NONE = new State(0, 0, 0, 0);

    State withPending(int count) {
      return new State(failures, Math.max(0, count), windowEnds, blockedUntil);
    }

    boolean isEmpty() {
      return failures == 0 && pending == 0;
    }
  }

  private final Cache<K, State> states;
  private final Ticker ticker;
  private final int limit;
  private final long windowNanos;
  private final long firstBackoffNanos;
  private final long maxBackoffNanos;

  FailedAttempts(int limit, LoginThrottleSettings settings, Ticker ticker) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    this.ticker = ticker;
    this.limit = limit;
    this.windowNanos = settings.window().toNanos();
    this.firstBackoffNanos = settings.firstBackoff().toNanos();
    this.maxBackoffNanos = settings.maxBackoff().toNanos();
    this.states = Caffeine.newBuilder()
        .maximumSize(settings.maxTracked())
        .expireAfter(new Forgetting())
        .ticker(ticker)
        // Upkeep on the calling thread: a few map operations, and no pool thread to wait for in tests.
        .executor(Runnable::run)
        .build();
  }

  /**
   * An attempt's admission: {@code waitNanos} before trying again when refused (0 when admitted), and
   * whether the admitted attempt counts as under way until it is finished with the same admission.
   */
  record Admission(long waitNanos, boolean counted) {

    static final Admission UNCOUNTED = new Admission(0, false);
    static final Admission COUNTED = new Admission(0, true);

    static Admission refused(long waitNanos) {
      return new Admission(waitNanos, false);
    }

    boolean admitted() {
      return waitNanos == 0;
    }
  }

  /**
   * Admits an attempt of {@code key}, counted as under way when the key has failed before, until
   * {@link #failed}, {@link #cleared} or {@link #released}; or, when the key is blocked or has failed
   * and enough of its attempts are under way already, refuses it with how long to wait.
   */
  Admission admit(K key) {
    if (limit == 0 || states.getIfPresent(key) == null) {
      // Never failed (or forgotten): nothing to cap. Were it to fail meanwhile, this attempt counts as
      // one admitted just before that failure, which the count of those under way never held either.
      return Admission.UNCOUNTED;
    }
    long[] wait = {0};
    states.asMap().compute(key, (k, stored) -> {
      long now = ticker.read();
      State state = current(stored, now);
      if (isBlocked(state, now)) {
        wait[0] = state.blockedUntil() - now;
        return state;
      }
      if (state.failures() > 0 && state.pending() >= Math.max(1, limit - state.failures())) {
        // Those under way are answered within moments; the shortest wait a client can be told is enough.
        wait[0] = Math.min(firstBackoffNanos, 1_000_000_000L);
        return state;
      }
      return state.withPending(state.pending() + 1);
    });
    return wait[0] == 0 ? Admission.COUNTED : Admission.refused(wait[0]);
  }

  /** The admitted attempt failed: counted, and the key blocked once at or past the limit. */
  void failed(K key, Admission admission) {
    if (limit == 0) {
      return;
    }
    states.asMap().compute(key, (k, stored) -> {
      long now = ticker.read();
      State state = current(stored, now);
      int failures = state.failures() + 1;
      long windowEnds = state.failures() == 0 ? now + windowNanos : state.windowEnds();
      long blockedUntil = failures >= limit ? now + backoff(failures - limit) : state.blockedUntil();
      return new State(failures, Math.max(0, state.pending() - ended(admission)), windowEnds, blockedUntil);
    });
  }

  /** The admitted attempt succeeded: the key's failures and blocks are forgotten. */
  void cleared(K key, Admission admission) {
    update(key, state -> State.NONE.withPending(state.pending() - ended(admission)));
  }

  /** The admitted attempt ended without counting as a failure; the key's failures stand. */
  void released(K key, Admission admission) {
    if (admission.counted()) {
      update(key, state -> state.withPending(state.pending() - 1));
    }
  }

  private static int ended(Admission admission) {
    return admission.counted() ? 1 : 0;
  }

  /** Keys remembered now (expired and evicted ones removed first). */
  long tracked() {
    states.cleanUp();
    return states.estimatedSize();
  }

  private void update(K key, UnaryOperator<State> change) {
    states.asMap().computeIfPresent(key, (k, stored) -> {
      State changed = change.apply(current(stored, ticker.read()));
      return changed.isEmpty() ? null : changed;
    });
  }

  private boolean isBlocked(State state, long now) {
    return state.failures() >= limit && state.blockedUntil() - now > 0;
  }

  /** The state with failures forgotten once they have lapsed (the cache may not have removed it yet). */
  private State current(State stored, long now) {
    if (stored == null) {
      return State.NONE;
    }
    return stored.failures() > 0 && now - forgetAt(stored) >= 0 ? State.NONE.withPending(stored.pending()) : stored;
  }

  private long forgetAt(State state) {
    return state.failures() >= limit ? state.blockedUntil() + maxBackoffNanos : state.windowEnds();
  }

  private long backoff(int failuresPastLimit) {
    int doublings = Math.min(failuresPastLimit, MAX_DOUBLINGS);
    if (doublings >= Long.numberOfLeadingZeros(firstBackoffNanos) - 1) {
      return maxBackoffNanos;
    }
    return Math.min(maxBackoffNanos, firstBackoffNanos << doublings);
  }

  /** Keeps a key as long as its failures matter, and one with attempts under way at least a window. */
  private final class Forgetting implements Expiry<K, State> {

    @Override
    public long expireAfterCreate(K key, State state, long now) {
      long failuresMatter = state.failures() > 0 ? Math.max(0, forgetAt(state) - now) : 0;
      return state.pending() > 0 ? Math.max(failuresMatter, windowNanos) : failuresMatter;
    }

    @Override
    public long expireAfterUpdate(K key, State state, long now, long remaining) {
      return expireAfterCreate(key, state, now);
    }

    @Override
    public long expireAfterRead(K key, State state, long now, long remaining) {
      return remaining;
    }
  }
}
