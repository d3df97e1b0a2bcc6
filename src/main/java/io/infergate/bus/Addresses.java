package io.infergate.bus;

/** Event-bus addresses shared by the router, the registry and subscribers. */
public final class Addresses {

  /** Registry commands (request/reply). Every node's registry verticle consumes it. */
  public static final String REGISTRY = "infergate.registry";

  /** Endpoint change events (publish). Anyone may subscribe; nothing is ever sent back. */
  public static final String EVENTS = "infergate.events";

  private Addresses() {
  }
}
