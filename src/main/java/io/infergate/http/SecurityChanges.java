package io.infergate.http;

import io.infergate.security.ClusterAction;
import io.vertx.core.http.HttpMethod;

/**
 * Which change of the security API a request path asks for, for the audit trail: the action, and
 * the user or role it names. Reads ({@code GET}, {@code _has_privileges}, {@code _authenticate})
 * are no changes.
 */
final class SecurityChanges {

  private static final String USER = "/_security/user/";
  private static final String ROLE = "/_security/role/";

  private SecurityChanges() {
  }

  /** The action of a change request ({@code POST}, {@code PUT} or {@code DELETE}), or null for anything else. */
  static ClusterAction action(HttpMethod method, String path) {
    boolean delete = method == HttpMethod.DELETE;
    boolean write = method == HttpMethod.PUT || method == HttpMethod.POST;
    if (path.equals("/_security/api_key")) {
      return delete ? ClusterAction.API_KEY_INVALIDATE : write ? ClusterAction.API_KEY_CREATE : null;
    }
    if (path.startsWith(USER)) {
      String rest = path.substring(USER.length());
      if (rest.endsWith("_has_privileges")) {
        return null;
      }
      if (rest.equals("_password") || rest.endsWith("/_password")) {
        return write ? ClusterAction.USER_CHANGE_PASSWORD : null;
      }
      if (rest.endsWith("/_enable") || rest.endsWith("/_disable")) {
        return write ? ClusterAction.USER_SET_ENABLED : null;
      }
      return delete ? ClusterAction.USER_DELETE : write ? ClusterAction.USER_PUT : null;
    }
    if (path.startsWith(ROLE)) {
      return delete ? ClusterAction.ROLE_DELETE : write ? ClusterAction.ROLE_PUT : null;
    }
    return null;
  }

  /** The user or role name in the path, or null when it names none. */
  static String subject(String path) {
    String rest = path.startsWith(USER) ? path.substring(USER.length())
        : path.startsWith(ROLE) ? path.substring(ROLE.length()) : null;
    if (rest == null || rest.isEmpty() || rest.equals("_password")) {
      return null;
    }
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }
}
