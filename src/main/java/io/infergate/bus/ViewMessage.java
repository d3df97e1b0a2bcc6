package io.infergate.bus;

/**
 * What gateways send to each other's view address ({@link Addresses#view}): a change to apply to
 * the read view (replies {@code true} once applied), a status question (replies a
 * {@link NodeStatus}) and a ping of the lease (replies {@code true}). They cross nodes in the wire
 * form of {@link RegistryWire}.
 */
public sealed interface ViewMessage {

  /** @param stored the document {@code id} of the named kind, exactly as the registry map holds it */
  record Apply(String kind, String id, String stored) implements ViewMessage {
  }

  record Status() implements ViewMessage {
  }

  record Ping() implements ViewMessage {
  }
}
