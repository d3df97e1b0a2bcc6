package io.infergate.security;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** The built-in roles plus the custom ones from roles.yml, which a reload can replace. */
final class RoleStore {

  static final Map<String, Role> BUILT_IN = Map.of(
      "inference_admin", new Role("inference_admin", Set.of(ClusterPrivilege.MANAGE_INFERENCE)),
      "inference_user", new Role("inference_user", Set.of(ClusterPrivilege.MONITOR_INFERENCE)),
      "superuser", new Role("superuser", Set.of(ClusterPrivilege.ALL)));

  private volatile Map<String, Role> custom = Map.of();

  static boolean isBuiltIn(String roleName) {
    return BUILT_IN.containsKey(roleName);
  }

  /** Replaces the custom roles; built-in names in {@code roles} are expected to be filtered out. */
  void replaceCustom(Map<String, Role> roles) {
    custom = Map.copyOf(roles);
  }

  /** True when one of the named roles grants the action; names of unknown roles grant nothing. */
  boolean grants(Collection<String> roleNames, InferenceAction action) {
    Map<String, Role> customRoles = custom;
    for (String name : roleNames) {
      Role role = BUILT_IN.containsKey(name) ? BUILT_IN.get(name) : customRoles.get(name);
      if (role != null && role.grants(action)) {
        return true;
      }
    }
    return false;
  }
}
