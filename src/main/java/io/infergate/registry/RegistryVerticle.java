package io.infergate.registry;

import com.hazelcast.core.HazelcastInstance;
import io.infergate.bus.Addresses;
import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EndpointEvent;
import io.infergate.bus.EsError;
import io.infergate.bus.Principal;
import io.infergate.bus.RegistryCommand;
import io.infergate.bus.RegistryReplies;
import io.infergate.registry.EndpointStore.StoredEndpoint;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Logger;

/**
 * Owns the endpoint registry: applies the commands of {@link Addresses#REGISTRY} to the Hazelcast
 * map, replies with Elasticsearch-shaped bodies, and publishes one event per applied change.
 */
public final class RegistryVerticle extends AbstractVerticle {

  private static final Logger LOG = Logger.getLogger(RegistryVerticle.class.getName());

  private final HazelcastInstance hazelcast;
  private final String nodeName;
  private final Clock clock;
  private EndpointStore store;
  private MessageConsumer<JsonObject> consumer;

  public RegistryVerticle(HazelcastInstance hazelcast, String nodeName, Clock clock) {
    this.hazelcast = hazelcast;
    this.nodeName = nodeName;
    this.clock = clock;
  }

  @Override
  public void start(Promise<Void> started) {
    vertx.executeBlocking(() -> new EndpointStore(hazelcast))
        .onSuccess(created -> {
          store = created;
          consumer = vertx.eventBus().consumer(Addresses.REGISTRY, this::handle);
          consumer.completion().onComplete(started);
        })
        .onFailure(started::fail);
  }

  @Override
  public void stop(Promise<Void> stopped) {
    (consumer == null ? Future.<Void>succeededFuture() : consumer.unregister()).onComplete(stopped);
  }

  private void handle(Message<JsonObject> message) {
    RegistryCommand command;
    try {
      command = RegistryCommand.fromJson(message.body());
    } catch (RuntimeException e) {
      RegistryReplies.fail(message, EsError.illegalArgument("malformed registry command: " + e.getMessage()));
      return;
    }
    Future<JsonObject> reply = switch (command.op()) {
      case PUT -> put(command);
      case GET -> command.isList() ? list(command.taskType()) : getOne(command);
      case DELETE -> delete(command);
    };
    reply.onSuccess(message::reply)
        .onFailure(failure -> RegistryReplies.fail(message, RegistryReplies.toError(failure)));
  }

  private Future<JsonObject> put(RegistryCommand command) {
    EndpointDefinition endpoint = command.endpoint();
    return blocking(() -> store.putIfAbsent(endpoint)).map(previous -> {
      if (previous.isPresent()) {
        throw new EsError(400, "resource_already_exists_exception",
            "Inference endpoint [" + endpoint.inferenceId() + "] already exists").toException();
      }
      publish(EndpointEvent.Type.CREATED, endpoint, command.principal());
      return endpoint.publicJson();
    });
  }

  private Future<JsonObject> getOne(RegistryCommand command) {
    return blocking(() -> store.get(command.inferenceId()))
        .map(found -> {
          StoredEndpoint endpoint = existing(found, command);
          return new JsonObject().put("endpoints", new JsonArray().add(endpoint.definition().publicJson()));
        });
  }

  private Future<JsonObject> list(String taskType) {
    return blocking(store::all).map(all -> new JsonObject().put("endpoints", new JsonArray(all.stream()
        .map(StoredEndpoint::definition)
        .filter(endpoint -> taskType == null || taskType.equals(endpoint.taskType()))
        .sorted(Comparator.comparing(EndpointDefinition::inferenceId))
        .map(EndpointDefinition::publicJson)
        .toList())));
  }

  private Future<JsonObject> delete(RegistryCommand command) {
    return blocking(() -> {
      // Compare-and-delete: retried only when the endpoint was replaced between the read and the delete.
      while (true) {
        StoredEndpoint endpoint = existing(store.get(command.inferenceId()), command);
        if (command.dryRun()) {
          return Optional.<StoredEndpoint>empty();
        }
        if (store.remove(endpoint)) {
          return Optional.of(endpoint);
        }
      }
    }).map(deleted -> {
      JsonObject body = new JsonObject()
          .put("acknowledged", deleted.isPresent())
          .put("pipelines", new JsonArray())
          .put("indexes", new JsonArray());
      if (deleted.isEmpty()) {
        return body.put("error_message", "");
      }
      publish(EndpointEvent.Type.DELETED, deleted.get().definition(), command.principal());
      return body;
    });
  }

  /** The endpoint the command names, or the 404 / task type mismatch Elasticsearch gives. */
  private static StoredEndpoint existing(Optional<StoredEndpoint> found, RegistryCommand command) {
    StoredEndpoint endpoint = found.orElseThrow(() -> new EsError(404, "resource_not_found_exception",
        "Inference endpoint not found [" + command.inferenceId() + "]").toException());
    String stored = endpoint.definition().taskType();
    if (command.taskType() != null && !command.taskType().equals(stored)) {
      throw EsError.statusException(400, "Requested task type [" + command.taskType()
          + "] does not match the inference endpoint's task type [" + stored + "]").toException();
    }
    return endpoint;
  }

  private void publish(EndpointEvent.Type type, EndpointDefinition endpoint, Principal principal) {
    EndpointEvent event = new EndpointEvent(type, endpoint.inferenceId(), endpoint.taskType(),
        endpoint.service(), principal, nodeName, clock.instant());
    LOG.info(() -> "inference endpoint [" + endpoint.inferenceId() + "] " + type.wireName()
        + " by [" + principal.username() + "]");
    vertx.eventBus().publish(Addresses.EVENTS, event.toJson());
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
