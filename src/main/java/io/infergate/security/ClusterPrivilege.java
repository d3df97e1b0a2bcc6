package io.infergate.security;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The Elasticsearch cluster privileges that matter for inference, and the actions each grants. */
public enum ClusterPrivilege {
  // Declaration order is the order Elasticsearch lists granting privileges in a 403 message.
  MONITOR_INFERENCE("monitor_inference", EnumSet.of(InferenceAction.GET, InferenceAction.INFER)),
  MANAGE_INFERENCE("manage_inference", EnumSet.complementOf(EnumSet.of(InferenceAction.RELOAD_SECURE_SETTINGS))),
  MONITOR("monitor", EnumSet.of(InferenceAction.GET, InferenceAction.INFER)),
  MANAGE("manage", EnumSet.allOf(InferenceAction.class)),
  ALL("all", EnumSet.allOf(InferenceAction.class));

  private final String privilegeName;
  private final Set<InferenceAction> actions;

  ClusterPrivilege(String privilegeName, Set<InferenceAction> actions) {
    this.privilegeName = privilegeName;
    this.actions = actions;
  }

  /** The name used in roles.yml and in error messages, e.g. {@code manage_inference}. */
  public String privilegeName() {
    return privilegeName;
  }

  public boolean grants(InferenceAction action) {
    return actions.contains(action);
  }

  /** The privilege with this exact (lower-case) name, as written in roles.yml. */
  public static Optional<ClusterPrivilege> named(String name) {
    return Arrays.stream(values()).filter(p -> p.privilegeName.equals(name)).findFirst();
  }
}
