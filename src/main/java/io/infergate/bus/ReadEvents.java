package io.infergate.bus;

/**
 * Asks for logged events from a sequence on; replies with an {@link EventsPage} of at most
 * {@code max} (and never more than 1000) events. A sequence older than the retention fails with
 * 410 {@code events_past_retention_exception}, whose metadata {@code oldest_sequence} names the
 * oldest sequence still kept.
 */
public record ReadEvents(long fromSequence, int max) implements RegistryRequest {

  /** The failure metadata that names the oldest sequence kept. */
  public static final String OLDEST_SEQUENCE = "oldest_sequence";

  @Override
  public <R> R accept(Handler<R> handler) {
    return handler.readEvents(this);
  }
}
