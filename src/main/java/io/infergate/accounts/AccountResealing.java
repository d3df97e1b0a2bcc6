package io.infergate.accounts;

import io.infergate.bus.Principal;
import io.infergate.bus.RegistryRequest;
import io.infergate.registry.DocumentRegistry;
import io.infergate.registry.StoredDocument;
import io.vertx.core.Future;
import java.util.List;
import java.util.logging.Logger;

/**
 * Writes again, one after the other, the users and API keys whose hash is sealed in plaintext or
 * under a decrypt-only key, and every document whose entry MAC is under a key kept for a rotation only:
 * once the older cluster secret is gone, nothing it sealed or signed could be read. Each rewrite is an
 * update by {@code _system} that changes nothing else. Run by the oldest gateway only.
 */
final class AccountResealing {

  private static final Logger LOG = Logger.getLogger(AccountResealing.class.getName());
  private static final Principal SYSTEM = new Principal("_system", List.of(), "cluster");

  private final List<Rewriter<?>> rewriters;
  private boolean running;

  AccountResealing(List<Rewriter<?>> rewriters) {
    this.rewriters = List.copyOf(rewriters);
  }

  /** One kind's stale documents, and how to write one again. */
  record Rewriter<D>(DocumentRegistry<D> registry, SecurityDocumentKind<D> kind, DocumentUpdate<D> update) {

    List<String> stale() {
      return registry.view().liveEntries()
          .filter(stored -> kind.needsResealing(stored.body()) || registry.isSignedWithOlderKey(stored))
          .map(StoredDocument::id)
          .toList();
    }

    /** Writes the document as it is: sealed and signed under the current keys. */
    Future<Void> rewrite(String id) {
      return update.apply(id, current -> current.map(document -> kind.fromBody(kind.toBody(document)))
          .orElseThrow(), SYSTEM, RegistryRequest.DEFAULT_TIMEOUT_MS).mapEmpty();
    }
  }

  /** Rewrites what needs it; not started again while a run goes on (call on the registry's loop). */
  void run() {
    if (running) {
      return;
    }
    running = true;
    int[] rewritten = new int[2];
    Future<Void> pass = Future.succeededFuture();
    for (Rewriter<?> rewriter : rewriters) {
      for (String id : rewriter.stale()) {
        pass = pass.compose(previous -> rewriter.rewrite(id).map(done -> {
          rewritten[0]++;
          return (Void) null;
        }).otherwise(failure -> {
          rewritten[1]++;
          LOG.warning(() -> "writing " + rewriter.kind().subject() + " [" + id + "] again under the current keys failed: "
              + failure.getMessage());
          return null;
        }));
      }
    }
    pass.onComplete(done -> {
      running = false;
      if (rewritten[0] + rewritten[1] > 0) {
        LOG.info(() -> "wrote " + rewritten[0] + " users, roles and API keys again under the current keys"
            + (rewritten[1] == 0 ? "" : "; " + rewritten[1] + " failed and are retried at the next membership change"));
      }
    });
  }
}
