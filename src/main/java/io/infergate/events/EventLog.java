package io.infergate.events;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import io.infergate.bus.EsError;
import io.infergate.bus.EventsPage;
import io.infergate.bus.ReadEvents;
import io.infergate.cluster.HazelcastFutures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cluster-wide, replicated log of change events (a Hazelcast ringbuffer with a backup). Its
 * sequence numbers are the events' {@code sequence}: gap-free and in the order events were
 * appended, so a subscriber that missed some reads them back in order. The ringbuffer's capacity
 * and time-to-live are the retention.
 */
public final class EventLog {

  /** The most events one read returns: Hazelcast reads at most 1000 items per call. */
  public static final int MAX_READ = 1_000;

  private final Vertx vertx;
  private final Ringbuffer<String> ringbuffer;
  private final WorkerExecutor blocking;

  /** @param blocking where the log's bounds are asked for: Hazelcast has no asynchronous call for them */
  public EventLog(Vertx vertx, HazelcastInstance hazelcast, String name, WorkerExecutor blocking) {
    this.vertx = vertx;
    this.ringbuffer = hazelcast.getRingbuffer(name);
    this.blocking = blocking;
  }

  /** Appends the event; completes on the caller's context with the event numbered by its {@code sequence}. */
  public Future<JsonObject> append(JsonObject event) {
    String encoded = event.encode();
    return HazelcastFutures.onContext(ringbuffer.addAsync(encoded, OverflowPolicy.OVERWRITE), vertx.getOrCreateContext())
        .map(sequence -> event.put("sequence", sequence));
  }

  /**
   * Up to {@code max} (at most {@link #MAX_READ}) events from {@code from} on, in order; fails
   * clearly when {@code from} is past retention (410, naming the oldest kept in its metadata) or
   * beyond the newest event.
   */
  public Future<EventsPage> read(ReadEvents request) {
    long from = request.fromSequence();
    io.vertx.core.Context caller = vertx.getOrCreateContext();
    return blocking.executeBlocking(() -> new long[] {ringbuffer.headSequence(), ringbuffer.tailSequence() + 1}, false)
        .compose(bounds -> {
          long head = bounds[0];
          long next = bounds[1];
          if (from > next) {
            return Future.failedFuture(EsError.illegalArgument("sequence [" + from + "] is beyond the newest event ["
                + (next - 1) + "]; the event log starts again from 0 after a full-cluster restart").toException());
          }
          if (from < head) {
            return Future.failedFuture(pastRetention(from, head));
          }
          if (from == next) {
            return Future.succeededFuture(new EventsPage(List.of(), head, next - 1, from));
          }
          int count = (int) Math.max(1, Math.min(Math.min(request.max(), MAX_READ), ringbuffer.capacity()));
          return HazelcastFutures.onContext(ringbuffer.readManyAsync(from, 0, count, null), caller)
              .map(read -> page(read, head, next, from))
              .recover(failure -> failure instanceof StaleSequenceException stale
                  ? Future.failedFuture(pastRetention(from, stale.getHeadSeq()))
                  : Future.failedFuture(failure));
        });
  }

  private static EventsPage page(ReadResultSet<String> read, long head, long next, long from) {
    List<JsonObject> events = new ArrayList<>(read.size());
    for (int i = 0; i < read.size(); i++) {
      events.add(new JsonObject(read.get(i)).put("sequence", read.getSequence(i)));
    }
    return new EventsPage(events, head, next - 1, from + events.size());
  }

  private static RuntimeException pastRetention(long from, long oldest) {
    return new EsError(410, "events_past_retention_exception", "events from sequence [" + from
        + "] are past retention; the oldest event kept is [" + oldest + "]",
        Map.of(ReadEvents.OLDEST_SEQUENCE, oldest)).toException();
  }
}
