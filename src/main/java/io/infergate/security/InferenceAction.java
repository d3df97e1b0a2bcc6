package io.infergate.security;

import java.util.Arrays;
import java.util.List;

/** The inference actions a request can perform, named as Elasticsearch names them. */
public enum InferenceAction {
  PUT("cluster:admin/xpack/inference/put"),
  UPDATE("cluster:admin/xpack/inference/update"),
  DELETE("cluster:admin/xpack/inference/delete"),
  GET("cluster:monitor/xpack/inference/get"),
  INFER("cluster:monitor/xpack/inference"),
  /** Declaring or ending a reference to an endpoint (Infergate's own; granted like the other writes). */
  REFERENCE("cluster:admin/infergate/inference/reference"),
  /** {@code POST /_nodes/reload_secure_settings}: granted by {@code manage} and {@code all} only. */
  RELOAD_SECURE_SETTINGS("cluster:admin/nodes/reload_secure_settings");

  private final String actionName;

  InferenceAction(String actionName) {
    this.actionName = actionName;
  }

  public String actionName() {
    return actionName;
  }

  /**
   * The cluster privileges that grant this action, in the order Elasticsearch lists them in its
   * "this action is granted by the cluster privileges [...]" message.
   */
  public List<String> grantingPrivileges() {
    return Arrays.stream(ClusterPrivilege.values())
        .filter(privilege -> privilege.grants(this))
        .map(ClusterPrivilege::privilegeName)
        .toList();
  }
}
