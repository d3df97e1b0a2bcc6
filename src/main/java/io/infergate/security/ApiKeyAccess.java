package io.infergate.security;

import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Set;

/**
 * Whether a caller allowed an API key action may apply it to every user's keys, or only to its own:
 * {@code manage_own_api_key} grants the same actions as {@code manage_api_key}, so
 * {@link SecurityService#isAuthorized} cannot tell them apart. This asks whether some privilege other
 * than an own-keys-only one grants the action: through the user's roles, or for an API key through
 * both its own descriptors (when it has any) and its owner's at creation.
 */
public final class ApiKeyAccess {

  private ApiKeyAccess() {
  }

  public static boolean reachesEveryKey(SecurityService security, AuthenticatedUser user, ClusterAction action) {
    if (user.isApiKey()) {
      ApiKeyGrant key = user.apiKey();
      return (key.assigned().isEmpty() || anyGrants(key.assigned(), action)) && anyGrants(key.limitedBy(), action);
    }
    JsonObject descriptors = security.roleDescriptorsOf(user);
    return descriptors.fieldNames().stream()
        .flatMap(role -> descriptors.getJsonObject(role).getJsonArray("cluster").stream())
        .map(String::valueOf)
        .flatMap(name -> ClusterPrivilege.named(name).stream())
        .anyMatch(privilege -> !privilege.isOwnKeysOnly() && privilege.grants(action));
  }

  private static boolean anyGrants(Collection<Set<ClusterPrivilege>> roles, ClusterAction action) {
    return roles.stream().flatMap(Set::stream).anyMatch(privilege -> !privilege.isOwnKeysOnly() && privilege.grants(action));
  }
}
