package io.infergate.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Events read from the log, in sequence order, each in its published JSON form with its
 * {@code sequence}; {@code oldest} and {@code newest} are the log's bounds and {@code next} the
 * sequence to ask for next.
 */
public record EventsPage(List<JsonObject> events, long oldest, long newest, long next) {

  public EventsPage {
    events = List.copyOf(events);
  }
}
