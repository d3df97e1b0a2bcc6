package io.infergate.security;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Logger;

/** A warning logged at most once per interval, for conditions that recur request after request. */
final class OccasionalWarning {

  private final Logger log;
  private final long intervalNanos;
  private final AtomicLong next = new AtomicLong(System.nanoTime());

  OccasionalWarning(Logger log, Duration interval) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
  }

  void warn(Supplier<String> message) {
    long now = System.nanoTime();
    long due = next.get();
    if (now - due >= 0 && next.compareAndSet(due, now + intervalNanos)) {
      log.warning(message);
    }
  }
}
