package io.infergate.http;

import io.infergate.bus.Addresses;
import io.infergate.bus.RegistryCommand;
import io.infergate.bus.RegistryReplies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Sends commands to this node's registry verticle over the event bus. Failures come back as
 * {@link io.infergate.bus.EsException}s carrying the registry's Elasticsearch error.
 */
final class RegistryClient {

  private final Vertx vertx;
  private final long timeoutMs;
  private final DeliveryOptions readOptions;

  RegistryClient(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
    // The local registry serves every command (its view and the cluster-wide map), so no hop is paid.
    this.readOptions = new DeliveryOptions().setLocalOnly(true).setSendTimeout(timeoutMs);
  }

  /** Any other registry message of the bus contract (events queries, references). */
  Future<JsonObject> send(JsonObject message) {
    return vertx.eventBus().<JsonObject>request(Addresses.REGISTRY, message, readOptions)
        .map(Message::body)
        .recover(failure -> Future.failedFuture(RegistryReplies.toError(failure).toException()));
  }

  Future<JsonObject> send(RegistryCommand command) {
    // A write may wait its own timeout for the other nodes, on top of the store's time.
    DeliveryOptions options = command.timeoutMs() <= 0 ? readOptions
        : new DeliveryOptions().setLocalOnly(true).setSendTimeout(command.timeoutMs() + timeoutMs);
    return vertx.eventBus().<JsonObject>request(Addresses.REGISTRY, command.toJson(), options)
        .map(Message::body)
        .recover(failure -> Future.failedFuture(RegistryReplies.toError(failure).toException()));
  }
}
