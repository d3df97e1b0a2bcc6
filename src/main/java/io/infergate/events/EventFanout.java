package io.infergate.events;

import io.infergate.bus.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One cluster-wide subscription to {@link Addresses#EVENTS} per node, shared by every local
 * listener (server-sent event streams), each called on its own context.
 */
public final class EventFanout {

  private final Map<Object, Listener> listeners = new ConcurrentHashMap<>();
  private final MessageConsumer<JsonObject> consumer;

  private record Listener(Context context, Consumer<JsonObject> sink) {
  }

  private EventFanout(MessageConsumer<JsonObject> consumer) {
    this.consumer = consumer;
  }

  public static Future<EventFanout> start(Vertx vertx) {
    EventFanout[] fanout = new EventFanout[1];
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.EVENTS,
        message -> fanout[0].dispatch(message.body()));
    fanout[0] = new EventFanout(consumer);
    return consumer.completion().map(fanout[0]);
  }

  /** Calls {@code sink} on the current context for every event until the returned handle is run. */
  public Runnable listen(Vertx vertx, Consumer<JsonObject> sink) {
    Object key = new Object();
    listeners.put(key, new Listener(vertx.getOrCreateContext(), sink));
    return () -> listeners.remove(key);
  }

  public Future<Void> close() {
    listeners.clear();
    return consumer.unregister();
  }

  private void dispatch(JsonObject event) {
    listeners.values().forEach(listener -> listener.context().runOnContext(ignored -> listener.sink().accept(event)));
  }
}
