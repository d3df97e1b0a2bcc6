package io.infergate.registry;

import io.infergate.bus.EndpointRequest;
import io.infergate.bus.ReferenceRequest;
import io.infergate.bus.SecurityRequest;
import io.vertx.core.Future;
import java.util.Set;

/**
 * The commands of the document kinds a node serves, on top of their {@link DocumentRegistry}:
 * plugged into the registry verticle, which checks that the node may serve before it passes a
 * request on. Replies are the bus contract's typed replies; failures are {@link io.infergate.bus.EsException}s.
 */
public interface RegistryServices {

  EndpointRequest.Handler<Future<?>> endpoints();

  ReferenceRequest.Handler<Future<?>> references();

  SecurityRequest.Handler<Future<?>> security();

  /** The registry has loaded its views and serves: once after start. */
  default void serving() {
  }

  /** A member left the cluster (or the node just started); {@code memberIds} are those in it now. */
  default void membersChanged(Set<String> memberIds) {
  }
}
