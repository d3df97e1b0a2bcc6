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
  private final ReadView view;
  private final ViewReplicator replicator;
  private final EventPublisher events;

  EndpointCommands(Vertx vertx, EndpointStore store, ReadView view,
      ViewReplicator replicator, EventPublisher events) {
    this.vertx = vertx;
    this.store = store;
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
    return onContext(store.create(endpoint)).compose(outcome -> {
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
    String id = command.inferenceId();
    boolean reserved = EndpointIds.isReserved(id);
    if (command.dryRun()) {
      // Reports what a delete would meet: only a missing endpoint or another task type refuse it.
      DeleteRules rules = new DeleteRules(command.taskType(), command.force(), false, false);
      return blocking(() -> store.get(id).orElse(null)).map(current -> {
        refuseIfRuled(rules, id, current);
        List<JsonObject> holders = current.references();
        String message = holders.isEmpty() ? "" : DeleteRules.referencedMessage(id, holders);
        return deleteBody(false, holders).put("error_message", message);
      });
    }
    DeleteRules rules = new DeleteRules(command.taskType(), command.force(), reserved, true);
    return onContext(store.delete(id, rules)).compose(outcome -> {
      if (outcome instanceof Outcome.Refused refused) {
        refuseIfRuled(rules, id, refused.found());
        throw new IllegalStateException("delete of [" + id + "] refused with nothing to refuse it");
      }
      Outcome.Applied applied = (Outcome.Applied) outcome;
      StoredEndpoint deleted = applied.written();
      // The deleted entry's references ended with it (only a forced delete has any).
      List<JsonObject> holders = applied.replaced() == null ? List.of() : applied.replaced().references();
      return applyEverywhere(deleted, command, EndpointEvent.Type.DELETED, deleted.definition())
          .map(acknowledged -> deleteBody(acknowledged, holders));
    });
  }

  private static void refuseIfRuled(DeleteRules rules, String id, StoredEndpoint current) {
    EsError refusal = rules.refusal(id, current);
    if (refusal != null) {
      throw refusal.toException();
    }
  }

  /** Elasticsearch's delete answer: which pipelines and indexes (and here, subscribers) use the endpoint. */
  private static JsonObject deleteBody(boolean acknowledged, List<JsonObject> holders) {
    return new JsonObject().put("acknowledged", acknowledged).put("pipelines", new JsonArray()).put("indexes", new JsonArray())
        .put("references", new JsonArray(holders.stream().map(h -> h.getString("holder")).toList()));
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
    EsError refusal = EndpointMatch.refusal(command.inferenceId(), command.taskType(), found.orElse(null));
    if (refusal != null) {
      throw refusal.toException();
    }
    return found.get();
  }

  static RuntimeException notFound(String id) {
    return EndpointMatch.notFound(id).toException();
  }

  private <T> Future<T> onContext(java.util.concurrent.CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
