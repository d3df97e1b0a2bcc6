package io.infergate.events;

import io.infergate.bus.BusFailures;
import io.infergate.bus.EsError;
import io.infergate.bus.EventsPage;
import io.infergate.bus.ReadEvents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Turns live events (which may arrive out of order, twice, or not at all) plus the cluster's event
 * log into one stream delivered in sequence order, each sequence exactly once. A gap is filled
 * from the log; a duplicate is dropped. A sequence the log read past without an event (its item
 * was refused: not signed by a gateway) is skipped. While {@link #pause() paused} it delivers
 * nothing and keeps nothing (the log keeps the events); {@link #resume()} reads on from where it
 * stopped. Not thread-safe: feed, pause and resume it from one Vert.x context ({@link #lag()} from any thread).
 */
public final class OrderedEventStream {

  /** Reads the log from a sequence on (a request of {@link ReadEvents}). */
  @FunctionalInterface
  public interface LogReader {
    Future<EventsPage> read(long fromSequence, int max);
  }

  private static final int BATCH = 1_000;
  private static final long RETRY_DELAY_MS = 500;

  private final Vertx vertx;
  private final LogReader log;
  private final Consumer<JsonObject> sink;
  private final Consumer<Throwable> errors;
  private final TreeMap<Long, JsonObject> early = new TreeMap<>();
  private volatile long next;
  private boolean reading;
  /** The read under way while {@code reading}: a start that comes after a live event began one waits for it. */
  private Future<Void> reads = Future.succeededFuture();
  private boolean closed;
  private boolean paused;
  /** The newest sequence offered live: how far the stream could be. */
  private volatile long newest = -1;

  /**
   * @param fromSequence the first sequence to deliver, or -1 to start with the first live event
   */
  public OrderedEventStream(Vertx vertx, LogReader log, long fromSequence, Consumer<JsonObject> sink,
      Consumer<Throwable> errors) {
    this.vertx = vertx;
    this.log = log;
    this.next = fromSequence;
    this.sink = sink;
    this.errors = errors;
  }

  /** Catches up from the log when a start sequence was given; completes once caught up. */
  public Future<Void> start() {
    if (next < 0) {
      return Future.succeededFuture();
    }
    // A live event may have started the catch-up already: a second read from the same sequence would
    // report the same gap (or past-retention error) twice.
    return reading ? reads : catchUp();
  }

  /** The next sequence this stream will deliver: what a subscriber saves to resume from. */
  public long nextSequence() {
    return next;
  }

  public void close() {
    closed = true;
    early.clear();
  }

  /** Delivers nothing more until {@link #resume()}; live events meanwhile only move {@link #lag()}. */
  public void pause() {
    paused = true;
    early.clear();
  }

  /** Delivers again, first what came while paused (read from the log). */
  public void resume() {
    if (!paused || closed) {
      return;
    }
    paused = false;
    if (next >= 0 && newest >= next && !reading) {
      catchUp();
    }
  }

  /** Events offered live and not yet delivered: 0 when the stream keeps up. */
  public long lag() {
    long at = next;
    return at < 0 ? 0 : Math.max(0, newest - at + 1);
  }

  /** A live event. */
  public void offer(JsonObject event) {
    if (closed) {
      return;
    }
    Long sequence = event.getLong("sequence");
    if (sequence == null) {
      errors.accept(new IllegalArgumentException("event without a sequence: " + event.getString("type")));
      return;
    }
    if (next < 0) {
      next = sequence;
    }
    newest = Math.max(newest, sequence);
    if (sequence < next || paused) {
      return;
    }
    early.put(sequence, event);
    drain();
    if (!early.isEmpty() && !reading) {
      catchUp();
    }
  }

  /**
   * Reads the log from the next sequence on. {@code reading} stays set from the read's start until
   * nothing more is to be read, a retry's wait included, so that live events arriving meanwhile
   * never start a second read.
   */
  private Future<Void> catchUp() {
    reads = read();
    return reads;
  }

  private Future<Void> read() {
    reading = true;
    long from = next;
    return log.read(from, BATCH).compose(batch -> {
      if (closed) {
        return done();
      }
      // The log leaves out the items it refused (forged, unsigned) and its page ends after them:
      // a missing sequence below the page's end is skipped, never waited for.
      for (JsonObject event : batch.events()) {
        if (paused) {
          return done(); // resume() reads on from the first event not delivered
        }
        if (event.getLong("sequence") >= next) {
          deliver(event);
        }
      }
      if (paused) {
        return done();
      }
      next = Math.max(next, batch.next());
      drain();
      if (batch.next() - from >= BATCH || (!early.isEmpty() && next > from)) {
        return read(); // more in the log than one batch, or a live event still ahead: read on
      }
      // The log did not have the missing sequence yet: look again shortly.
      return early.isEmpty() ? done() : retryLater(false);
    }, failure -> {
      if (closed) {
        return done();
      }
      EsError error = BusFailures.toError(failure);
      long oldest = error.metadata(ReadEvents.OLDEST_SEQUENCE, -1);
      if (error.status() == 410 && oldest >= 0) {
        errors.accept(new EventsPastRetentionException(next, oldest, error.reason()));
        next = oldest;
        return read();
      }
      errors.accept(failure);
      // Try again shortly: the gap stays until the log can be read.
      return retryLater(true);
    });
  }

  /** Reads again after a pause: until it succeeds, or only while a live event still waits for the gap. */
  private Future<Void> retryLater(boolean untilRead) {
    return vertx.timer(RETRY_DELAY_MS).compose(fired -> closed || (!untilRead && early.isEmpty()) ? done() : read());
  }

  private Future<Void> done() {
    reading = false;
    return Future.succeededFuture();
  }

  /** Delivers buffered live events that are next in sequence. */
  private void drain() {
    while (!early.isEmpty() && !paused) {
      Map.Entry<Long, JsonObject> first = early.firstEntry();
      if (first.getKey() < next) {
        early.pollFirstEntry();
      } else if (first.getKey() == next) {
        early.pollFirstEntry();
        deliver(first.getValue());
      } else {
        return;
      }
    }
  }

  private void deliver(JsonObject event) {
    next = event.getLong("sequence") + 1;
    sink.accept(event);
  }
}
