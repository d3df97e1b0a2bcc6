package io.infergate.security;

import static io.infergate.security.InferenceAction.DELETE;
import static io.infergate.security.InferenceAction.GET;
import static io.infergate.security.InferenceAction.INFER;
import static io.infergate.security.InferenceAction.PUT;
import static io.infergate.security.InferenceAction.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PrivilegesTest {

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
    for (InferenceAction write : List.of(PUT, UPDATE, DELETE)) {
      assertThat(write.grantingPrivileges()).containsExactly("manage_inference", "manage", "all");
    }
    for (InferenceAction read : List.of(GET, INFER)) {
      assertThat(read.grantingPrivileges()).containsExactly(
          "monitor_inference", "manage_inference", "monitor", "manage", "all");
    }
  }

  @Test
  void eachPrivilegeGrantsItsActions() {
    assertThat(granted(ClusterPrivilege.MANAGE_INFERENCE)).isEqualTo(EnumSet.complementOf(EnumSet.of(
        InferenceAction.RELOAD_SECURE_SETTINGS)));
    assertThat(granted(ClusterPrivilege.MONITOR_INFERENCE)).isEqualTo(EnumSet.of(GET, INFER));
    assertThat(granted(ClusterPrivilege.MONITOR)).isEqualTo(EnumSet.of(GET, INFER));
    assertThat(granted(ClusterPrivilege.MANAGE)).isEqualTo(EnumSet.allOf(InferenceAction.class));
    assertThat(granted(ClusterPrivilege.ALL)).isEqualTo(EnumSet.allOf(InferenceAction.class));
  }

  @Test
  void privilegesAreFoundByTheirExactName() {
    assertThat(ClusterPrivilege.named("monitor_inference"))
        .contains(ClusterPrivilege.MONITOR_INFERENCE);
    assertThat(ClusterPrivilege.named("all")).contains(ClusterPrivilege.ALL);
    assertThat(ClusterPrivilege.named("MANAGE")).isEmpty();
    assertThat(ClusterPrivilege.named("manage_security")).isEmpty();
  }

  @Test
  void builtInRolesGrantWhatElasticsearchsDo() {
    RoleStore roles = new RoleStore();
    assertThat(grantedBy(roles, "inference_admin")).isEqualTo(EnumSet.complementOf(EnumSet.of(
        InferenceAction.RELOAD_SECURE_SETTINGS)));
    assertThat(grantedBy(roles, "inference_user")).isEqualTo(EnumSet.of(GET, INFER));
    assertThat(grantedBy(roles, "superuser")).isEqualTo(EnumSet.allOf(InferenceAction.class));
  }

  @Test
  void unknownRolesGrantNothing() {
    RoleStore roles = new RoleStore();
    assertThat(grantedBy(roles, "no_such_role")).isEmpty();
    assertThat(Arrays.stream(InferenceAction.values())
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

  private static Set<InferenceAction> granted(ClusterPrivilege privilege) {
    return Arrays.stream(InferenceAction.values()).filter(privilege::grants)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(InferenceAction.class)));
  }

  private static Set<InferenceAction> grantedBy(RoleStore roles, String role) {
    return Arrays.stream(InferenceAction.values())
        .filter(action -> roles.grants(List.of(role), action))
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(InferenceAction.class)));
  }
}
