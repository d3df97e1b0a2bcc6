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
 * {@link HttpFailure}s carrying the registry's Elasticsearch error.
 */
final class RegistryClient {

  private final Vertx vertx;
  private final DeliveryOptions options;

  RegistryClient(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    // The local registry serves every command (it shares the cluster-wide map), so no hop is paid.
    this.options = new DeliveryOptions().setLocalOnly(true).setSendTimeout(timeoutMs);
  }

  Future<JsonObject> send(RegistryCommand command) {
    return vertx.eventBus().<JsonObject>request(Addresses.REGISTRY, command.toJson(), options)
        .map(Message::body)
        .recover(failure -> Future.failedFuture(HttpFailure.of(RegistryReplies.toError(failure))));
  }
}
