package io.infergate.security;

import java.util.Set;

/** A named set of cluster privileges. */
record Role(String name, Set<ClusterPrivilege> cluster) {

  Role {
    cluster = Set.copyOf(cluster);
  }

  boolean grants(ClusterAction action) {
    return cluster.stream().anyMatch(privilege -> privilege.grants(action));
  }
}
