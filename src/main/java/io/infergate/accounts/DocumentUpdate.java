package io.infergate.accounts;

import io.infergate.bus.EsError;
import io.infergate.bus.Principal;
import io.infergate.registry.DocumentRegistry;
import io.infergate.registry.StoredDocument;
import io.infergate.registry.Write;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.function.Function;

/**
 * A read-modify-write of one document: reads the entry from the cluster map, computes the new
 * document from the live one (or from none), and creates or replaces it unless the entry changed
 * meanwhile; then again, a few times. {@code change} may throw an {@code EsException} to refuse,
 * or return the live document itself to leave it as it is (nothing is written: no revision, no event).
 */
final class DocumentUpdate<D> {

  private static final int MAX_ATTEMPTS = 10;

  private final Vertx vertx;
  private final DocumentRegistry<D> registry;

  DocumentUpdate(Vertx vertx, DocumentRegistry<D> registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  /** The write, with {@code found} the live document it replaced (null for a create); empty when left as it was. */
  Future<Optional<Write>> apply(String id, Function<Optional<D>, D> change, Principal principal, long timeoutMs) {
    return attempt(id, change, principal, timeoutMs, 1);
  }

  private Future<Optional<Write>> attempt(String id, Function<Optional<D>, D> change, Principal principal,
      long timeoutMs, int attempt) {
    return registry.read(id).compose(found -> {
      StoredDocument live = found.filter(stored -> !stored.isTombstone()).orElse(null);
      D current = live == null ? null : registry.kind().fromBody(live.body());
      D next = change.apply(Optional.ofNullable(current));
      if (current != null && next == current) {
        return Future.succeededFuture(Optional.<Write>empty());
      }
      return (live == null ? registry.create(id, next, principal, timeoutMs)
          : registry.replace(live, registry.kind().toBody(next), principal, timeoutMs)).map(Optional::of);
    }).compose(write -> {
      if (write.isEmpty() || write.get().applied()) {
        return Future.succeededFuture(write);
      }
      if (attempt >= MAX_ATTEMPTS) {
        return Future.failedFuture(EsError.statusException(409, registry.kind().subject() + " [" + id
            + "] kept changing while it was being updated; retry").toException());
      }
      return vertx.timer(attempt).compose(waited -> attempt(id, change, principal, timeoutMs, attempt + 1));
    });
  }
}
