package io.infergate.security;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The Elasticsearch cluster privileges Infergate knows, and the actions each grants. */
public enum ClusterPrivilege {
  // Declaration order is the order Elasticsearch lists granting privileges in a 403 message: the
  // less a privilege grants, the earlier it comes.
  MONITOR_INFERENCE("monitor_inference", EnumSet.of(ClusterAction.GET, ClusterAction.INFER,
      ClusterAction.PROMETHEUS_METRICS, ClusterAction.NODES_STATS)),
  MANAGE_OWN_API_KEY("manage_own_api_key", apiKeyActions()),
  READ_SECURITY("read_security", EnumSet.of(ClusterAction.API_KEY_GET, ClusterAction.USER_GET,
      ClusterAction.ROLE_GET, ClusterAction.BUILTIN_PRIVILEGES_GET)),
  // Everything monitor_inference grants, as in Elasticsearch, where manage_inference includes it.
  MANAGE_INFERENCE("manage_inference", EnumSet.of(ClusterAction.PUT, ClusterAction.UPDATE, ClusterAction.DELETE,
      ClusterAction.GET, ClusterAction.INFER, ClusterAction.REFERENCE, ClusterAction.PROMETHEUS_METRICS,
      ClusterAction.NODES_STATS)),
  MANAGE_API_KEY("manage_api_key", apiKeyActions()),
  MONITOR("monitor", EnumSet.of(ClusterAction.GET, ClusterAction.INFER, ClusterAction.PROMETHEUS_METRICS,
      ClusterAction.NODES_STATS)),
  MANAGE_SECURITY("manage_security", securityActions(true)),
  MANAGE("manage", securityActions(false)),
  ALL("all", EnumSet.allOf(ClusterAction.class));

  private final String privilegeName;
  private final Set<ClusterAction> actions;

  ClusterPrivilege(String privilegeName, Set<ClusterAction> actions) {
    this.privilegeName = privilegeName;
    this.actions = actions;
  }

  /** The name used in roles and in error messages, e.g. {@code manage_inference}. */
  public String privilegeName() {
    return privilegeName;
  }

  public boolean grants(ClusterAction action) {
    return actions.contains(action);
  }

  /** True when the privilege grants API key actions only on the caller's own keys. */
  public boolean isOwnKeysOnly() {
    return this == MANAGE_OWN_API_KEY;
  }

  /** The privilege with this exact (lower-case) name, as written in a role. */
  public static Optional<ClusterPrivilege> named(String name) {
    return Arrays.stream(values()).filter(p -> p.privilegeName.equals(name)).findFirst();
  }

  /** Every privilege name, sorted: {@code GET /_security/privilege/_builtin} and the unknown-privilege message. */
  public static Set<String> names() {
    return Arrays.stream(values()).map(ClusterPrivilege::privilegeName)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private static Set<ClusterAction> apiKeyActions() {
    return Arrays.stream(ClusterAction.values()).filter(ClusterAction::isApiKey)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(ClusterAction.class)));
  }

  private static Set<ClusterAction> securityActions(boolean security) {
    return Arrays.stream(ClusterAction.values()).filter(action -> action.isSecurity() == security)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(ClusterAction.class)));
  }
}
