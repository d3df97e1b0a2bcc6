package io.infergate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolesFileTest {

  private final List<String> warnings = new ArrayList<>();

  @Test
  void readsClusterPrivilegesAndIgnoresOtherKeys() throws Exception {
    Map<String, Role> roles = RolesFile.parse("""
        my_reader:
          cluster: [ 'monitor_inference' ]
          indices:
            - names: [ 'logs-*' ]
              privileges: [ 'read' ]
        my_admin:
          cluster:
            - manage_inference
            - monitor
        no_cluster:
          indices: []
        """, warnings::add);

    assertThat(roles).containsOnlyKeys("my_reader", "my_admin", "no_cluster");
    assertThat(roles.get("my_reader").cluster()).containsExactly(
        ClusterPrivilege.MONITOR_INFERENCE);
    assertThat(roles.get("my_admin").cluster()).containsExactlyInAnyOrder(
        ClusterPrivilege.MANAGE_INFERENCE, ClusterPrivilege.MONITOR);
    assertThat(roles.get("no_cluster").cluster()).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void skipsARoleWithAnUnknownPrivilegeAndNamesBoth() throws Exception {
    Map<String, Role> roles = RolesFile.parse("""
        good:
          cluster: [ monitor_inference ]
        bad:
          cluster: [ monitor_inference, manage_ccr ]
        """, warnings::add);

    assertThat(roles).containsOnlyKeys("good");
    assertThat(warnings).singleElement().asString()
        .contains("[manage_ccr]").contains("role [bad]");
  }

  @Test
  void builtInRolesCannotBeOverridden() throws Exception {
    Map<String, Role> roles = RolesFile.parse("""
        inference_user:
          cluster: [ all ]
        """, warnings::add);

    assertThat(roles).isEmpty();
    assertThat(warnings).singleElement().asString().contains("[inference_user]");
  }

  @Test
  void skipsMalformedRoles() throws Exception {
    Map<String, Role> roles = RolesFile.parse("""
        scalar: 42
        string_cluster:
          cluster: monitor
        "bad name":
          cluster: [ monitor ]
        fine:
          cluster: []
        """, warnings::add);

    assertThat(roles).containsOnlyKeys("fine");
    assertThat(warnings).hasSize(3);
  }

  @Test
  void anEmptyFileHasNoRoles() throws Exception {
    assertThat(RolesFile.parse("", warnings::add)).isEmpty();
    assertThat(RolesFile.parse("# only a comment\n", warnings::add)).isEmpty();
  }

  @Test
  void aMissingFileHasNoRoles(@TempDir Path confDir) throws Exception {
    assertThat(RolesFile.read(confDir, warnings::add)).isEmpty();
  }

  @Test
  void rejectsAFileThatIsNotAMapOfRoles() {
    assertThatThrownBy(() -> RolesFile.parse("- a\n- b\n", warnings::add))
        .isInstanceOf(RolesFile.InvalidRolesFileException.class);
    assertThatThrownBy(() -> RolesFile.parse("a: [unclosed\n", warnings::add))
        .isInstanceOf(RolesFile.InvalidRolesFileException.class);
    assertThatThrownBy(() -> RolesFile.parse("a: {}\na: {}\n", warnings::add))
        .isInstanceOf(RolesFile.InvalidRolesFileException.class);
  }

  @Test
  void readsTheFileFromTheConfFolder(@TempDir Path confDir) throws Exception {
    Files.writeString(confDir.resolve("roles.yml"), "r:\n  cluster: [ manage ]\n");
    assertThat(RolesFile.read(confDir, warnings::add).get("r").cluster())
        .isEqualTo(Set.of(ClusterPrivilege.MANAGE));
  }
}
