package io.infergate.events;

import io.vertx.core.Future;

/** A running subscription: where it is in the event sequence, and how to end it. */
public interface Subscription {

  /** Completes once the subscription has caught up with the events missed since its start sequence. */
  Future<Void> ready();

  /** The next sequence it will deliver: save it and pass it as the start sequence to resume later. */
  long nextSequence();

  Future<Void> close();

  /**
   * Stops delivering until {@link #resume()}, for a subscriber that cannot take more now. Nothing
   * is kept meanwhile (the cluster's log keeps the events, within its retention); {@link #lag()} grows.
   */
  void pause();

  /** Delivers again, first the events that came while paused, in order. */
  void resume();

  /** Events published that this subscription has not delivered yet (0 when it keeps up). */
  long lag();
}
