package io.infergate.registry;

import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EndpointEvent;
import io.infergate.bus.EsError;
import io.infergate.bus.RegistryCommand;
import io.infergate.inference.EndpointIds;
import io.infergate.registry.EndpointStore.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Logger;

/**
 * What the registry does with each endpoint command. Writes: the map (and durable store) first,
 * then every gateway member's read view, then one event; reads: this node's view only.
 */
final class EndpointCommands {

  private static final Logger LOG = Logger.getLogger(EndpointCommands.class.getName());

  private final Vertx vertx;
  private final EndpointStore store;
  private final ReferenceStore references;
  private final ReadView view;
  private final ViewReplicator replicator;
  private final EventPublisher events;

  EndpointCommands(Vertx vertx, EndpointStore store, ReferenceStore references, ReadView view,
      ViewReplicator replicator, EventPublisher events) {
    this.vertx = vertx;
    this.store = store;
    this.references = references;
    this.view = view;
    this.replicator = replicator;
    this.events = events;
  }

  Future<JsonObject> get(RegistryCommand command) {
    if (command.isList()) {
      return Future.succeededFuture(new JsonObject().put("endpoints",
          new JsonArray(view.list(command.taskType()).stream().map(EndpointDefinition::publicJson).toList())));
    }
    try {
      EndpointDefinition endpoint = matching(view.get(command.inferenceId()), command);
      return Future.succeededFuture(new JsonObject().put("endpoints", new JsonArray().add(endpoint.publicJson())));
    } catch (RuntimeException failure) {
      return Future.failedFuture(failure);
    }
  }

  Future<JsonObject> put(RegistryCommand command) {
    EndpointDefinition endpoint = command.endpoint();
    return blocking(() -> store.create(endpoint)).compose(outcome -> {
      if (outcome instanceof Outcome.Conflict) {
        throw new EsError(400, "resource_already_exists_exception",
            "Inference endpoint [" + endpoint.inferenceId() + "] already exists").toException();
      }
      Outcome.Applied applied = (Outcome.Applied) outcome;
      return applyEverywhere(applied.written(), command, EndpointEvent.Type.CREATED, applied.written().definition())
          .map(acknowledged -> endpoint.publicJson());
    });
  }

  Future<JsonObject> update(RegistryCommand command) {
    return blocking(() -> {
      while (true) {
        StoredEndpoint current = store.live(command.inferenceId()).orElse(null);
        matching(Optional.ofNullable(current).map(StoredEndpoint::definition), command);
        if (!current.definition().service().equals(command.endpoint().service())) {
          throw EsError.statusException(409, "Inference endpoint [" + command.inferenceId()
              + "] was replaced by one of another service while it was being updated; retry the update").toException();
        }
        Outcome outcome = store.update(current, merge(current.definition(), command.endpoint()));
        if (outcome instanceof Outcome.Applied applied) {
          return applied;
        }
      }
    }).compose(applied -> applyEverywhere(applied.written(), command, EndpointEvent.Type.UPDATED,
        applied.written().definition()).map(acknowledged -> applied.written().definition().publicJson()));
  }

  Future<JsonObject> delete(RegistryCommand command) {
    return blocking(() -> references.locked(command.inferenceId(), () -> {
      // Compare-and-delete against the map, the source of truth; retried only if the endpoint was
      // replaced between the read and the delete.
      while (true) {
        StoredEndpoint current = store.live(command.inferenceId()).orElse(null);
        matching(Optional.ofNullable(current).map(StoredEndpoint::definition), command);
        List<JsonObject> holders = references.of(command.inferenceId());
        if (EndpointIds.isReserved(command.inferenceId()) && !command.force() && !command.dryRun()) {
          throw EsError.statusException(400, "[" + command.inferenceId() + "] is a reserved inference endpoint. "
              + "Use the force=true query parameter to delete the inference endpoint.").toException();
        }
        if (command.dryRun()) {
          return new DeleteResult(null, holders);
        }
        if (!holders.isEmpty() && !command.force()) {
          throw new EsError(409, "status_exception", referencedMessage(command.inferenceId(), holders)).toException();
        }
        Outcome outcome = store.delete(current);
        if (outcome instanceof Outcome.Applied applied) {
          if (!holders.isEmpty()) {
            references.removeAll(command.inferenceId());
          }
          return new DeleteResult(applied, holders);
        }
      }
    })).compose(result -> {
      JsonObject body = new JsonObject().put("pipelines", new JsonArray()).put("indexes", new JsonArray())
          .put("references", new JsonArray(result.holders().stream().map(h -> h.getString("holder")).toList()));
      if (result.deleted() == null) {
        String message = result.holders().isEmpty() ? "" : referencedMessage(command.inferenceId(), result.holders());
        return Future.succeededFuture(new JsonObject().put("acknowledged", false).mergeIn(body).put("error_message", message));
      }
      return applyEverywhere(result.deleted().written(), command, EndpointEvent.Type.DELETED,
          result.deleted().replaced().definition())
          .map(acknowledged -> new JsonObject().put("acknowledged", acknowledged).mergeIn(body));
    });
  }

  private record DeleteResult(Outcome.Applied deleted, List<JsonObject> holders) {
  }

  static String referencedMessage(String id, List<JsonObject> holders) {
    return "Inference endpoint [" + id + "] is referenced by subscribers: "
        + holders.stream().map(h -> h.getString("holder")).toList()
        + ". Ensure that no subscribers are using this inference endpoint, or use force to ignore this warning"
        + " and delete the inference endpoint.";
  }

  /**
   * Applies the change to this node's view, waits for every other gateway member's, then publishes
   * the event; succeeds with whether every member acknowledged.
   */
  private Future<Boolean> applyEverywhere(StoredEndpoint change, RegistryCommand command, EndpointEvent.Type type,
      EndpointDefinition endpoint) {
    view.apply(change);
    // The event is numbered in the log while the views apply the change; it is published once both are done.
    Future<JsonObject> appended = events.append(type, endpoint, change.revision(), command.principal());
    Future<Boolean> replicated = replicator.replicate(change, command.timeoutMs()).onSuccess(acknowledged -> {
      if (!acknowledged) {
        LOG.warning(() -> "change of [" + change.id() + "] at revision " + change.revision()
            + " stands, but not every node applied it within " + command.timeoutMs() + "ms");
      }
    });
    return Future.all(appended, replicated).map(both -> {
      events.publish(appended.result());
      return replicated.result();
    });
  }

  /** The current endpoint with the changed settings merged in; service and task type stay. */
  private static EndpointDefinition merge(EndpointDefinition current, EndpointDefinition changes) {
    return new EndpointDefinition(current.inferenceId(), current.taskType(), current.service(),
        current.serviceSettings().copy().mergeIn(changes.serviceSettings()),
        current.secretSettings().copy().mergeIn(changes.secretSettings()),
        current.taskSettings().copy().mergeIn(changes.taskSettings()),
        changes.chunkingSettings() != null ? changes.chunkingSettings() : current.chunkingSettings());
  }

  /** The endpoint the command names, or the 404 / task type mismatch Elasticsearch gives. */
  static EndpointDefinition matching(Optional<EndpointDefinition> found, RegistryCommand command) {
    EndpointDefinition endpoint = found.orElseThrow(() -> notFound(command.inferenceId()));
    if (command.taskType() != null && !command.taskType().equals(endpoint.taskType())) {
      throw EsError.statusException(400, "Requested task type [" + command.taskType()
          + "] does not match the inference endpoint's task type [" + endpoint.taskType() + "]").toException();
    }
    return endpoint;
  }

  static RuntimeException notFound(String id) {
    return new EsError(404, "resource_not_found_exception", "Inference endpoint not found [" + id + "]").toException();
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
