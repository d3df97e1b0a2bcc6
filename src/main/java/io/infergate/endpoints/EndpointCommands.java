package io.infergate.endpoints;

import io.infergate.bus.CurrentEndpoint;
import io.infergate.bus.DeleteResult;
import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EndpointList;
import io.infergate.bus.EndpointRequest;
import io.infergate.bus.EsError;
import io.infergate.inference.EndpointIds;
import io.infergate.registry.DocumentRegistry;
import io.infergate.registry.ReadView;
import io.infergate.registry.StoredDocument;
import io.infergate.registry.Write;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;

/**
 * What the registry does with each endpoint request. Writes go through the endpoints'
 * {@link DocumentRegistry} (the map and durable store, every gateway's read view, one event);
 * reads answer from this node's view only.
 */
final class EndpointCommands implements EndpointRequest.Handler<Future<?>> {

  /** An update that keeps meeting a concurrent change of the endpoint gives up after this many tries. */
  private static final int MAX_UPDATE_ATTEMPTS = 10;

  private final Vertx vertx;
  private final DocumentRegistry<EndpointDefinition> endpoints;

  EndpointCommands(Vertx vertx, DocumentRegistry<EndpointDefinition> endpoints) {
    this.vertx = vertx;
    this.endpoints = endpoints;
  }

  @Override
  public Future<EndpointList> get(EndpointRequest.Get request) {
    if (request.isList()) {
      return Future.succeededFuture(new EndpointList(endpoints.view().liveDocuments()
          .filter(entry -> request.taskType() == null || request.taskType().equals(entry.document().taskType()))
          .map(entry -> new CurrentEndpoint(entry.document(), entry.stored().revision()))
          .sorted(Comparator.comparing(current -> current.definition().inferenceId()))
          .toList()));
    }
    ReadView.Entry<EndpointDefinition> live = endpoints.view().live(request.inferenceId()).orElse(null);
    EndpointDefinition matched = EndpointMatch.require(request.inferenceId(), request.taskType(),
        live == null ? null : live.document());
    return Future.succeededFuture(new EndpointList(List.of(new CurrentEndpoint(matched, live.stored().revision()))));
  }

  @Override
  public Future<EndpointDefinition> put(EndpointRequest.Put request) {
    EndpointDefinition endpoint = request.endpoint();
    return endpoints.create(endpoint.inferenceId(), endpoint, request.principal(), request.timeoutMs()).map(write -> {
      if (!write.applied()) {
        throw new EsError(400, "resource_already_exists_exception",
            "Inference endpoint [" + endpoint.inferenceId() + "] already exists").toException();
      }
      return endpoint;
    });
  }

  @Override
  public Future<EndpointDefinition> update(EndpointRequest.Update request) {
    return update(request, 1).map(write -> endpoints.kind().fromBody(write.written().body()));
  }

  /**
   * Reads the endpoint, merges the changes in, and writes it back unless it changed meanwhile; then
   * again. The secrets are merged in plaintext (the current ones decrypted) and all sealed again:
   * a value an older version stored in plaintext is encrypted by its endpoint's next update.
   */
  private Future<Write> update(EndpointRequest.Update request, int attempt) {
    String id = request.inferenceId();
    return endpoints.read(id).compose(found -> {
      StoredDocument current = found.filter(stored -> !stored.isTombstone()).orElse(null);
      EndpointDefinition live = current == null ? null : endpoints.kind().fromBody(current.body());
      EndpointMatch.require(id, request.taskType(), live);
      if (!live.service().equals(request.changes().service())) {
        throw EsError.statusException(409, "Inference endpoint [" + id
            + "] was replaced by one of another service while it was being updated; retry the update").toException();
      }
      JsonObject body = StoredReferences.with(endpoints.kind().toBody(merge(live, request.changes())),
          StoredReferences.of(current.body()));
      return endpoints.replace(current, body, request.principal(), request.timeoutMs());
    }).compose(write -> {
      if (write.applied()) {
        return Future.succeededFuture(write);
      }
      if (attempt >= MAX_UPDATE_ATTEMPTS) {
        return Future.failedFuture(EsError.statusException(409, "Inference endpoint [" + id
            + "] kept changing while it was being updated; retry the update").toException());
      }
      // Changed meanwhile (its references, or another update): back off a little, read it again.
      return vertx.timer(attempt).compose(waited -> update(request, attempt + 1));
    });
  }

  @Override
  public Future<DeleteResult> delete(EndpointRequest.Delete request) {
    String id = request.inferenceId();
    if (request.dryRun()) {
      // Reports what a delete would meet: only a missing endpoint or another task type refuse it.
      DeleteRules rules = new DeleteRules(request.taskType(), request.force(), false, false);
      return endpoints.read(id).map(found -> {
        StoredDocument live = found.filter(stored -> !stored.isTombstone()).orElse(null);
        refuseIfRuled(rules, id, live);
        List<String> holders = StoredReferences.holders(live.body());
        return new DeleteResult(false, holders, holders.isEmpty() ? "" : DeleteRules.referencedMessage(id, holders));
      });
    }
    DeleteRules rules = new DeleteRules(request.taskType(), request.force(), EndpointIds.isReserved(id), true);
    return endpoints.delete(id, rules, request.principal(), request.timeoutMs()).map(write -> {
      StoredDocument found = write.found() == null || write.found().isTombstone() ? null : write.found();
      if (!write.applied()) {
        refuseIfRuled(rules, id, found);
        throw new IllegalStateException("delete of [" + id + "] refused with nothing to refuse it");
      }
      // The deleted entry's references ended with it (only a forced delete has any).
      return new DeleteResult(write.acknowledged(), found == null ? List.of() : StoredReferences.holders(found.body()),
          null);
    });
  }

  private static void refuseIfRuled(DeleteRules rules, String id, StoredDocument live) {
    EsError refusal = rules.refusal(id, live);
    if (refusal != null) {
      throw refusal.toException();
    }
  }

  /** The current endpoint with the changed settings merged in; service and task type stay. */
  private static EndpointDefinition merge(EndpointDefinition current, EndpointDefinition changes) {
    return new EndpointDefinition(current.inferenceId(), current.taskType(), current.service(),
        current.serviceSettings().copy().mergeIn(changes.serviceSettings()),
        current.secretSettings().copy().mergeIn(changes.secretSettings()),
        current.taskSettings().copy().mergeIn(changes.taskSettings()),
        changes.chunkingSettings() != null ? changes.chunkingSettings() : current.chunkingSettings());
  }
}
