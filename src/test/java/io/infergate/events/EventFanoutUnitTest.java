package io.infergate.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.Addresses;
import io.infergate.testing.Conditions;
import io.infergate.testing.TestSecrets;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node subscribes to the cluster's events only while a stream listens: otherwise every event
 * would be sent to it, decoded and dropped. Only events a gateway signed reach the streams.
 */
class EventFanoutUnitTest {

  private final Vertx vertx = Vertx.vertx();
  private final EventIntegrity integrity = TestSecrets.eventIntegrity();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theNodeIsSubscribedOnlyWhileSomeoneListens() throws Exception {
    EventFanout fanout = new EventFanout(vertx, integrity);
    assertThat(subscribed()).as("before any stream").isFalse();

    List<JsonObject> first = new CopyOnWriteArrayList<>();
    List<JsonObject> second = new CopyOnWriteArrayList<>();
    EventFanout.Listening one = fanout.listen(first::add);
    EventFanout.Listening two = fanout.listen(second::add);
    await(one.ready());
    publishSigned(new JsonObject().put("sequence", 1));
    Conditions.await(Duration.ofSeconds(5), "both streams get the event", () -> first.size() == 1 && second.size() == 1);

    one.stop();
    assertThat(subscribed()).as("while one stream still listens").isTrue();
    two.stop();
    assertThat(subscribed()).as("after the last stream ended").isFalse();

    EventFanout.Listening again = fanout.listen(first::add);
    await(again.ready());
    assertThat(subscribed()).isTrue();
    await(fanout.close());
    assertThat(subscribed()).as("after close").isFalse();
  }

  @Test
  void anEventWithoutAGatewaysTagIsNotDispatched() throws Exception {
    EventFanout fanout = new EventFanout(vertx, integrity);
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    EventFanout.Listening listening = fanout.listen(received::add);
    await(listening.ready());
    JsonObject genuine = new JsonObject().put("sequence", 7).put("type", "deleted");
    DeliveryOptions genuineTag = integrity.publishing(Addresses.EVENTS, genuine);
    vertx.eventBus().publish(Addresses.EVENTS, new JsonObject().put("sequence", 8).put("type", "deleted"));
    vertx.eventBus().publish(Addresses.EVENTS, genuine.copy().put("sequence", 8), genuineTag);
    vertx.eventBus().publish(Addresses.EVENTS, genuine.copy().put("inference_id", "x"), genuineTag);
    vertx.eventBus().publish(Addresses.EVENTS, "not an event",
        new DeliveryOptions().addHeader(EventIntegrity.TAG_HEADER, "00000000:AAAA"));
    EventIntegrity otherCluster = EventIntegrity.forGateway("other",
        new io.infergate.secrets.ClusterKeyring(new byte[32], List.of()), java.time.Clock.systemUTC());
    vertx.eventBus().publish(Addresses.EVENTS, genuine, otherCluster.publishing(Addresses.EVENTS, genuine));
    vertx.eventBus().publish(Addresses.EVENTS, genuine, genuineTag);
    Conditions.await(Duration.ofSeconds(5), "the genuine event arrives", () -> received.size() == 1);
    // Published after the forgeries, on the same loop: had any been dispatched, it would be here by now.
    assertThat(received).containsExactly(genuine);
    await(fanout.close());
  }

  @Test
  void deliveredWaitsForWhatThisNodePublishedAndNoLonger() throws Exception {
    EventFanout fanout = new EventFanout(vertx, integrity);
    assertThat(fanout.delivered(Duration.ofSeconds(30)).succeeded()).as("nobody listens").isTrue();
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    EventFanout.Listening listening = fanout.listen(received::add);
    await(listening.ready());
    await(fanout.delivered(Duration.ofSeconds(30)));

    // Signed (the node's publisher has numbered it) but not yet on the bus: the stop must wait for it.
    JsonObject event = new JsonObject().put("sequence", 3).put("type", "deleted");
    DeliveryOptions tag = integrity.publishing(Addresses.EVENTS, event);
    Future<Void> delivered = fanout.delivered(Duration.ofSeconds(30));
    List<Integer> seenWhenDelivered = new CopyOnWriteArrayList<>();
    delivered.onSuccess(done -> seenWhenDelivered.add(received.size()));
    vertx.eventBus().consumer("test.echo", message -> message.reply("pong"));
    await(vertx.eventBus().request("test.echo", "ping"));
    assertThat(delivered.isComplete()).as("before the event reached the node").isFalse();
    vertx.eventBus().publish(Addresses.EVENTS, event, tag);
    await(delivered);
    assertThat(seenWhenDelivered).as("the listener had the event when delivered completed").containsExactly(1);

    // An event that never comes holds the stop for the timeout only.
    integrity.publishing(Addresses.EVENTS, new JsonObject().put("sequence", 4));
    long started = System.nanoTime();
    await(fanout.delivered(Duration.ofMillis(300)));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    await(fanout.close());
  }

  @Test
  void everyCallerOfDeliveredIsAnsweredByTheEvent() throws Exception {
    EventFanout fanout = new EventFanout(vertx, integrity);
    EventFanout.Listening listening = fanout.listen(event -> { });
    await(listening.ready());
    JsonObject event = new JsonObject().put("sequence", 5).put("type", "deleted");
    DeliveryOptions tag = integrity.publishing(Addresses.EVENTS, event);
    // A timeout far beyond await's: only the event can complete these in time.
    Future<Void> first = fanout.delivered(Duration.ofMinutes(5));
    Future<Void> second = fanout.delivered(Duration.ofMinutes(5));
    assertThat(first.isComplete() || second.isComplete()).as("before the event").isFalse();
    vertx.eventBus().publish(Addresses.EVENTS, event, tag);
    await(first);
    await(second);

    // Closing the fan-out ends every wait: nothing more will be dispatched.
    integrity.publishing(Addresses.EVENTS, new JsonObject().put("sequence", 6));
    Future<Void> atClose = fanout.delivered(Duration.ofMinutes(5));
    assertThat(atClose.isComplete()).as("before close").isFalse();
    await(fanout.close());
    await(atClose);
  }

  private void publishSigned(JsonObject event) {
    vertx.eventBus().publish(Addresses.EVENTS, event, integrity.publishing(Addresses.EVENTS, event));
  }

  /** Whether anything on this node consumes the events address: a request finds a handler or none. */
  private boolean subscribed() throws Exception {
    try {
      vertx.eventBus().request(Addresses.EVENTS, new JsonObject()).toCompletionStage().toCompletableFuture()
          .get(200, TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException e) {
      return !(e.getCause() instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS);
    } catch (java.util.concurrent.TimeoutException noReplyButHandled) {
      return true;
    }
  }

  private static void await(Future<?> future) throws Exception {
    future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
