package io.infergate.events;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One bridge connection. Its frames are decided one after another, in the order they arrived,
 * even when a decision is asynchronous (authenticating a {@code register}): a {@code ping} sent
 * after a {@code register} is answered only once the registration has taken effect or has been
 * refused. A connection that piles up more than {@link #MAX_WAITING} undecided frames is closed.
 * Confined to the connection's context: every method runs on it.
 */
final class BridgeSession {

  /** Frames a connection may have waiting for a decision; a client waiting for its replies has a few. */
  static final int MAX_WAITING = 128;

  private static final Logger LOG = Logger.getLogger(EventBridge.class.getName());

  private final Context context;
  private final NetSocket socket;
  private final Set<String> subscriptions = new HashSet<>();
  private Future<Void> tail = Future.succeededFuture();
  private int waiting;
  private boolean closed;

  BridgeSession(Context context, NetSocket socket) {
    this.context = context;
    this.socket = socket;
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
    waiting++;
    previous.onComplete(ignored -> {
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
        waiting--;
        try {
          event.tryComplete(!closed && result.succeeded() && Boolean.TRUE.equals(result.result()));
        } finally {
          decided.complete();
        }
      }));
    });
    if (waiting > MAX_WAITING && !closed) {
      LOG.info(() -> "event bridge closed the connection from [" + socket.remoteAddress() + "]: more than "
          + MAX_WAITING + " frames waiting for a decision");
      close();
      socket.close();
    }
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
