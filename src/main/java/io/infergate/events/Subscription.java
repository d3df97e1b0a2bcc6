package io.infergate.events;

import io.vertx.core.Future;

/** A running subscription: where it is in the event sequence, and how to end it. */
public interface Subscription {

  /** Completes once the subscription has caught up with the events missed since its start sequence. */
  Future<Void> ready();

  /** The next sequence it will deliver: save it and pass it as the start sequence to resume later. */
  long nextSequence();

  Future<Void> close();
}
