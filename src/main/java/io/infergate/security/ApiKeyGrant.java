package io.infergate.security;

import java.util.List;
import java.util.Set;

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
    return (assigned.isEmpty() || anyGrants(assigned, action)) && anyGrants(limitedBy, action);
  }

  private static boolean anyGrants(List<Set<ClusterPrivilege>> roles, ClusterAction action) {
    return roles.stream().anyMatch(role -> role.stream().anyMatch(privilege -> privilege.grants(action)));
  }
}
