package io.infergate.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far this node's subscribers (server-sent event streams, bridge connections) are behind the
 * newest endpoint event this node has seen: per subscriber, the head's sequence less the last one
 * whose bytes went out to its socket. A client that stops reading fills its socket's buffers, its
 * writes stop completing, and its lag grows with every event.
 *
 * <p>Prometheus gets, per transport, the number of subscribers and the largest lag
 * ({@code infergate_events_subscribers}, {@code infergate_events_subscriber_lag_max}): a series
 * per subscriber would multiply with connections. {@link #toJson()} lists each one for {@code _nodes/stats}.
 */
public final class SubscriberLag {

  /** The transports, as the {@code transport} label names them. */
  public static final String SSE = "sse";
  public static final String BRIDGE = "bridge";

  private final AtomicLong head = new AtomicLong(-1);
  private final Map<Tracker, Boolean> trackers = new ConcurrentHashMap<>();

  public SubscriberLag(MeterRegistry registry) {
    Gauge.builder("infergate.events.head.sequence", head, AtomicLong::get)
        .description("The newest endpoint event sequence this node has seen (-1: none yet)").register(registry);
    for (String transport : new String[] {SSE, BRIDGE}) {
      Gauge.builder("infergate.events.subscribers", this, lag -> lag.count(transport)).tag("transport", transport)
          .description("Event subscribers connected to this node").register(registry);
      Gauge.builder("infergate.events.subscriber.lag.max", this, lag -> lag.maxLag(transport)).tag("transport", transport)
          .description("The largest number of events a subscriber of this node has not yet been sent").register(registry);
    }
  }

  /** A lag that meters nothing: for a fan-out without metrics. */
  public static SubscriberLag unmetered() {
    return new SubscriberLag(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  /** An event reached this node: the head moves to its sequence if it is newer. */
  void seen(JsonObject event) {
    Long sequence = event.getLong("sequence");
    if (sequence != null) {
      head.accumulateAndGet(sequence, Math::max);
    }
  }

  /** The newest sequence seen; -1 before any. */
  public long head() {
    return head.get();
  }

  /** A subscriber from now until {@link Tracker#close()}, starting with the next live event. */
  public Tracker track(String transport, String remote) {
    return track(transport, remote, -1);
  }

  /**
   * A subscriber that starts at {@code fromSequence} (a resumed stream, which first catches up from
   * the log: behind until it has), or with the next live event when it is -1.
   */
  public Tracker track(String transport, String remote, long fromSequence) {
    Tracker tracker = new Tracker(transport, remote, fromSequence < 0 ? head.get() : fromSequence - 1);
    trackers.put(tracker, Boolean.TRUE);
    return tracker;
  }

  private double count(String transport) {
    return trackers.keySet().stream().filter(tracker -> tracker.transport.equals(transport)).count();
  }

  private double maxLag(String transport) {
    return trackers.keySet().stream().filter(tracker -> tracker.transport.equals(transport))
        .mapToLong(Tracker::lag).max().orElse(0);
  }

  /** Every subscriber: transport, remote address, last sequence sent, lag. */
  public JsonArray toJson() {
    JsonArray list = new JsonArray();
    trackers.keySet().forEach(tracker -> list.add(new JsonObject().put("transport", tracker.transport)
        .put("remote_address", tracker.remote).put("sent_sequence", tracker.sent.get()).put("lag", tracker.lag())));
    return list;
  }

  /**
   * One subscriber's position. {@link #writing}, {@link #written} and {@link #skipped} are called
   * on the subscriber's own context, in sequence order; {@link #lag()} from any thread.
   */
  public final class Tracker {

    private final String transport;
    private final String remote;
    private final AtomicLong sent;
    private int pendingWrites;
    private long skippedMeanwhile = -1;

    private Tracker(String transport, String remote, long startedAt) {
      this.transport = transport;
      this.remote = remote;
      this.sent = new AtomicLong(startedAt);
    }

    /** A write of an event began. */
    public void writing() {
      pendingWrites++;
    }

    /** The write of the event with this sequence went out to the socket (writes complete in order). */
    public void written(long sequence) {
      pendingWrites--;
      long reached = pendingWrites == 0 ? Math.max(sequence, skippedMeanwhile) : sequence;
      sent.accumulateAndGet(reached, Math::max);
    }

    /** An event this subscriber does not want (its filter): it is as good as sent once the writes before it are. */
    public void skipped(long sequence) {
      if (pendingWrites == 0) {
        sent.accumulateAndGet(sequence, Math::max);
      } else {
        skippedMeanwhile = Math.max(skippedMeanwhile, sequence);
      }
    }

    /** Events seen by this node and not yet sent to this subscriber. */
    public long lag() {
      return Math.max(0, head.get() - sent.get());
    }

    public void close() {
      trackers.remove(this);
    }
  }
}
