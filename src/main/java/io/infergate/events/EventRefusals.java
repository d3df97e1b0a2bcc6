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

  /**
   * @param where    the bus address or the log the event came from
   * @param sequence its sequence, or -1 when it had none
   * @param type     its claimed type, or null
   */
  void refused(String where, long sequence, String type, String reason) {
    String shownType = type != null && PLAIN_TYPE.matcher(type).matches() ? type : "?";
    LOG.warning(() -> "security: refused an event from [" + where + "] (type [" + shownType + "], sequence ["
        + sequence + "]) on node [" + node + "]: " + reason);
    Consumer<JsonObject> sink = audit;
    if (sink != null) {
      sink.accept(new JsonObject().put("@timestamp", clock.instant().toString()).put("node", node)
          .put("event", "event_refused").put("address", where).put("event_type", shownType)
          .put("sequence", sequence).put("reason", reason).put("result", "refused"));
    }
  }
}
