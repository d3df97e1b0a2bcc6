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
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A cluster-wide, replicated log of change events (a Hazelcast ringbuffer with a backup). Its
 * sequence numbers are the events' {@code sequence}: gap-free and in the order events were
 * appended, so a subscriber that missed some reads them back in order. The ringbuffer's capacity
 * and time-to-live are the retention. With a durable store the ringbuffer writes each event
 * through to its table before the append returns, and holds in memory only the newest of what the
 * table keeps (after a full-cluster restart, none): the table's oldest event, within the newest
 * {@code capacity}, is the oldest kept.
 *
 * Each item is signed by the gateway that appends it ({@link EventIntegrity}); a read leaves out the
 * items that are not (a forged one added by another member) and reports them. Its page still ends
 * after them ({@link EventsPage#next()}): readers go on past a refused sequence instead of waiting
 * for it.
 */
public final class EventLog {

  /** The most events one read returns: Hazelcast reads at most 1000 items per call. */
  public static final int MAX_READ = 1_000;

  private final Vertx vertx;
  private final String name;
  private final Ringbuffer<String> ringbuffer;
  private final EventIntegrity integrity;
  private final WorkerExecutor blocking;
  private final LongSupplier oldestStored;
  private final Supplier<CompletionStage<Void>> committedOnDisk;

  /**
   * @param blocking     where the log's bounds are asked for: Hazelcast has no asynchronous call for them
   * @param oldestStored the oldest sequence the durable store keeps, or -1 when it keeps none or
   *                     there is no store; blocking
   * @param committedOnDisk completes once what the store committed before the call is on disk: an
   *                     append waits for it, as the store's table does not sync its rows itself
   */
  public EventLog(Vertx vertx, HazelcastInstance hazelcast, String name, WorkerExecutor blocking,
      LongSupplier oldestStored, Supplier<CompletionStage<Void>> committedOnDisk, EventIntegrity integrity) {
    this.vertx = vertx;
    this.name = name;
    this.integrity = integrity;
    this.ringbuffer = hazelcast.getRingbuffer(name);
    this.blocking = blocking;
    this.oldestStored = oldestStored;
    this.committedOnDisk = committedOnDisk;
  }

  /**
   * Appends the event; completes on the caller's context with the event numbered by its
   * {@code sequence}, once its row in the durable store is as durable as the store's setting makes
   * it (on disk, with {@code request} durability).
   */
  public Future<JsonObject> append(JsonObject event) {
    String item = integrity.signedItem(name, event.encode());
    Context caller = vertx.getOrCreateContext();
    return HazelcastFutures.onContext(ringbuffer.addAsync(item, OverflowPolicy.OVERWRITE), caller)
        .compose(sequence -> onDisk(caller).map(synced -> event.put("sequence", sequence)));
  }

  private Future<Void> onDisk(Context caller) {
    CompletableFuture<Void> synced = committedOnDisk.get().toCompletableFuture();
    // Nothing to wait for (no store, or a commit durable by itself): no hop through the context.
    return synced.isDone() && !synced.isCompletedExceptionally() ? Future.succeededFuture()
        : HazelcastFutures.onContext(synced, caller);
  }

  /**
   * Up to {@code max} (at most {@link #MAX_READ}) events from {@code from} on, in order; fails
   * clearly when {@code from} is past retention (410, naming the oldest kept in its metadata) or
   * beyond the newest event (400).
   */
  public Future<EventsPage> read(ReadEvents request) {
    return read(request, true);
  }

  private Future<EventsPage> read(ReadEvents request, boolean againIfPruned) {
    long from = request.fromSequence();
    Context caller = vertx.getOrCreateContext();
    return blocking.executeBlocking(this::bounds, false).compose(bounds -> {
      if (from > bounds.next()) {
        return Future.failedFuture(EsError.illegalArgument("sequence [" + from + "] is beyond the newest event ["
            + (bounds.next() - 1) + "]").toException());
      }
      if (from < bounds.oldest()) {
        return Future.failedFuture(pastRetention(from, bounds.oldest()));
      }
      if (from == bounds.next()) {
        return Future.succeededFuture(new EventsPage(List.of(), bounds.oldest(), bounds.next() - 1, from));
      }
      int count = (int) Math.max(1, Math.min(Math.min(request.max(), MAX_READ), ringbuffer.capacity()));
      return HazelcastFutures.onContext(ringbuffer.readManyAsync(from, 0, count, null), caller)
          .recover(failure -> failure instanceof StaleSequenceException stale
              ? Future.failedFuture(pastRetention(from, stale.getHeadSeq()))
              : Future.failedFuture(failure))
          .compose(read -> {
            if (!isWhole(read)) {
              // The store's rows were pruned after the bounds were read: read the bounds again.
              return againIfPruned ? read(request, false)
                  : Future.failedFuture(new IllegalStateException("events from sequence [" + from
                      + "] are missing from the store within its bounds"));
            }
            return Future.succeededFuture(page(read, bounds, from));
          });
    });
  }

  /** The sequence of the newest event in the log (-1: none yet). Blocks on the cluster: call it on a worker. */
  public long newestSequence() {
    return ringbuffer.tailSequence();
  }

  /** The oldest event kept and the sequence the next event will take; blocks on the cluster and the store. */
  private Bounds bounds() {
    long head = ringbuffer.headSequence();
    long next = ringbuffer.tailSequence() + 1;
    long stored = oldestStored.getAsLong();
    return new Bounds(stored < 0 ? head : Math.max(stored, next - ringbuffer.capacity()), next);
  }

  private record Bounds(long oldest, long next) {
  }

  /** False when the store had no row for an event below what the ringbuffer holds in memory. */
  private static boolean isWhole(ReadResultSet<String> read) {
    for (int i = 0; i < read.size(); i++) {
      if (read.get(i) == null) {
        return false;
      }
    }
    return true;
  }

  /** The signed events read; {@code next} is after every item read, refused ones included. */
  private EventsPage page(ReadResultSet<String> read, Bounds bounds, long from) {
    List<JsonObject> events = new ArrayList<>(read.size());
    for (int i = 0; i < read.size(); i++) {
      long sequence = read.getSequence(i);
      integrity.verifiedItem(name, sequence, read.get(i)).ifPresent(event -> events.add(event.put("sequence", sequence)));
    }
    long next = read.size() == 0 ? from : read.getNextSequenceToReadFrom();
    return new EventsPage(events, bounds.oldest(), bounds.next() - 1, next);
  }

  private static RuntimeException pastRetention(long from, long oldest) {
    return new EsError(410, "events_past_retention_exception", "events from sequence [" + from
        + "] are past retention; the oldest event kept is [" + oldest + "]",
        Map.of(ReadEvents.OLDEST_SEQUENCE, oldest)).toException();
  }
}
