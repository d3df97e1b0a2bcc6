package io.infergate.testing;

import io.infergate.InfergateNode;
import io.infergate.bus.Addresses;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A subscriber to {@link Addresses#EVENTS} on one node that records what it receives. It becomes
 * usable once another node's publications reach it, which {@link #awaitReachableFrom} waits for.
 */
public final class EventRecorder implements AutoCloseable {

  private static final String PROBE = "test-probe";

  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final List<JsonObject> probes = new CopyOnWriteArrayList<>();
  private final MessageConsumer<JsonObject> consumer;

  private EventRecorder(MessageConsumer<JsonObject> consumer) {
    this.consumer = consumer;
  }

  public static EventRecorder subscribe(InfergateNode node) {
    EventRecorder[] recorder = new EventRecorder[1];
    MessageConsumer<JsonObject> consumer = node.vertx().eventBus().consumer(Addresses.EVENTS, message -> {
      JsonObject body = message.body();
      if (PROBE.equals(body.getString("type"))) {
        recorder[0].probes.add(body);
      } else {
        recorder[0].events.add(body);
      }
    });
    recorder[0] = new EventRecorder(consumer);
    TestCluster.await(consumer.completion());
    return recorder[0];
  }

  /** Publishes probes from {@code publisher} until one arrives: the subscription has reached that node. */
  public void awaitReachableFrom(InfergateNode publisher) {
    Conditions.await(Duration.ofSeconds(30), "events from the other node reach the subscriber", () -> {
      publisher.vertx().eventBus().publish(Addresses.EVENTS, new JsonObject().put("type", PROBE));
      return !probes.isEmpty();
    });
  }

  public List<JsonObject> events() {
    return List.copyOf(events);
  }

  public List<JsonObject> matching(Predicate<JsonObject> filter) {
    return events.stream().filter(filter).toList();
  }

  public List<JsonObject> awaitCount(Predicate<JsonObject> filter, int count) {
    Conditions.await(Duration.ofSeconds(30), count + " matching events", () -> matching(filter).size() >= count);
    return matching(filter);
  }

  public static Predicate<JsonObject> of(String type, String id) {
    return event -> type.equals(event.getString("type")) && id.equals(event.getString("inference_id"));
  }

  @Override
  public void close() {
    TestCluster.await(consumer.unregister());
  }
}
