package io.infergate.security;

import io.infergate.bus.NativeRole;
import io.infergate.bus.SecurityLookup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Roles by name, looked up as Elasticsearch does: the built-in (reserved) roles, then the custom
 * ones of {@code roles.yml} (which a reload replaces), then the native ones of the registry (read from
 * this node's view on every request, so a changed role applies on every node once acknowledged).
 */
final class RoleStore {

  static final Map<String, Role> BUILT_IN = Map.of(
      "inference_admin", new Role("inference_admin", Set.of(ClusterPrivilege.MANAGE_INFERENCE)),
      "inference_user", new Role("inference_user", Set.of(ClusterPrivilege.MONITOR_INFERENCE)),
      "superuser", new Role("superuser", Set.of(ClusterPrivilege.ALL)));

  private volatile Map<String, Role> custom = Map.of();
  private volatile SecurityLookup nativeRoles;

  static boolean isBuiltIn(String roleName) {
    return BUILT_IN.containsKey(roleName);
  }

  /** Replaces the custom roles; built-in names in {@code roles} are expected to be filtered out. */
  void replaceCustom(Map<String, Role> roles) {
    custom = Map.copyOf(roles);
  }

  void useNativeRoles(SecurityLookup lookup) {
    this.nativeRoles = lookup;
  }

  /** True when one of the named roles grants the action; names of unknown roles grant nothing. */
  boolean grants(Collection<String> roleNames, ClusterAction action) {
    return grants(roleNames, action, privilege -> true);
  }

  /** Whether one of the named roles holds the action through a privilege that {@code counted} accepts. */
  boolean grants(Collection<String> roleNames, ClusterAction action, Predicate<ClusterPrivilege> counted) {
    for (String name : roleNames) {
      Optional<Set<ClusterPrivilege>> privileges = privileges(name);
      if (privileges.isPresent()
          && privileges.get().stream().anyMatch(privilege -> counted.test(privilege) && privilege.grants(action))) {
        return true;
      }
    }
    return false;
  }

  /** The cluster privileges of the role with this name, if there is one. */
  Optional<Set<ClusterPrivilege>> privileges(String name) {
    Role role = BUILT_IN.containsKey(name) ? BUILT_IN.get(name) : custom.get(name);
    if (role != null) {
      return Optional.of(role.cluster());
    }
    return nativeRole(name).map(RoleStore::privilegesOf);
  }

  /** The descriptor of the role with this name as an API key's {@code limited_by} keeps it. */
  Optional<JsonObject> descriptor(String name) {
    Role role = BUILT_IN.containsKey(name) ? BUILT_IN.get(name) : custom.get(name);
    if (role != null) {
      JsonObject descriptor = descriptorOf(role);
      if (BUILT_IN.containsKey(name)) {
        descriptor.put("metadata", new JsonObject().put("_reserved", true));
      }
      return Optional.of(descriptor);
    }
    return nativeRole(name).map(NativeRole::descriptor);
  }

  /** The built-in roles' descriptors, by name: {@code GET /_security/role} shows them with the native ones. */
  static Map<String, JsonObject> builtInDescriptors() {
    return BUILT_IN.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
        entry -> descriptorOf(entry.getValue()).put("metadata", new JsonObject().put("_reserved", true))));
  }

  private Optional<NativeRole> nativeRole(String name) {
    SecurityLookup lookup = nativeRoles;
    return lookup == null ? Optional.empty() : lookup.role(name);
  }

  private static JsonObject descriptorOf(Role role) {
    JsonArray cluster = new JsonArray();
    role.cluster().stream().map(ClusterPrivilege::privilegeName).sorted().forEach(cluster::add);
    return new JsonObject().put("cluster", cluster).put("indices", new JsonArray())
        .put("applications", new JsonArray()).put("run_as", new JsonArray()).put("metadata", new JsonObject())
        .put("transient_metadata", new JsonObject().put("enabled", true));
  }

  private static Set<ClusterPrivilege> privilegesOf(NativeRole role) {
    Set<ClusterPrivilege> privileges = EnumSet.noneOf(ClusterPrivilege.class);
    role.cluster().forEach(name -> ClusterPrivilege.named(name).ifPresent(privileges::add));
    return privileges;
  }
}
