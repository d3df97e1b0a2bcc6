package io.infergate.security;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What an API key may do: the privileges of its own role descriptors (none given: no narrowing)
 * intersected with its owner's at the key's creation ({@code limitedBy}), as Elasticsearch does.
 * {@code ownerRealm} is the realm of the user who created it.
 */
public record ApiKeyGrant(String id, String name, String ownerRealm, List<Set<ClusterPrivilege>> assigned,
    List<Set<ClusterPrivilege>> limitedBy) {

  public ApiKeyGrant {
    assigned = assigned.stream().map(Set::copyOf).toList();
    limitedBy = limitedBy.stream().map(Set::copyOf).toList();
  }

  public boolean grants(ClusterAction action) {
    return grants(action, privilege -> true);
  }

  /** Whether the key holds the action through privileges that {@code counted} accepts. */
  boolean grants(ClusterAction action, Predicate<ClusterPrivilege> counted) {
    return (assigned.isEmpty() || anyGrants(assigned, action, counted)) && anyGrants(limitedBy, action, counted);
  }

  private static boolean anyGrants(List<Set<ClusterPrivilege>> roles, ClusterAction action,
      Predicate<ClusterPrivilege> counted) {
    return roles.stream().anyMatch(role -> role.stream()
        .anyMatch(privilege -> counted.test(privilege) && privilege.grants(action)));
  }
}
