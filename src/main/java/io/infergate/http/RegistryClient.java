package io.infergate.http;

import io.infergate.bus.Addresses;
import io.infergate.bus.BusFailures;
import io.infergate.bus.RegistryRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * Sends requests to this node's registry verticle over the event bus, as typed objects that never
 * leave the node. Failures come back as {@link io.infergate.bus.EsException}s carrying the
 * registry's Elasticsearch error.
 */
final class RegistryClient {

  private final Vertx vertx;
  private final long timeoutMs;
  private final DeliveryOptions readOptions;

  RegistryClient(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
    // The local registry serves every request (its view and the cluster-wide map), so no hop is paid.
    this.readOptions = new DeliveryOptions().setLocalOnly(true).setSendTimeout(timeoutMs);
  }

  /** A read, or a change that does not wait for the other nodes. */
  <T> Future<T> send(RegistryRequest request) {
    return send(request, readOptions);
  }

  /** A write that may wait {@code waitMs} for the other nodes' views, on top of the store's time. */
  <T> Future<T> write(RegistryRequest request, long waitMs) {
    return send(request, new DeliveryOptions().setLocalOnly(true).setSendTimeout(waitMs + timeoutMs));
  }

  @SuppressWarnings("unchecked")
  private <T> Future<T> send(RegistryRequest request, DeliveryOptions options) {
    return vertx.eventBus().request(Addresses.REGISTRY_LOCAL, request, options)
        .map(reply -> (T) reply.body())
        .recover(failure -> Future.failedFuture(BusFailures.toError(failure).toException()));
  }
}
