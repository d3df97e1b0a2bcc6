package io.infergate.inference.perform;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * The life of one perform request as a service sees it: when it must be done by, and whether the
 * client has gone (disconnected or timed out). A service registers what to close on cancel, such
 * as its provider request, so that nothing keeps calling a provider for a client that left. Each
 * provider request waits for the endpoint's {@link Admission} first, and what happens to it is told
 * to the call's {@link CallObserver}.
 */
public final class Call {

  private final long deadlineNanos;
  private final Admission admission;
  private final CallObserver observer;
  private final List<Runnable> onCancel = new ArrayList<>();
  private boolean cancelled;
  private volatile boolean waitingForAdmission;

  private Call(long deadlineNanos, Admission admission, CallObserver observer) {
    this.deadlineNanos = deadlineNanos;
    this.admission = admission;
    this.observer = observer;
  }

  /** A call admitted at once and observed by no one. */
  public static Call withTimeout(long timeoutMs) {
    return of(timeoutMs, Admission.OPEN, CallObserver.NONE);
  }

  public static Call of(long timeoutMs, Admission admission, CallObserver observer) {
    return new Call(System.nanoTime() + timeoutMs * 1_000_000L, admission, observer);
  }

  /** Completes when the call may send its next provider request (see {@link Admission}). */
  public Future<Void> admit() {
    return admission.admit(this);
  }

  public CallObserver observer() {
    return observer;
  }

  /** Whether the call is waiting in its endpoint's queue: its timeout then has Elasticsearch's queued-request message. */
  public boolean isWaitingForAdmission() {
    return waitingForAdmission;
  }

  public void waitingForAdmission(boolean waiting) {
    waitingForAdmission = waiting;
  }

  /** The deadline, in {@link System#nanoTime()}'s terms. */
  public long deadlineNanos() {
    return deadlineNanos;
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
