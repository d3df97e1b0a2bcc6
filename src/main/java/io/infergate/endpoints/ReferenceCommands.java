package io.infergate.endpoints;

import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EndpointLookup;
import io.infergate.bus.EsError;
import io.infergate.bus.ReferenceRequest;
import io.infergate.bus.References;
import io.infergate.registry.DocumentChange;
import io.infergate.registry.DocumentRegistry;
import io.infergate.registry.StoredDocument;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * Declares, ends and lists the references that protect endpoints in use from a non-forced delete.
 * They are kept in the endpoint's own entry, so declaring one and deleting the endpoint are
 * ordered by the partition that owns it.
 */
final class ReferenceCommands implements ReferenceRequest.Handler<Future<?>> {

  private static final Logger LOG = Logger.getLogger(ReferenceCommands.class.getName());

  private final DocumentRegistry<EndpointDefinition> endpoints;
  private final Clock clock;

  ReferenceCommands(DocumentRegistry<EndpointDefinition> endpoints, Clock clock) {
    this.endpoints = endpoints;
    this.clock = clock;
  }

  @Override
  public Future<References> add(ReferenceRequest.Add request) {
    String id = request.inferenceId();
    return endpoints.submit(id, DeclareReference.add(request.holder(), request.holderNode(), request.owner(),
        clock.millis()))
        .map(change -> {
          if (change.status() != DocumentChange.Status.WRITTEN) {
            throw EndpointLookup.notFound(id).toException();
          }
          // Every SSE stream and subscriber takes references: a write each, not worth an INFO line.
          LOG.fine(() -> "[" + request.holder() + "] now references inference endpoint [" + id + "]");
          return references(id, change.written());
        });
  }

  @Override
  public Future<References> remove(ReferenceRequest.Remove request) {
    String id = request.inferenceId();
    return endpoints.submit(id, DeclareReference.remove(request.holder(), request.owner())).map(change -> {
      if (change.status() != DocumentChange.Status.WRITTEN) {
        throw new EsError(404, "resource_not_found_exception",
            "Inference endpoint [" + id + "] has no reference held by [" + request.holder() + "]").toException();
      }
      return references(id, change.written());
    });
  }

  @Override
  public Future<References> lookup(ReferenceRequest.Lookup request) {
    String id = request.inferenceId();
    return endpoints.read(id).map(found -> new References(id, StoredReferences.of(found
        .filter(stored -> !stored.isTombstone())
        .orElseThrow(() -> EndpointLookup.notFound(id).toException()).body())));
  }

  private static References references(String id, String written) {
    return new References(id, StoredReferences.of(StoredDocument.decode(id, written).body()));
  }
}
