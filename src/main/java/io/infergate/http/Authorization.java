package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.security.AuthenticatedUser;
import io.infergate.security.ClusterAction;
import io.infergate.security.SecurityService;

/** Checks that the authenticated user holds a privilege granting the action, or fails with Elasticsearch's 403. */
final class Authorization {

  private final SecurityService security;

  Authorization(SecurityService security) {
    this.security = security;
  }

  boolean allows(AuthenticatedUser user, ClusterAction action) {
    return security.isAuthorized(user, action);
  }

  void require(AuthenticatedUser user, ClusterAction action) {
    if (security.isAuthorized(user, action)) {
      return;
    }
    throw HttpFailure.of(new EsError(403, "security_exception",
        "action [" + action.actionName() + "] is unauthorized for user [" + user.username()
            + "] with effective roles [" + String.join(",", user.roles())
            + "], this action is granted by the cluster privileges ["
            + String.join(",", action.grantingPrivileges()) + "]"));
  }
}
