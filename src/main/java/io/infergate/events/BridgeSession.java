package io.infergate.events;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One bridge connection. Its frames are decided one after another, in the order they arrived,
 * even when a decision is asynchronous (authenticating a {@code register}): a {@code ping} sent
 * after a {@code register} is answered only once the registration has taken effect or has been
 * refused. Confined to the connection's context: every method runs on it.
 */
final class BridgeSession {

  private final Context context;
  private final Set<String> subscriptions = new HashSet<>();
  private Future<Void> tail = Future.succeededFuture();
  private boolean closed;

  BridgeSession(Context context) {
    this.context = context;
  }

  /**
   * Decides the event once every earlier event of this connection has been decided, then completes
   * it on the connection's context: with true (the bridge goes on) only when the decision succeeded
   * with true and the connection is still open. The decision runs on the connection's context.
   */
  void decideInOrder(BridgeEvent event, Supplier<Future<Boolean>> decision) {
    Promise<Void> decided = Promise.promise();
    Future<Void> previous = tail;
    tail = decided.future();
    Future.succeededFuture().onComplete(ignored -> {
      Future<Boolean> outcome;
      if (closed) {
        outcome = Future.succeededFuture(false);
      } else {
        try {
          outcome = decision.get();
        } catch (RuntimeException e) {
          outcome = Future.failedFuture(e);
        }
      }
      outcome.onComplete(result -> onContext(() -> {
        try {
          event.tryComplete(!closed && result.succeeded() && Boolean.TRUE.equals(result.result()));
        } finally {
          decided.complete();
        }
      }));
    });
  }

  boolean isSubscribed(String address) {
    return subscriptions.contains(address);
  }

  void subscribed(String address) {
    subscriptions.add(address);
  }

  void unsubscribed(String address) {
    subscriptions.remove(address);
  }

  /** The connection is gone: pending and later decisions refuse, so no consumer outlives it. */
  void close() {
    closed = true;
    subscriptions.clear();
  }

  private void onContext(Runnable action) {
    if (context == null || Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(ignored -> action.run());
    }
  }
}
