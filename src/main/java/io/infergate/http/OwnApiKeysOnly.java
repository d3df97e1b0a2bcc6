package io.infergate.http;

import io.infergate.security.AuthenticatedUser;
import io.infergate.security.ClusterAction;
import io.infergate.security.ClusterPrivilege;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The 403 of a caller allowed an API key action only on its own keys ({@code manage_own_api_key})
 * whose request reaches further: {@link Authorization} cannot give it, since that privilege does grant
 * the action. Worded as Elasticsearch's denial, naming the privileges that would grant it on every key.
 */
final class OwnApiKeysOnly {

  private OwnApiKeysOnly() {
  }

  static HttpFailure denial(AuthenticatedUser user, ClusterAction action) {
    Set<String> ownOnly = Arrays.stream(ClusterPrivilege.values()).filter(ClusterPrivilege::isOwnKeysOnly)
        .map(ClusterPrivilege::privilegeName).collect(Collectors.toSet());
    return Authorization.denial(user, action,
        action.grantingPrivileges().stream().filter(name -> !ownOnly.contains(name)).toList());
  }
}
