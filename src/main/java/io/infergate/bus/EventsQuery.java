package io.infergate.bus;

import io.vertx.core.json.JsonObject;

/**
 * Asks the registry ({@link Addresses#REGISTRY}, any node) for logged events from a sequence on:
 * {@code {"op":"events","from_sequence":S,"max":M}}. The reply is
 * {@code {"events":[...in sequence order...],"oldest":H,"newest":T,"next":N}} where {@code next}
 * is the sequence to ask for next; at most 1000 events come in one reply. A sequence older than the retention fails with status 410 and type
 * {@code events_past_retention_exception}, naming the oldest sequence still kept.
 */
public record EventsQuery(long fromSequence, int max) {

  public static final String OP = "events";

  public JsonObject toJson() {
    return new JsonObject().put("op", OP).put("from_sequence", fromSequence).put("max", max);
  }

  public static EventsQuery fromJson(JsonObject json) {
    return new EventsQuery(json.getLong("from_sequence", 0L), json.getInteger("max", 1000));
  }
}
