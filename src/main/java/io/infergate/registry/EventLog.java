package io.infergate.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import io.infergate.bus.EsError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * The cluster-wide, replicated log of endpoint events (a Hazelcast ringbuffer with backups). Its
 * sequence numbers are the events' {@code sequence}: gap-free and in the order events were
 * appended, so a subscriber that missed some reads them back in order. The ringbuffer's capacity
 * and time-to-live are the retention. {@link #read} blocks on the cluster: run it on a worker.
 */
final class EventLog {

  static final String NAME = "infergate.events";

  private final Ringbuffer<String> ringbuffer;

  EventLog(HazelcastInstance hazelcast) {
    this.ringbuffer = hazelcast.getRingbuffer(NAME);
  }

  /** Appends the event and returns it with its sequence; does not block. */
  CompletionStage<JsonObject> append(JsonObject event) {
    return HazelcastFutures.onCaller(ringbuffer.addAsync(event.encode(), OverflowPolicy.OVERWRITE))
        .thenApply(sequence -> event.copy().put("sequence", sequence));
  }

  /**
   * Up to {@code max} (at most 1000) events from {@code from} on, in order, as
   * {@code {"events":[...],"oldest":H,"newest":T,"next":N}}; fails clearly when {@code from} is past retention
   * or beyond the newest event.
   */
  JsonObject read(long from, int max) {
    long head = ringbuffer.headSequence();
    long next = ringbuffer.tailSequence() + 1;
    if (from > next) {
      throw new EsError(400, "illegal_argument_exception", "sequence [" + from + "] is beyond the newest event ["
          + (next - 1) + "]; the event log starts again from 0 after a full-cluster restart").toException();
    }
    if (from < head) {
      throw pastRetention(from, head);
    }
    JsonArray events = new JsonArray();
    if (from < next) {
      try {
        // Hazelcast reads at most 1000 items, and no more than the ringbuffer holds, per call.
        int count = (int) Math.max(1, Math.min(Math.min(max, 1000), ringbuffer.capacity()));
        ReadResultSet<String> read = ringbuffer.readManyAsync(from, 0, count, null).toCompletableFuture().get();
        for (int i = 0; i < read.size(); i++) {
          events.add(new JsonObject(read.get(i)).put("sequence", read.getSequence(i)));
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof StaleSequenceException) {
          throw pastRetention(from, ringbuffer.headSequence());
        }
        throw new IllegalStateException("reading the event log failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted reading the event log", e);
      }
    }
    return new JsonObject().put("events", events).put("oldest", head).put("newest", next - 1)
        .put("next", events.isEmpty() ? from : from + events.size());
  }

  private static RuntimeException pastRetention(long from, long oldest) {
    return new EsError(410, "events_past_retention_exception", "events from sequence [" + from
        + "] are past retention; the oldest event kept is [" + oldest + "]").toException();
  }
}
