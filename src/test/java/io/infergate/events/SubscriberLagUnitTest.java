package io.infergate.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A subscriber's lag: events this node has seen less those whose bytes went out, skipped ones counted once the writes before them are. */
class SubscriberLagUnitTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SubscriberLag lag = new SubscriberLag(registry);

  private void seen(long sequence) {
    lag.seen(new JsonObject().put("sequence", sequence));
  }

  private double gauge(String name, String transport) {
    return registry.get(name).tag("transport", transport).gauge().value();
  }

  @Test
  void writesNotYetOutCountAsLag() {
    seen(9);
    SubscriberLag.Tracker tracker = lag.track(SubscriberLag.SSE, "127.0.0.1:5000");
    assertThat(tracker.lag()).as("a new subscriber starts at the head").isZero();
    for (long sequence = 10; sequence <= 12; sequence++) {
      seen(sequence);
      tracker.writing();
    }
    assertThat(tracker.lag()).isEqualTo(3);
    assertThat(gauge("infergate.events.subscriber.lag.max", SubscriberLag.SSE)).isEqualTo(3);
    assertThat(gauge("infergate.events.subscribers", SubscriberLag.SSE)).isEqualTo(1);
    assertThat(gauge("infergate.events.subscribers", SubscriberLag.BRIDGE)).isZero();

    tracker.written(10);
    tracker.written(11);
    assertThat(tracker.lag()).isEqualTo(1);
    tracker.written(12);
    assertThat(tracker.lag()).isZero();
    assertThat(lag.toJson().getJsonObject(0).getLong("sent_sequence")).isEqualTo(12);

    tracker.close();
    assertThat(gauge("infergate.events.subscribers", SubscriberLag.SSE)).isZero();
    assertThat(gauge("infergate.events.subscriber.lag.max", SubscriberLag.SSE)).isZero();
  }

  @Test
  void aSkippedEventIsSentOnceTheWritesBeforeItAre() {
    SubscriberLag.Tracker tracker = lag.track(SubscriberLag.BRIDGE, "127.0.0.1:5001");
    seen(0);
    tracker.writing();
    seen(1);
    tracker.skipped(1);
    assertThat(tracker.lag()).as("0 still on its way, 1 behind it").isEqualTo(2);
    tracker.written(0);
    assertThat(tracker.lag()).isZero();
    seen(2);
    tracker.skipped(2);
    assertThat(tracker.lag()).as("nothing pending: skipped at once").isZero();
  }

  @Test
  void aResumedStreamIsBehindUntilItHasCaughtUp() {
    seen(20);
    SubscriberLag.Tracker tracker = lag.track(SubscriberLag.SSE, "127.0.0.1:5002", 15);
    assertThat(tracker.lag()).as("15 to 20 still to send").isEqualTo(6);
    for (long sequence = 15; sequence <= 20; sequence++) {
      tracker.writing();
      tracker.written(sequence);
    }
    assertThat(tracker.lag()).isZero();
  }
}
