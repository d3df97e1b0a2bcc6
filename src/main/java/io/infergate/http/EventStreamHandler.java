package io.infergate.http;

import io.infergate.bus.BusFailures;
import io.infergate.bus.EndpointEvent;
import io.infergate.bus.EsError;
import io.infergate.bus.Principal;
import io.infergate.bus.ReadEvents;
import io.infergate.events.EventFanout;
import io.infergate.events.SubscriberLag;
import io.infergate.events.EventsPastRetentionException;
import io.infergate.events.OrderedEventStream;
import io.infergate.inference.EndpointIds;
import io.infergate.inference.TaskType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * {@code GET /_inference/_events}: endpoint events as Server-Sent Events, in sequence order, each
 * once. {@code Last-Event-ID} (or {@code ?from_sequence=}) resumes after the last event received,
 * first replaying what was missed. Filters: {@code types=deleted,created,updated},
 * {@code task_type}, {@code inference_id}. With {@code hold=id1,id2&holder=name} the stream also
 * holds references to those endpoints, which end when the stream does.
 */
final class EventStreamHandler {

  static final Set<String> PARAMETERS = Set.of("from_sequence", "types", "task_type", "inference_id", "hold", "holder");
  private static final Logger LOG = Logger.getLogger(EventStreamHandler.class.getName());
  private static final long HEARTBEAT_MS = 15_000;
  private static final int MAX_STUCK_HEARTBEATS = 4;

  private final Vertx vertx;
  private final RegistryClient registry;
  private final EventFanout fanout;
  private final NodeIdentity node;
  /** How to end each open stream cleanly; touched only on the router's event loop. */
  private final Set<Runnable> open = new LinkedHashSet<>();

  EventStreamHandler(Vertx vertx, RegistryClient registry, EventFanout fanout, NodeIdentity node) {
    this.vertx = vertx;
    this.registry = registry;
    this.fanout = fanout;
    this.node = node;
  }

  /** Validates the request; the caller has checked that the user may read events. */
  void handle(RoutingContext ctx, Principal principal, boolean mayHoldReferences) {
    QueryParameters.requireKnown(ctx, PARAMETERS);
    long from = startSequence(ctx);
    Set<EndpointEvent.Type> types = types(ctx.queryParams().get("types"));
    // A filter that can match nothing is a mistake to report, not a stream that stays silent forever.
    String taskType = ifPresent(ctx.queryParams().get("task_type"), value -> TaskType.parse(value).wireName());
    String inferenceId = ifPresent(ctx.queryParams().get("inference_id"), EndpointIds::requireExisting);
    List<String> held = held(ctx, mayHoldReferences);
    String holder = ctx.queryParams().get("holder");

    HttpServerResponse response = ctx.response();
    SubscriberLag.Tracker tracker = fanout.lag().track(SubscriberLag.SSE, String.valueOf(ctx.request().remoteAddress()),
        from);
    Connection connection = new Connection(response, tracker);
    StreamReferences references = new StreamReferences(registry, held, holder, node.nodeId(), principal);
    OrderedEventStream[] self = {null};
    OrderedEventStream stream = new OrderedEventStream(vertx,
        (sequence, max) -> registry.send(new ReadEvents(sequence, max)),
        from,
        event -> {
          if (matches(event, types, taskType, inferenceId)) {
            connection.send(event);
            // A client that reads slower than events come: the node keeps nothing for it (the log
            // does) and reads on from the log once the socket has room again.
            if (response.writeQueueFull()) {
              self[0].pause();
            }
          } else {
            tracker.skipped(event.getLong("sequence", -1L));
          }
        },
        failure -> connection.error(ctx, failure));
    self[0] = stream;
    response.drainHandler(room -> stream.resume());
    EventFanout.Listening listening = fanout.listen(stream::offer);
    int[] stuckBeats = {0};
    long heartbeat = vertx.setPeriodic(HEARTBEAT_MS, timer -> {
      if (!response.writeQueueFull()) {
        stuckBeats[0] = 0;
        connection.comment("heartbeat");
      } else if (++stuckBeats[0] >= MAX_STUCK_HEARTBEATS) {
        // Read nothing for a minute while its socket stayed full: a client gone without closing.
        LOG.info(() -> "closing the event stream to [" + ctx.request().remoteAddress()
            + "]: it has read nothing for " + MAX_STUCK_HEARTBEATS * HEARTBEAT_MS / 1000 + "s");
        ctx.request().connection().close();
      }
    });
    boolean[] ended = {false};
    Runnable finish = () -> {
      connection.comment("node shutting down");
      response.end();
    };
    Runnable end = () -> {
      if (ended[0]) {
        return;
      }
      ended[0] = true;
      tracker.close();
      open.remove(finish);
      listening.stop();
      stream.close();
      vertx.cancelTimer(heartbeat);
      references.release();
    };
    response.closeHandler(closed -> end.run());
    response.endHandler(done -> end.run());
    if (response.closed()) {
      // Closed while the request was being authenticated: a close handler set now would never run.
      end.run();
      return;
    }
    open.add(finish);
    listening.ready().compose(subscribed -> references.take()).compose(done -> stream.start())
        .onSuccess(caughtUp -> connection.comment("caught up at sequence " + stream.nextSequence()))
        .onFailure(failure -> connection.error(ctx, failure));
  }

  /**
   * Ends every open stream with its last chunk (after a {@code : node shutting down} comment), so
   * that a client sees the stream end, not a reset, and can resume elsewhere with
   * {@code Last-Event-ID}. Returns how many were ended. On the router's event loop.
   */
  int endAll() {
    List<Runnable> streams = List.copyOf(open);
    streams.forEach(Runnable::run);
    return streams.size();
  }

  /** The first sequence to send: after {@code Last-Event-ID}, or {@code from_sequence}, or from now on. */
  private static long startSequence(RoutingContext ctx) {
    String lastEventId = ctx.request().getHeader("Last-Event-ID");
    String from = ctx.queryParams().get("from_sequence");
    try {
      if (lastEventId != null && !lastEventId.isBlank()) {
        // After the last sequence there is none: an overflow must not wrap round to a replay from 0.
        return Math.addExact(sequence(lastEventId), 1);
      }
      return from == null ? -1 : sequence(from);
    } catch (NumberFormatException | ArithmeticException e) {
      throw HttpFailure.of(EsError.illegalArgument("the event id [" + (lastEventId != null ? lastEventId : from)
          + "] is not a sequence number"));
    }
  }

  private static long sequence(String value) {
    long sequence = Long.parseLong(value.trim());
    if (sequence < 0) {
      throw new NumberFormatException("negative");
    }
    return sequence;
  }

  private static Set<EndpointEvent.Type> types(String value) {
    if (value == null || value.isBlank()) {
      return EnumSet.allOf(EndpointEvent.Type.class);
    }
    EnumSet<EndpointEvent.Type> types = EnumSet.noneOf(EndpointEvent.Type.class);
    for (String name : value.split(",")) {
      try {
        types.add(EndpointEvent.Type.valueOf(name.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw HttpFailure.of(EsError.illegalArgument("unknown event type [" + name.trim()
            + "]; expected created, updated or deleted"));
      }
    }
    return types;
  }

  private static String ifPresent(String value, UnaryOperator<String> validated) {
    return value == null ? null : validated.apply(value);
  }

  private static List<String> held(RoutingContext ctx, boolean mayHoldReferences) {
    String hold = ctx.queryParams().get("hold");
    if (hold == null || hold.isBlank()) {
      if (ctx.queryParams().contains("holder")) {
        throw HttpFailure.of(EsError.illegalArgument("[holder] names who holds the endpoints of [hold]; it needs [hold]"));
      }
      return List.of();
    }
    String holder = ctx.queryParams().get("holder");
    if (holder == null || !ReferenceRequests.VALID_HOLDER.matcher(holder).matches()) {
      throw HttpFailure.of(EsError.illegalArgument("[hold] needs a [holder] name of 1 to 128 letters, digits, "
          + "'_', '-', '.', ':' or '@'"));
    }
    if (!mayHoldReferences) {
      throw HttpFailure.of(new EsError(403, "security_exception",
          "holding references needs the cluster privilege [manage_inference,manage,all]"));
    }
    return Arrays.stream(hold.split(",")).map(String::trim).map(EndpointIds::requireExisting).distinct().toList();
  }

  private static boolean matches(JsonObject event, Set<EndpointEvent.Type> types, String taskType, String id) {
    String type = event.getString("type", "");
    return types.stream().anyMatch(t -> t.wireName().equals(type))
        && (taskType == null || taskType.equals(event.getString("task_type")))
        && (id == null || id.equals(event.getString("inference_id")));
  }

  /** One SSE response: writes events, comments and errors, sending the headers with the first. */
  private static final class Connection {

    private final HttpServerResponse response;
    private final SubscriberLag.Tracker tracker;
    private boolean started;

    Connection(HttpServerResponse response, SubscriberLag.Tracker tracker) {
      this.response = response;
      this.tracker = tracker;
    }

    /** Writes the event; the subscriber's lag counts it until its bytes went out to the socket. */
    void send(JsonObject event) {
      long sequence = event.getLong("sequence", -1L);
      tracker.writing();
      write("id: " + sequence + "\nevent: " + event.getString("type") + "\ndata: " + event.encode()
          + "\n\n").onComplete(done -> tracker.written(sequence));
    }

    void comment(String text) {
      write(": " + text + "\n\n");
    }

    /** Before the stream has begun, a failure is an ordinary JSON error; after, an SSE error event. */
    void error(RoutingContext ctx, Throwable failure) {
      if (!started && !response.ended()) {
        if (failure instanceof HttpFailure http) {
          Responses.failure(ctx, http);
        } else {
          Responses.error(ctx, toError(failure), failure);
        }
        return;
      }
      EsError error = toError(failure);
      LOG.fine(() -> "event stream error: " + error.reason());
      write("event: error\ndata: " + new JsonObject().put("type", error.type()).put("reason", error.reason()).encode()
          + "\n\n");
    }

    private static EsError toError(Throwable failure) {
      if (failure instanceof EventsPastRetentionException past) {
        return new EsError(410, "events_past_retention_exception", past.getMessage());
      }
      return failure instanceof HttpFailure http ? http.error() : BusFailures.toError(failure);
    }

    private Future<Void> write(String text) {
      if (response.ended() || response.closed()) {
        return Future.failedFuture("closed");
      }
      if (!started) {
        started = true;
        response.setChunked(true)
            .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=UTF-8")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
            .putHeader("X-Elastic-Product", "Elasticsearch");
      }
      return response.write(text);
    }
  }
}
