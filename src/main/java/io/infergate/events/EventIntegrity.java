package io.infergate.events;

import io.infergate.secrets.ClusterKeyring;
import io.infergate.secrets.IntegrityKeys;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Events are signed by the gateway that publishes them, with a key derived from the cluster secret,
 * so that a process that joined with the cluster's name alone can neither publish one nor put one
 * in a log. Two tags, each over content no other use signs:
 * <ul>
 *   <li>the log item: the log's name and the event's JSON, in front of the JSON ({@link SignedLogItem});
 *       the sequence is known only after the append, so a genuine item added again by another member
 *       would verify at its new sequence;
 *   <li>the bus message: the address and the numbered event's JSON (its {@code sequence} in it), in
 *       the {@link #TAG_HEADER} header.
 * </ul>
 * Anything else is refused and reported ({@link EventRefusals}). The keys are replaced when the
 * node's secure settings are reloaded ({@link ClusterKeyring}).
 */
public final class EventIntegrity {

  /** The delivery header holding a published event's tag. */
  public static final String TAG_HEADER = "x-infergate-event-tag";
  static final String PURPOSE = "infergate events";

  private final ClusterKeyring keyring;
  private final EventRefusals refusals;
  private final Map<String, AtomicLong> newestPublished = new ConcurrentHashMap<>();

  private EventIntegrity(ClusterKeyring keyring, EventRefusals refusals) {
    this.keyring = keyring;
    this.refusals = refusals;
  }

  /** A gateway's: its refusals go to the audit trail once {@link #auditTo} names it. */
  public static EventIntegrity forGateway(String nodeName, ClusterKeyring keyring, Clock clock) {
    return new EventIntegrity(keyring, new EventRefusals(nodeName, clock, null));
  }

  /** A subscriber's (the Java API): it checks events and logs refusals; it has no audit trail. */
  public static EventIntegrity forSubscriber(String name, byte[] clusterSecret) {
    return new EventIntegrity(new ClusterKeyring(clusterSecret, List.of()),
        new EventRefusals(name, Clock.systemUTC(), null));
  }

  private IntegrityKeys keys() {
    return keyring.keys(PURPOSE);
  }

  public void auditTo(Consumer<JsonObject> audit) {
    refusals.auditTo(audit);
  }

  /** The item to append to {@code log} for the event encoded as {@code json}. */
  public String signedItem(String log, String json) {
    return new SignedLogItem(keys().sign(logContent(log, json)), json).encoded();
  }

  /**
   * Whether {@code item} at {@code sequence} of {@code log} was signed for that log by a gateway;
   * a refusal is reported.
   */
  public boolean acceptsItem(String log, long sequence, String item) {
    return verifiedItem(log, sequence, item).isPresent();
  }

  /** The event of a signed item, without its sequence; empty (and reported) when the item is not signed for {@code log}. */
  public Optional<JsonObject> verifiedItem(String log, long sequence, String item) {
    if (item == null) {
      refusals.inLog(log, sequence, null, "no item");
      return Optional.empty();
    }
    SignedLogItem parsed = SignedLogItem.parse(item);
    JsonObject event = decode(parsed.event());
    String type = event == null ? null : event.getValue("type") instanceof String text ? text : null;
    if (!parsed.isSigned()) {
      refusals.inLog(log, sequence, type, "the event log's item carries no tag");
      return Optional.empty();
    }
    if (!keys().verify(parsed.tag(), logContent(log, parsed.event())) || event == null) {
      refusals.inLog(log, sequence, type, "the event log's item carries an invalid tag");
      return Optional.empty();
    }
    return Optional.of(event);
  }

  /**
   * A row written before events were signed (only gateways write the store) signed now, so that the
   * ringbuffer only ever holds signed items; a signed row as it is.
   */
  public String signedIfUnsigned(String log, String row) {
    return row == null || SignedLogItem.parse(row).isSigned() ? row : signedItem(log, row);
  }

  /** The options to publish the numbered event on {@code address} with: its tag in {@link #TAG_HEADER}. */
  public DeliveryOptions publishing(String address, JsonObject numbered) {
    if (numbered.getValue("sequence") instanceof Number sequence) {
      newestPublished.computeIfAbsent(address, ignored -> new AtomicLong(-1))
          .accumulateAndGet(sequence.longValue(), Math::max);
    }
    return new DeliveryOptions().addHeader(TAG_HEADER, keys().sign(busContent(address, numbered.encode())));
  }

  /**
   * The newest sequence this node signed for publishing on {@code address}; -1 before any. A graceful
   * stop waits until its own subscribers have been handed that far ({@link EventFanout#delivered}).
   */
  public long newestPublished(String address) {
    AtomicLong newest = newestPublished.get(address);
    return newest == null ? -1 : newest.get();
  }

  /** Whether a message received on an event address was published by a gateway; a refusal is reported. */
  public boolean accepts(Message<?> message) {
    Object body = message.body();
    if (!(body instanceof JsonObject event)) {
      refusals.onBus(message.address(), -1, null, "the message is not an event");
      return false;
    }
    String tag = message.headers().get(TAG_HEADER);
    if (tag == null || !keys().verify(tag, busContent(message.address(), event.encode()))) {
      refusals.onBus(message.address(), event.getValue("sequence") instanceof Number number ? number.longValue() : -1,
          event.getValue("type") instanceof String text ? text : null,
          tag == null ? "the event carries no tag" : "the event carries an invalid tag");
      return false;
    }
    return true;
  }

  private static String logContent(String log, String json) {
    return "event log item\n" + log + "\n" + json;
  }

  private static String busContent(String address, String json) {
    return "published event\n" + address + "\n" + json;
  }

  private static JsonObject decode(String json) {
    try {
      return new JsonObject(json);
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "EventIntegrity[" + keys() + "]";
  }
}
