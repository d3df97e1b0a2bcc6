package io.infergate.http;

import java.util.function.Consumer;

/**
 * Deadlines that all lie the same time after their start, kept in start order, so that the oldest
 * is always first: adding, ending and finding the overdue ones cost a few pointer writes each, with
 * no priority queue or timer per deadline. Confined to one thread (a router's event loop).
 */
final class ArrivalDeadlines<T> {

  private final long timeoutNanos;
  private Deadline<T> oldest;
  private Deadline<T> newest;

  ArrivalDeadlines(long timeoutNanos) {
    this.timeoutNanos = timeoutNanos;
  }

  /** Starts the deadline of {@code subject} at {@code nowNanos}; {@link Deadline#end} takes it back. */
  Deadline<T> start(T subject, long nowNanos) {
    Deadline<T> deadline = new Deadline<>(this, subject, nowNanos + timeoutNanos);
    deadline.previous = newest;
    if (newest == null) {
      oldest = deadline;
    } else {
      newest.next = deadline;
    }
    newest = deadline;
    return deadline;
  }

  /** Ends every deadline passed at {@code nowNanos}, oldest first, handing each subject to {@code overdue}. */
  void expire(long nowNanos, Consumer<T> overdue) {
    while (oldest != null && nowNanos - oldest.dueNanos >= 0) {
      T subject = oldest.subject;
      oldest.end();
      overdue.accept(subject);
    }
  }

  /** Deadlines started and not yet ended or expired, counted (for tests; nothing on the request path asks). */
  int size() {
    int size = 0;
    for (Deadline<T> deadline = oldest; deadline != null; deadline = deadline.next) {
      size++;
    }
    return size;
  }

  private void unlink(Deadline<T> deadline) {
    if (deadline.previous == null) {
      oldest = deadline.next;
    } else {
      deadline.previous.next = deadline.next;
    }
    if (deadline.next == null) {
      newest = deadline.previous;
    } else {
      deadline.next.previous = deadline.previous;
    }
  }

  /** One subject's deadline. */
  static final class Deadline<T> {

    private final ArrivalDeadlines<T> owner;
    private final long dueNanos;
    private T subject;
    private Deadline<T> previous;
    private Deadline<T> next;

    private Deadline(ArrivalDeadlines<T> owner, T subject, long dueNanos) {
      this.owner = owner;
      this.subject = subject;
      this.dueNanos = dueNanos;
    }

    /** Takes the deadline back; a second call, or one after it expired, does nothing. */
    void end() {
      if (subject != null) {
        owner.unlink(this);
        subject = null;
        previous = null;
        next = null;
      }
    }
  }
}
