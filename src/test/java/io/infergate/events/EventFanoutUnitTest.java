package io.infergate.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.Addresses;
import io.infergate.testing.Conditions;
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
 * would be sent to it, decoded and dropped.
 */
class EventFanoutUnitTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theNodeIsSubscribedOnlyWhileSomeoneListens() throws Exception {
    EventFanout fanout = new EventFanout(vertx);
    assertThat(subscribed()).as("before any stream").isFalse();

    List<JsonObject> first = new CopyOnWriteArrayList<>();
    List<JsonObject> second = new CopyOnWriteArrayList<>();
    EventFanout.Listening one = fanout.listen(first::add);
    EventFanout.Listening two = fanout.listen(second::add);
    await(one.ready());
    vertx.eventBus().publish(Addresses.EVENTS, new JsonObject().put("sequence", 1));
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
