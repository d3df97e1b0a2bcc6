package io.infergate.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.logging.Logger;

/**
 * Appends each applied change to its event log, which numbers it, then publishes it once on the bus,
 * signed ({@link EventIntegrity}) over its address and its numbered JSON.
 */
public final class EventPublisher {

  private static final Logger LOG = Logger.getLogger(EventPublisher.class.getName());

  private final Vertx vertx;
  private final EventLog log;
  private final String address;
  private final String subject;
  private final String idField;
  private final EventIntegrity integrity;

  /**
   * @param subject what the events are about, for the log ("inference endpoint")
   * @param idField the event field that names the changed document ("inference_id")
   */
  public EventPublisher(Vertx vertx, EventLog log, String address, String subject, String idField,
      EventIntegrity integrity) {
    this.integrity = integrity;
    this.vertx = vertx;
    this.log = log;
    this.address = address;
    this.subject = subject;
    this.idField = idField;
  }

  /** Appends and publishes at once. */
  public Future<JsonObject> publish(JsonObject event) {
    return append(event).onSuccess(this::publishNumbered);
  }

  /** Appends the event to the log, which numbers it; {@link #publishNumbered} sends it. */
  public Future<JsonObject> append(JsonObject event) {
    return log.append(event);
  }

  /** Publishes an appended (numbered) event once on the bus. */
  public void publishNumbered(JsonObject numbered) {
    // Every change is in the audit trail already; a line here per change cost the writing node a
    // sixteenth of its CPU under a stream of writes (JFR, scripts/benchmark).
    LOG.fine(() -> subject + " [" + numbered.getString(idField) + "] " + numbered.getString("type")
        + " at revision " + numbered.getLong("revision") + " by ["
        + numbered.getJsonObject("principal").getString("username") + "] (event " + numbered.getLong("sequence") + ")");
    vertx.eventBus().publish(address, numbered, integrity.publishing(address, numbered));
  }
}
