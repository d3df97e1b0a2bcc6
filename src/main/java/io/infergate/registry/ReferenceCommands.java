package io.infergate.registry;

import io.infergate.bus.EsError;
import io.infergate.bus.ReferenceCommand;
import io.infergate.registry.EndpointStore.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * Declares, ends and lists the references that protect endpoints in use from a non-forced delete.
 * They are kept in the endpoint's own entry, so declaring one and deleting the endpoint are
 * ordered by the partition that owns it.
 */
final class ReferenceCommands {

  private static final Logger LOG = Logger.getLogger(ReferenceCommands.class.getName());

  private final Vertx vertx;
  private final EndpointStore store;
  private final Clock clock;

  ReferenceCommands(Vertx vertx, EndpointStore store, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
  }

  Future<JsonObject> handle(ReferenceCommand command) {
    String id = command.inferenceId();
    return vertx.executeBlocking(() -> {
      StoredEndpoint current = switch (command.op()) {
        case REFERENCE_ADD -> {
          Outcome outcome = store.declareReference(id,
              DeclareReference.add(command.holder(), command.holderNode(), clock.millis()));
          if (outcome instanceof Outcome.Refused) {
            throw EndpointCommands.notFound(id);
          }
          LOG.info(() -> "[" + command.holder() + "] now references inference endpoint [" + id + "]");
          yield ((Outcome.Applied) outcome).written();
        }
        case REFERENCE_REMOVE -> {
          Outcome outcome = store.declareReference(id, DeclareReference.remove(command.holder()));
          if (outcome instanceof Outcome.Refused) {
            throw new EsError(404, "resource_not_found_exception",
                "Inference endpoint [" + id + "] has no reference held by [" + command.holder() + "]").toException();
          }
          yield ((Outcome.Applied) outcome).written();
        }
        case REFERENCES -> store.live(id).orElseThrow(() -> EndpointCommands.notFound(id));
      };
      return new JsonObject().put("inference_id", id).put("references", new JsonArray(current.references()));
    }, false);
  }
}
