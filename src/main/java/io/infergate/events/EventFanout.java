package io.infergate.events;

import io.infergate.bus.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One cluster-wide subscription to {@link Addresses#EVENTS} (the router's, and the bridge's), shared
 * by every local listener (server-sent event streams, bridge connections), each called on its own context. The subscription exists
 * only while some stream listens: every event published is sent to every member subscribed, and a
 * node without a stream would only decode it and drop it. Only events a gateway signed reach the
 * listeners ({@link EventIntegrity}); any other is refused once here, and reported.
 */
public final class EventFanout {

  private final Vertx vertx;
  private final EventIntegrity integrity;
  private final SubscriberLag lag;
  private final Map<Object, Listener> listeners = new ConcurrentHashMap<>();
  private MessageConsumer<JsonObject> consumer;
  private Future<Void> subscribed = Future.succeededFuture();
  private final AtomicLong newestDispatched = new AtomicLong(-1);
  /** What this node had published when the subscription became known: events before it need not arrive. */
  private volatile long publishedBeforeSubscribed = Long.MAX_VALUE;
  /** Callers of {@link #delivered} still waiting; guarded by {@code this}. */
  private final List<DeliveryWait> deliveryWaits = new ArrayList<>();

  private record Listener(Context context, Consumer<JsonObject> sink) {
  }

  private record DeliveryWait(long sequence, Promise<Void> caughtUp, long timer) {
  }

  /** A listener's hold on the events: {@link #ready()} once they reach it, {@link #stop()} to end it. */
  public interface Listening {

    /** Completes once the node's subscription is known to the cluster: events published from then on arrive. */
    Future<Void> ready();

    void stop();
  }

  /** A fan-out whose subscribers' lag is metered nowhere. */
  public EventFanout(Vertx vertx, EventIntegrity integrity) {
    this(vertx, integrity, SubscriberLag.unmetered());
  }

  /** @param lag where the newest sequence this node has seen is kept, for its subscribers' lag */
  public EventFanout(Vertx vertx, EventIntegrity integrity, SubscriberLag lag) {
    this.vertx = vertx;
    this.integrity = integrity;
    this.lag = lag;
  }

  /** The lag of this fan-out's subscribers. */
  public SubscriberLag lag() {
    return lag;
  }

  /** Calls {@code sink} on the current context for every event until {@link Listening#stop()}. */
  public synchronized Listening listen(Consumer<JsonObject> sink) {
    Object key = new Object();
    listeners.put(key, new Listener(vertx.getOrCreateContext(), sink));
    if (consumer == null) {
      consumer = vertx.eventBus().consumer(Addresses.EVENTS, message -> {
        if (integrity.accepts(message)) {
          dispatch(message.body());
        }
      });
      publishedBeforeSubscribed = Long.MAX_VALUE;
      subscribed = consumer.completion()
          .onSuccess(known -> publishedBeforeSubscribed = integrity.newestPublished(Addresses.EVENTS));
    }
    Future<Void> ready = subscribed;
    return new Listening() {
      @Override
      public Future<Void> ready() {
        return ready;
      }

      @Override
      public void stop() {
        stopListening(key);
      }
    };
  }

  private synchronized void stopListening(Object key) {
    if (listeners.remove(key) != null && listeners.isEmpty() && consumer != null) {
      consumer.unregister();
      consumer = null;
    }
  }

  public Future<Void> close() {
    MessageConsumer<JsonObject> closing;
    synchronized (this) {
      listeners.clear();
      closing = consumer;
      consumer = null;
    }
    // Nothing more will be dispatched: no caller of delivered() waits for its timeout.
    answerWaitsUpTo(Long.MAX_VALUE);
    return closing == null ? Future.succeededFuture() : closing.unregister();
  }

  /**
   * Completes once every event this node published while subscribed has been handed to every
   * listener, so that what a listener writes next comes after them (a graceful stop's last frame);
   * at the latest after {@code timeout}. On one event loop the reply to a write can reach its client
   * before the event's publish, queued behind the cluster's subscriber lookup, reaches this node.
   */
  public Future<Void> delivered(Duration timeout) {
    Promise<Void> caughtUp = Promise.promise();
    synchronized (this) {
      long published = integrity.newestPublished(Addresses.EVENTS);
      if (consumer == null || published <= publishedBeforeSubscribed || newestDispatched.get() >= published) {
        caughtUp.complete();
      } else {
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), late -> giveUpWaiting(caughtUp));
        deliveryWaits.add(new DeliveryWait(published, caughtUp, timer));
      }
    }
    // Each listener's context runs its tasks in order: this one comes after the events handed to it.
    return caughtUp.future().compose(dispatched -> Future.all(listeners.values().stream()
        .map(listener -> {
          Promise<Void> reached = Promise.promise();
          listener.context().runOnContext(ignored -> reached.complete());
          return reached.future();
        }).toList()).<Void>mapEmpty());
  }

  private void dispatch(JsonObject event) {
    lag.seen(event);
    listeners.values().forEach(listener -> listener.context().runOnContext(ignored -> listener.sink().accept(event)));
    if (event.getValue("sequence") instanceof Number sequence) {
      answerWaitsUpTo(newestDispatched.accumulateAndGet(sequence.longValue(), Math::max));
    }
  }

  /** Answers the callers of {@link #delivered} waiting for a sequence up to {@code dispatched}. */
  private void answerWaitsUpTo(long dispatched) {
    List<DeliveryWait> done;
    synchronized (this) {
      if (deliveryWaits.isEmpty()) {
        return;
      }
      done = new ArrayList<>();
      deliveryWaits.removeIf(wait -> wait.sequence() <= dispatched && done.add(wait));
    }
    // Outside the lock: what the callers chained runs now, on this thread.
    for (DeliveryWait wait : done) {
      vertx.cancelTimer(wait.timer());
      wait.caughtUp().tryComplete();
    }
  }

  private void giveUpWaiting(Promise<Void> caughtUp) {
    synchronized (this) {
      deliveryWaits.removeIf(wait -> wait.caughtUp() == caughtUp);
    }
    caughtUp.tryComplete();
  }
}
