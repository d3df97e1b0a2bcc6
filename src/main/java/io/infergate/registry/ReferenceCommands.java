package io.infergate.registry;

import io.infergate.bus.EsError;
import io.infergate.bus.ReferenceCommand;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.logging.Logger;

/** Declares, ends and lists the references that protect endpoints in use from a non-forced delete. */
final class ReferenceCommands {

  private static final Logger LOG = Logger.getLogger(ReferenceCommands.class.getName());

  private final Vertx vertx;
  private final EndpointStore store;
  private final ReferenceStore references;
  private final Clock clock;

  ReferenceCommands(Vertx vertx, EndpointStore store, ReferenceStore references, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.references = references;
    this.clock = clock;
  }

  Future<JsonObject> handle(ReferenceCommand command) {
    String id = command.inferenceId();
    return vertx.executeBlocking(() -> references.locked(id, () -> {
      switch (command.op()) {
        case REFERENCE_ADD -> {
          store.live(id).orElseThrow(() -> EndpointCommands.notFound(id));
          references.add(id, command.holder(), command.holderNode(), clock.millis());
          LOG.info(() -> "[" + command.holder() + "] now references inference endpoint [" + id + "]");
        }
        case REFERENCE_REMOVE -> {
          if (!references.remove(id, command.holder())) {
            throw new EsError(404, "resource_not_found_exception",
                "Inference endpoint [" + id + "] has no reference held by [" + command.holder() + "]").toException();
          }
        }
        case REFERENCES -> store.live(id).orElseThrow(() -> EndpointCommands.notFound(id));
      }
      return new JsonObject().put("inference_id", id).put("references", new JsonArray(references.of(id)));
    }), false);
  }
}
