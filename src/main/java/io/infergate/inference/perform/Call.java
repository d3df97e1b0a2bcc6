package io.infergate.inference.perform;

import java.util.ArrayList;
import java.util.List;

/**
 * The life of one perform request as a service sees it: when it must be done by, and whether the
 * client has gone (disconnected or timed out). A service registers what to close on cancel, such
 * as its provider request, so that nothing keeps calling a provider for a client that left.
 */
public final class Call {

  private final long deadlineNanos;
  private final List<Runnable> onCancel = new ArrayList<>();
  private boolean cancelled;

  private Call(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  public static Call withTimeout(long timeoutMs) {
    return new Call(System.nanoTime() + timeoutMs * 1_000_000L);
  }

  /** Milliseconds left before the deadline, at least 1 so that it can still be passed as a timeout. */
  public long remainingMs() {
    return Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000L);
  }

  /** Whether a wait of {@code delayMs} starting now would end before the deadline. */
  public boolean hasTimeFor(long delayMs) {
    return delayMs < (deadlineNanos - System.nanoTime()) / 1_000_000L;
  }

  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /** Runs {@code action} on cancel, at once if the call is already cancelled. */
  public void onCancel(Runnable action) {
    synchronized (this) {
      if (!cancelled) {
        onCancel.add(action);
        return;
      }
    }
    action.run();
  }

  public void cancel() {
    List<Runnable> actions;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      actions = List.copyOf(onCancel);
      onCancel.clear();
    }
    actions.forEach(Runnable::run);
  }
}
