package io.infergate.events;

import io.infergate.bus.Addresses;
import io.infergate.security.AuthenticatedUser;
import io.infergate.security.AuthenticationFailedException;
import io.infergate.security.InferenceAction;
import io.infergate.security.SecurityService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bridge's event handler. A {@code register} goes on only for {@link Addresses#EVENTS}, with
 * Basic credentials in its {@code authorization} header whose user may get inference endpoints,
 * and only once per address and connection (a second consumer would deliver every event twice
 * and outlive the connection). Everything else goes on to the bridge's own permission checks,
 * which refuse every {@code send} and {@code publish}. Frames of one connection are decided in
 * the order they arrived (see {@link BridgeSession}).
 */
final class BridgeGuard implements Handler<BridgeEvent> {

  private static final Logger LOG = Logger.getLogger(EventBridge.class.getName());
  private static final InferenceAction REQUIRED = InferenceAction.GET;

  private final SecurityService security;
  private final Map<NetSocket, BridgeSession> sessions = new ConcurrentHashMap<>();

  BridgeGuard(SecurityService security) {
    this.security = security;
  }

  @Override
  public void handle(BridgeEvent event) {
    switch (event.type()) {
      case REGISTER -> {
        BridgeSession session = session(event.socket());
        session.decideInOrder(event, () -> mayRegister(event, session));
      }
      case UNREGISTER -> {
        BridgeSession session = session(event.socket());
        session.decideInOrder(event, () -> {
          session.unsubscribed(address(event.getRawMessage()));
          return Future.succeededFuture(true);
        });
      }
      case SEND, PUBLISH, SOCKET_PING ->
          session(event.socket()).decideInOrder(event, () -> Future.succeededFuture(true));
      case REGISTERED -> {
        BridgeSession session = sessions.get(event.socket());
        if (session != null) {
          session.subscribed(address(event.getRawMessage()));
        }
        event.tryComplete(true);
      }
      default -> event.tryComplete(true);
    }
  }

  /** Connections with frames seen and not yet closed. */
  int openConnections() {
    return sessions.size();
  }

  private BridgeSession session(NetSocket socket) {
    BridgeSession existing = sessions.get(socket);
    if (existing != null) {
      return existing;
    }
    BridgeSession created = new BridgeSession(Vertx.currentContext(), socket);
    sessions.put(socket, created);
    // The bridge sets the socket's handler, end handler and exception handler, not its close handler.
    socket.closeHandler(closed -> {
      created.close();
      sessions.remove(socket, created);
    });
    return created;
  }

  private Future<Boolean> mayRegister(BridgeEvent event, BridgeSession session) {
    JsonObject frame = event.getRawMessage();
    String address = address(frame);
    String from = remote(event.socket());
    if (!Addresses.EVENTS.equals(address)) {
      return refuse(from, address, "only [" + Addresses.EVENTS + "] may be subscribed to");
    }
    if (session.isSubscribed(address)) {
      return refuse(from, address, "the connection is already subscribed");
    }
    BridgeCredentials credentials = BridgeCredentials.of(frame);
    if (credentials == null) {
      return refuse(from, address, "missing authentication credentials");
    }
    String username = credentials.username();
    return security.authenticate(username, credentials.password()).transform(authenticated -> {
      if (authenticated.failed()) {
        Throwable cause = authenticated.cause();
        if (cause instanceof AuthenticationFailedException) {
          return refuse(from, address, "unable to authenticate user [" + username + "]");
        }
        LOG.log(Level.WARNING, "event bridge could not authenticate user [" + username + "] from [" + from
            + "]: " + cause);
        return Future.succeededFuture(false);
      }
      AuthenticatedUser user = authenticated.result();
      if (!security.isAuthorized(user, REQUIRED)) {
        return refuse(from, address, "action [" + REQUIRED.actionName() + "] is unauthorized for user ["
            + username + "] with effective roles [" + String.join(",", user.roles()) + "]");
      }
      LOG.info(() -> "event bridge subscribed user [" + username + "] from [" + from + "] to [" + address + "]");
      return Future.succeededFuture(true);
    });
  }

  private static Future<Boolean> refuse(String from, String address, String reason) {
    LOG.info(() -> "event bridge refused a subscription to [" + address + "] from [" + from + "]: " + reason);
    return Future.succeededFuture(false);
  }

  private static String address(JsonObject frame) {
    return frame != null && frame.getValue("address") instanceof String address ? address : null;
  }

  private static String remote(NetSocket socket) {
    return String.valueOf(socket.remoteAddress());
  }
}
