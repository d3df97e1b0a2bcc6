package io.infergate.http;

import io.infergate.bus.EsException;
import io.infergate.bus.Principal;
import io.infergate.bus.ReferenceRequest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The references one event stream holds, taken under an owner id of the stream's own so that
 * ending them never ends the holder's other references (its declaration over HTTP, its other
 * streams). They end with the stream whenever it ends: before they are taken (none is taken), while
 * one is being taken (it is released once taken), or after. Confined to the stream's context.
 */
final class StreamReferences {

  private static final Logger LOG = Logger.getLogger(StreamReferences.class.getName());

  private final RegistryClient registry;
  private final List<String> ids;
  private final String holder;
  private final String holderNode;
  private final Principal principal;
  private final String owner = UUID.randomUUID().toString();
  /** Every id asked for: held, or refused, or in doubt after a timeout; each is released. */
  private final List<String> asked = new ArrayList<>();
  private Future<Void> taking = Future.succeededFuture();
  private boolean ended;

  StreamReferences(RegistryClient registry, List<String> ids, String holder, String holderNode, Principal principal) {
    this.registry = registry;
    this.ids = List.copyOf(ids);
    this.holder = holder;
    this.holderNode = holderNode;
    this.principal = principal;
  }

  /** Takes them one after another; fails with the first refusal (an unknown endpoint). */
  Future<Void> take() {
    Future<Void> chain = Future.succeededFuture();
    for (String id : ids) {
      chain = chain.compose(previous -> ended ? Future.<Void>succeededFuture() : add(id));
    }
    taking = chain;
    return chain;
  }

  /** Ends what was taken, once the take in flight (if any) has answered. */
  void release() {
    if (ended) {
      return;
    }
    ended = true;
    taking.onComplete(answered -> asked.forEach(this::remove));
  }

  private Future<Void> add(String id) {
    asked.add(id);
    return registry.send(new ReferenceRequest.Add(id, holder, holderNode, owner, principal)).mapEmpty();
  }

  private void remove(String id) {
    registry.send(new ReferenceRequest.Remove(id, holder, owner, principal)).onFailure(failure -> {
      // 404: never taken (an unknown endpoint), or deleted with force meanwhile.
      if (!(failure instanceof EsException es && es.error().status() == 404)) {
        LOG.log(Level.WARNING, "releasing the reference of [" + holder + "] to [" + id
            + "] held by an event stream failed; it ends when this node leaves", failure);
      }
    });
  }
}
