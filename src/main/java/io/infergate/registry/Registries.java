package io.infergate.registry;

import io.infergate.bus.EsError;
import io.vertx.core.WorkerExecutor;
import java.util.Optional;

/** What the registry verticle offers the services of its document kinds. */
public interface Registries {

  /** The registry of a kind this node hosts. */
  <D> DocumentRegistry<D> of(DocumentKind<D> kind);

  /** True when this node is the oldest gateway: the one that acts for all. */
  boolean isOldestGateway();

  /** True while this node serves (it sees enough gateways and its views are current). */
  boolean isServing();

  /** Why this node does not serve (the 503 a read or write gets), or empty while it serves. */
  Optional<EsError> refusal();

  /** The registry's own pool for blocking cluster and store work. */
  WorkerExecutor blocking();
}
