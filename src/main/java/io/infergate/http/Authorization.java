package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.security.AuthenticatedUser;
import io.infergate.security.ClusterAction;
import io.infergate.security.SecurityService;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Checks that the authenticated user (or its API key) holds a privilege granting the action, or fails with Elasticsearch's 403. */
final class Authorization {

  private final SecurityService security;

  Authorization(SecurityService security) {
    this.security = security;
  }

  boolean allows(AuthenticatedUser user, ClusterAction action) {
    return security.isAuthorized(user, action);
  }

  /** The request's authenticated user, once it is known to hold the action. */
  AuthenticatedUser require(RoutingContext ctx, ClusterAction action) {
    AuthenticatedUser user = AuthenticationHandler.user(ctx);
    require(user, action);
    return user;
  }

  void require(AuthenticatedUser user, ClusterAction action) {
    if (security.isAuthorized(user, action)) {
      return;
    }
    throw denial(user, action, action.grantingPrivileges());
  }

  /** Elasticsearch's 403 for {@code action}, naming the privileges that would grant it. */
  static HttpFailure denial(AuthenticatedUser user, ClusterAction action, List<String> granting) {
    return HttpFailure.of(new EsError(403, "security_exception",
        "action [" + action.actionName() + "] is unauthorized for " + who(user)
            + ", this action is granted by the cluster privileges [" + String.join(",", granting) + "]"));
  }

  /** As Elasticsearch names the subject of a refusal: an API key and its owner, or a user and its roles. */
  private static String who(AuthenticatedUser user) {
    if (user.isApiKey()) {
      return "API key id [" + user.apiKey().id() + "] of user [" + user.username() + "]";
    }
    return "user [" + user.username() + "] with effective roles [" + String.join(",", user.roles()) + "]";
  }
}
