package io.infergate.security;

import java.util.Arrays;
import java.util.List;

/** The cluster actions a request can perform, named as Elasticsearch names them. */
public enum ClusterAction {
  PUT("cluster:admin/xpack/inference/put"),
  UPDATE("cluster:admin/xpack/inference/update"),
  DELETE("cluster:admin/xpack/inference/delete"),
  GET("cluster:monitor/xpack/inference/get"),
  INFER("cluster:monitor/xpack/inference"),
  /** Declaring or ending a reference to an endpoint (Infergate's own; granted like the other writes). */
  REFERENCE("cluster:admin/infergate/inference/reference"),
  /** {@code GET /_prometheus/metrics}: granted by {@code monitor_inference}, {@code monitor}, {@code manage} and {@code all}. */
  PROMETHEUS_METRICS("cluster:monitor/prometheus/metrics"),
  /** {@code GET /_nodes/stats} and {@code /_nodes/{id}/stats}: granted as the metrics are. */
  NODES_STATS("cluster:monitor/nodes/stats"),
  /** {@code POST /_nodes/reload_secure_settings}: granted by {@code manage} and {@code all} only. */
  RELOAD_SECURE_SETTINGS("cluster:admin/nodes/reload_secure_settings"),
  API_KEY_CREATE("cluster:admin/xpack/security/api_key/create"),
  API_KEY_GET("cluster:admin/xpack/security/api_key/get"),
  API_KEY_INVALIDATE("cluster:admin/xpack/security/api_key/invalidate"),
  USER_PUT("cluster:admin/xpack/security/user/put"),
  USER_GET("cluster:admin/xpack/security/user/get"),
  USER_DELETE("cluster:admin/xpack/security/user/delete"),
  /** Another user's password: a user may always change its own. */
  USER_CHANGE_PASSWORD("cluster:admin/xpack/security/user/change_password"),
  USER_SET_ENABLED("cluster:admin/xpack/security/user/set_enabled"),
  ROLE_PUT("cluster:admin/xpack/security/role/put"),
  ROLE_GET("cluster:admin/xpack/security/role/get"),
  ROLE_DELETE("cluster:admin/xpack/security/role/delete"),
  BUILTIN_PRIVILEGES_GET("cluster:admin/xpack/security/privilege/builtin/get");

  private final String actionName;

  ClusterAction(String actionName) {
    this.actionName = actionName;
  }

  public String actionName() {
    return actionName;
  }

  /** True for the actions of the security APIs, which {@code manage} does not grant (as in Elasticsearch). */
  public boolean isSecurity() {
    return actionName.startsWith("cluster:admin/xpack/security/");
  }

  /** True for the API key actions, which {@code manage_own_api_key} grants on the caller's own keys. */
  public boolean isApiKey() {
    return actionName.startsWith("cluster:admin/xpack/security/api_key/");
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
