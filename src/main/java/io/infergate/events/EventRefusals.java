package io.infergate.events;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Reports an event refused for a missing or wrong tag: a WARNING {@code security:} line and, on a
 * gateway, an {@code event_refused} line in the audit trail. Whoever forged it chose its content, so
 * nothing of it is written but its sequence and, when it is one of a few plain words, its type.
 */
final class EventRefusals {

  private static final Logger LOG = Logger.getLogger(EventRefusals.class.getName());
  private static final Pattern PLAIN_TYPE = Pattern.compile("[a-z_]{1,32}");

  private final String node;
  private final Clock clock;
  private volatile Consumer<JsonObject> audit;

  /** @param audit where the refusals go besides the log; null for none (a subscriber's process) */
  EventRefusals(String node, Clock clock, Consumer<JsonObject> audit) {
    this.node = node;
    this.clock = clock;
    this.audit = audit;
  }

  void auditTo(Consumer<JsonObject> sink) {
    this.audit = sink;
  }

  /** A message on the bus address {@code address}; {@code sequence} -1 when it had none, {@code type} null. */
  void onBus(String address, long sequence, String type, String reason) {
    refused("bus", "the bus address", address, sequence, type, reason);
  }

  /** An item of the event log {@code log} (read back, or offered to its table). */
  void inLog(String log, long sequence, String type, String reason) {
    refused("event_log", "the event log", log, sequence, type, reason);
  }

  private void refused(String source, String described, String name, long sequence, String type, String reason) {
    String shownType = type != null && PLAIN_TYPE.matcher(type).matches() ? type : "?";
    LOG.warning(() -> "security: refused an event from " + described + " [" + name + "] (type [" + shownType
        + "], sequence [" + sequence + "]) on node [" + node + "]: " + reason);
    Consumer<JsonObject> sink = audit;
    if (sink != null) {
      sink.accept(new JsonObject().put("@timestamp", clock.instant().toString()).put("node", node)
          .put("event", "event_refused").put("source", source).put("address", name).put("event_type", shownType)
          .put("sequence", sequence).put("reason", reason).put("result", "refused"));
    }
  }
}
