package io.infergate.registry;

import io.infergate.bus.Addresses;
import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EndpointEvent;
import io.infergate.bus.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.logging.Logger;

/** Appends each applied change to the event log, which numbers it, then publishes it once on the bus. */
final class EventPublisher {

  private static final Logger LOG = Logger.getLogger(EventPublisher.class.getName());

  private final Vertx vertx;
  private final EventLog log;
  private final String nodeName;
  private final Clock clock;

  EventPublisher(Vertx vertx, EventLog log, String nodeName, Clock clock) {
    this.vertx = vertx;
    this.log = log;
    this.nodeName = nodeName;
    this.clock = clock;
  }

  /** Appends and publishes at once. */
  Future<JsonObject> publish(EndpointEvent.Type type, EndpointDefinition endpoint, long revision, Principal principal) {
    return append(type, endpoint, revision, principal).onSuccess(this::publish);
  }

  /** Appends the event to the log, which numbers it; {@link #publish(JsonObject)} sends it. */
  Future<JsonObject> append(EndpointEvent.Type type, EndpointDefinition endpoint, long revision, Principal principal) {
    EndpointEvent event = new EndpointEvent(-1, type, endpoint.inferenceId(), endpoint.taskType(),
        endpoint.service(), revision, principal, nodeName, clock.instant());
    return Future.fromCompletionStage(log.append(event.toJson()), vertx.getOrCreateContext());
  }

  /** Publishes an appended (numbered) event once on the bus. */
  void publish(JsonObject numbered) {
    LOG.info(() -> "inference endpoint [" + numbered.getString("inference_id") + "] " + numbered.getString("type")
        + " at revision " + numbered.getLong("revision") + " by [" + numbered.getJsonObject("principal")
        .getString("username") + "] (event " + numbered.getLong("sequence") + ")");
    vertx.eventBus().publish(Addresses.EVENTS, numbered);
  }
}
