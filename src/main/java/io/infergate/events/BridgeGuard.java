package io.infergate.events;

import io.infergate.bus.Addresses;
import io.infergate.security.AuthenticatedUser;
import io.infergate.security.AuthenticationFailedException;
import io.infergate.security.AuthenticationThrottledException;
import io.infergate.security.ClusterAction;
import io.infergate.security.SecurityService;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.json.JsonObject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Who may subscribe: a {@code register} goes on only for {@link Addresses#EVENTS}, with Basic
 * credentials in its {@code authorization} header whose user may get inference endpoints, and only
 * once per connection (a second consumer would deliver every event twice).
 */
final class BridgeGuard {

  private static final Logger LOG = Logger.getLogger(EventBridge.class.getName());
  private static final ClusterAction REQUIRED = ClusterAction.GET;

  private final SecurityService security;

  BridgeGuard(SecurityService security) {
    this.security = security;
  }

  /** True when the registration may go on; never fails (a failure to authenticate refuses). */
  Future<Boolean> mayRegister(JsonObject frame, String address, boolean subscribed, SocketAddress client) {
    String from = String.valueOf(client);
    if (!Addresses.EVENTS.equals(address)) {
      return refuse(from, address, "only [" + Addresses.EVENTS + "] may be subscribed to");
    }
    if (subscribed) {
      return refuse(from, address, "the connection is already subscribed");
    }
    BridgeCredentials credentials = BridgeCredentials.of(frame);
    if (credentials == null) {
      return refuse(from, address, "missing authentication credentials");
    }
    String username = credentials.username();
    return security.authenticate(username, credentials.password(), client).transform(authenticated -> {
      if (authenticated.failed()) {
        Throwable cause = authenticated.cause();
        if (cause instanceof AuthenticationFailedException) {
          return refuse(from, address, "unable to authenticate user [" + username + "]");
        }
        if (cause instanceof AuthenticationThrottledException) {
          return refuse(from, address, cause.getMessage());
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
}
