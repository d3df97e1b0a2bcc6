package io.infergate.events;

/**
 * A subscriber asked for events the cluster no longer keeps: the events from {@code requested}
 * up to {@code oldestKept - 1} are lost to it. The stream goes on from {@code oldestKept}; a
 * subscriber that needs the full state should re-read the endpoints ({@code GET /_inference}).
 */
public final class EventsPastRetentionException extends RuntimeException {

  private final long requested;
  private final long oldestKept;

  public EventsPastRetentionException(long requested, long oldestKept, String reason) {
    super(reason);
    this.requested = requested;
    this.oldestKept = oldestKept;
  }

  public long requested() {
    return requested;
  }

  public long oldestKept() {
    return oldestKept;
  }
}
