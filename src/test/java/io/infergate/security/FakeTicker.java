package io.infergate.security;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves by hand; it starts below zero, as {@link System#nanoTime()} may. */
final class FakeTicker implements Ticker {

  private final AtomicLong nanos = new AtomicLong(-Duration.ofDays(1).toNanos());

  @Override
  public long read() {
    return nanos.get();
  }

  void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }
}
