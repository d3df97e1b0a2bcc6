package io.infergate.bus;

/**
 * Everything the registry serves, one record per operation with only the fields it needs. The
 * router sends them to {@link Addresses#REGISTRY_LOCAL} as they are (a local codec passes the
 * object by reference); those that may come from another member travel in the JSON wire form of
 * {@link RegistryWire}. The registry dispatches through {@link Handler}: a new operation does not
 * compile until every handler serves it.
 */
public sealed interface RegistryRequest permits EndpointRequest, ReferenceRequest, SecurityRequest, ReadEvents,
    ClusterRequest {

  /** How long a write waits for every gateway's read view when the request does not say. */
  long DEFAULT_TIMEOUT_MS = 30_000;

  <R> R accept(Handler<R> handler);

  /** One method per family of requests (each family has a handler of its own operations). */
  interface Handler<R> {
    R endpoint(EndpointRequest request);

    R reference(ReferenceRequest request);

    R security(SecurityRequest request);

    R readEvents(ReadEvents request);

    R health(ClusterRequest.Health request);

    R nodes(ClusterRequest.Nodes request);
  }
}
