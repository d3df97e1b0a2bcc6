package io.infergate.security;

import static io.infergate.security.ClusterAction.DELETE;
import static io.infergate.security.ClusterAction.GET;
import static io.infergate.security.ClusterAction.INFER;
import static io.infergate.security.ClusterAction.PUT;
import static io.infergate.security.ClusterAction.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PrivilegesTest {

  /** Everything manage_inference grants: the inference API's actions. */
  /** What manage_inference grants: every inference action, and what monitor_inference grants. */
  private static final Set<ClusterAction> INFERENCE = EnumSet.of(PUT, UPDATE, DELETE, GET, INFER,
      ClusterAction.REFERENCE, ClusterAction.PROMETHEUS_METRICS, ClusterAction.NODES_STATS);
  private static final EnumSet<ClusterAction> SECURITY = EnumSet.copyOf(Arrays.stream(ClusterAction.values())
      .filter(ClusterAction::isSecurity).toList());

  @Test
  void actionNamesAreElasticsearchs() {
    assertThat(PUT.actionName()).isEqualTo("cluster:admin/xpack/inference/put");
    assertThat(UPDATE.actionName()).isEqualTo("cluster:admin/xpack/inference/update");
    assertThat(DELETE.actionName()).isEqualTo("cluster:admin/xpack/inference/delete");
    assertThat(GET.actionName()).isEqualTo("cluster:monitor/xpack/inference/get");
    assertThat(INFER.actionName()).isEqualTo("cluster:monitor/xpack/inference");
  }

  @Test
  void grantingPrivilegesAreListedInElasticsearchOrder() {
    for (ClusterAction write : List.of(PUT, UPDATE, DELETE)) {
      assertThat(write.grantingPrivileges()).containsExactly("manage_inference", "manage", "all");
    }
    for (ClusterAction read : List.of(GET, INFER)) {
      assertThat(read.grantingPrivileges()).containsExactly(
          "monitor_inference", "manage_inference", "monitor", "manage", "all");
    }
  }

  /** What monitor_inference and monitor grant: reading endpoints, performing, and the node's metrics. */
  private static final EnumSet<ClusterAction> MONITORING = EnumSet.of(GET, INFER, ClusterAction.PROMETHEUS_METRICS,
      ClusterAction.NODES_STATS);

  @Test
  void metricsAreGrantedByTheMonitoringPrivileges() {
    for (ClusterAction metrics : List.of(ClusterAction.PROMETHEUS_METRICS, ClusterAction.NODES_STATS)) {
      assertThat(metrics.grantingPrivileges()).containsExactly(
          "monitor_inference", "manage_inference", "monitor", "manage", "all");
    }
  }

  @Test
  void eachPrivilegeGrantsItsActions() {
    assertThat(granted(ClusterPrivilege.MANAGE_INFERENCE)).isEqualTo(INFERENCE);
    assertThat(granted(ClusterPrivilege.MONITOR_INFERENCE)).isEqualTo(MONITORING);
    assertThat(granted(ClusterPrivilege.MONITOR)).isEqualTo(MONITORING);
    // As in Elasticsearch, manage grants every cluster action but the security APIs'; all grants them too.
    assertThat(granted(ClusterPrivilege.MANAGE)).isEqualTo(EnumSet.complementOf(SECURITY));
    assertThat(granted(ClusterPrivilege.ALL)).isEqualTo(EnumSet.allOf(ClusterAction.class));
    assertThat(granted(ClusterPrivilege.MANAGE_SECURITY)).isEqualTo(SECURITY);
    assertThat(granted(ClusterPrivilege.MANAGE_API_KEY)).isEqualTo(EnumSet.of(ClusterAction.API_KEY_CREATE,
        ClusterAction.API_KEY_GET, ClusterAction.API_KEY_INVALIDATE));
    assertThat(granted(ClusterPrivilege.MANAGE_OWN_API_KEY)).isEqualTo(granted(ClusterPrivilege.MANAGE_API_KEY));
    assertThat(granted(ClusterPrivilege.READ_SECURITY)).isEqualTo(EnumSet.of(ClusterAction.API_KEY_GET,
        ClusterAction.USER_GET, ClusterAction.ROLE_GET, ClusterAction.BUILTIN_PRIVILEGES_GET));
  }

  @Test
  void securityActionsListTheirGrantingPrivilegesFromTheNarrowest() {
    assertThat(ClusterAction.USER_PUT.grantingPrivileges()).containsExactly("manage_security", "all");
    assertThat(ClusterAction.USER_GET.grantingPrivileges()).containsExactly("read_security", "manage_security", "all");
    assertThat(ClusterAction.API_KEY_CREATE.grantingPrivileges())
        .containsExactly("manage_own_api_key", "manage_api_key", "manage_security", "all");
  }

  @Test
  void privilegesAreFoundByTheirExactName() {
    assertThat(ClusterPrivilege.named("monitor_inference"))
        .contains(ClusterPrivilege.MONITOR_INFERENCE);
    assertThat(ClusterPrivilege.named("all")).contains(ClusterPrivilege.ALL);
    assertThat(ClusterPrivilege.named("MANAGE")).isEmpty();
    assertThat(ClusterPrivilege.named("manage_security")).contains(ClusterPrivilege.MANAGE_SECURITY);
    assertThat(ClusterPrivilege.named("manage_everything")).isEmpty();
  }

  @Test
  void builtInRolesGrantWhatElasticsearchsDo() {
    RoleStore roles = new RoleStore();
    assertThat(grantedBy(roles, "inference_admin")).isEqualTo(INFERENCE);
    assertThat(grantedBy(roles, "inference_user")).isEqualTo(MONITORING);
    assertThat(grantedBy(roles, "superuser")).isEqualTo(EnumSet.allOf(ClusterAction.class));
  }

  @Test
  void unknownRolesGrantNothing() {
    RoleStore roles = new RoleStore();
    assertThat(grantedBy(roles, "no_such_role")).isEmpty();
    assertThat(Arrays.stream(ClusterAction.values())
        .filter(action -> roles.grants(List.of(), action))).isEmpty();
  }

  @Test
  void rolesAddUp() {
    RoleStore roles = new RoleStore();
    roles.replaceCustom(Map.of("reader",
        new Role("reader", Set.of(ClusterPrivilege.MONITOR))));
    assertThat(roles.grants(List.of("no_such_role", "reader"), GET)).isTrue();
    assertThat(roles.grants(List.of("no_such_role", "reader"), PUT)).isFalse();
    assertThat(roles.grants(List.of("reader", "inference_admin"), PUT)).isTrue();
  }

  private static Set<ClusterAction> granted(ClusterPrivilege privilege) {
    return Arrays.stream(ClusterAction.values()).filter(privilege::grants)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(ClusterAction.class)));
  }

  private static Set<ClusterAction> grantedBy(RoleStore roles, String role) {
    return Arrays.stream(ClusterAction.values())
        .filter(action -> roles.grants(List.of(role), action))
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(ClusterAction.class)));
  }
}
