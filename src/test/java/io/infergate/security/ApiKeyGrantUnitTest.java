package io.infergate.security;

import static io.infergate.security.ClusterPrivilege.ALL;
import static io.infergate.security.ClusterPrivilege.MANAGE_INFERENCE;
import static io.infergate.security.ClusterPrivilege.MONITOR_INFERENCE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A key grants what its own descriptors and its owner's roles at creation both grant: never more than its owner. */
class ApiKeyGrantUnitTest {

  private static Set<ClusterAction> granted(ApiKeyGrant grant) {
    Set<ClusterAction> actions = EnumSet.noneOf(ClusterAction.class);
    Arrays.stream(ClusterAction.values()).filter(grant::grants).forEach(actions::add);
    return actions;
  }

  private static ApiKeyGrant grant(List<Set<ClusterPrivilege>> assigned, List<Set<ClusterPrivilege>> limitedBy) {
    return new ApiKeyGrant("id", "name", "default_file", assigned, limitedBy);
  }

  @Test
  void withoutDescriptorsAKeyHasItsOwnersPrivilegesAtCreation() {
    assertThat(granted(grant(List.of(), List.of(Set.of(MANAGE_INFERENCE)))))
        .isEqualTo(EnumSet.of(ClusterAction.PUT, ClusterAction.UPDATE, ClusterAction.DELETE, ClusterAction.GET,
            ClusterAction.INFER, ClusterAction.REFERENCE, ClusterAction.PROMETHEUS_METRICS, ClusterAction.NODES_STATS));
  }

  /** What monitor_inference grants. */
  private static final EnumSet<ClusterAction> MONITORING = EnumSet.of(ClusterAction.GET, ClusterAction.INFER,
      ClusterAction.PROMETHEUS_METRICS, ClusterAction.NODES_STATS);

  @Test
  void descriptorsNarrowTheOwnersPrivileges() {
    assertThat(granted(grant(List.of(Set.of(MONITOR_INFERENCE)), List.of(Set.of(ALL)))))
        .isEqualTo(MONITORING);
  }

  @Test
  void descriptorsNeverGrantMoreThanTheOwnerHad() {
    ApiKeyGrant wider = grant(List.of(Set.of(ALL)), List.of(Set.of(MONITOR_INFERENCE)));
    assertThat(granted(wider)).isEqualTo(MONITORING);

    ApiKeyGrant ownerWithNothing = grant(List.of(Set.of(ALL)), List.of());
    assertThat(granted(ownerWithNothing)).isEmpty();
  }

  @Test
  void anyOfSeveralDescriptorsOrOwnerRolesMayGrant() {
    ApiKeyGrant grant = grant(List.of(Set.of(MONITOR_INFERENCE), Set.of(ClusterPrivilege.MANAGE_OWN_API_KEY)),
        List.of(Set.of(MANAGE_INFERENCE), Set.of(ClusterPrivilege.MANAGE_API_KEY)));
    assertThat(granted(grant)).isEqualTo(EnumSet.of(ClusterAction.GET, ClusterAction.INFER,
        ClusterAction.PROMETHEUS_METRICS, ClusterAction.NODES_STATS, ClusterAction.API_KEY_CREATE,
        ClusterAction.API_KEY_GET, ClusterAction.API_KEY_INVALIDATE));
  }
}
