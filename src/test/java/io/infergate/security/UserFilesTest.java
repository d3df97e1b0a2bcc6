package io.infergate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserFilesTest {

  private static final String HASH = Bcrypt.hash("secret123", 4);

  @TempDir
  Path confDir;

  private final List<String> warnings = new ArrayList<>();

  @Test
  void readsUsersSkippingCommentsBlankAndInvalidLines() {
    Map<String, String> users = UserFiles.parseUsers(List.of(
        "# a comment",
        "",
        "alice:" + HASH,
        "  bob.smith@example.com : " + HASH.replace("$2a$", "$2y$") + "  ",
        "carol:" + HASH.replace("$2a$", "$2b$"),
        "no colon here",
        "dave:{PBKDF2}10000$abc",
        "bad user:" + HASH), warnings::add);

    assertThat(users).containsOnlyKeys("alice", "bob.smith@example.com", "carol");
    assertThat(users.get("bob.smith@example.com")).startsWith("$2y$");
    assertThat(warnings).hasSize(3);
  }

  @Test
  void mergesRoleLinesPerUser() {
    Map<String, Set<String>> roles = UserFiles.parseUserRoles(List.of(
        "# comment",
        "inference_user: alice, bob",
        "superuser:alice",
        "inference_user:carol,",
        "bad role:alice",
        "no_users:"), warnings::add);

    assertThat(roles).containsOnlyKeys("alice", "bob", "carol");
    assertThat(roles.get("alice")).containsExactly("inference_user", "superuser");
    assertThat(roles.get("bob")).containsExactly("inference_user");
    assertThat(warnings).hasSize(1);
  }

  @Test
  void missingFilesReadAsEmpty() throws Exception {
    UserFiles files = new UserFiles(confDir);
    assertThat(files.readUsers(warnings::add)).isEmpty();
    assertThat(files.readUserRoles(warnings::add)).isEmpty();
  }

  @Test
  void writesWhatItReads() throws Exception {
    UserFiles files = new UserFiles(confDir);
    Map<String, String> users = new LinkedHashMap<>();
    users.put("zed", HASH);
    users.put("alice", HASH);
    files.writeUsers(users);
    files.writeUserRoles(Map.of("alice", Set.of("superuser", "inference_user"),
        "zed", Set.of("inference_user")));

    assertThat(files.readUsers(warnings::add)).containsExactlyEntriesOf(users);
    assertThat(Files.readAllLines(files.usersRolesFile()))
        .containsExactly("inference_user:alice,zed", "superuser:alice");
    try (var leftovers = Files.list(confDir)) {
      assertThat(leftovers.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("users", "users_roles");
    }
  }

  @Test
  void appendingKeepsEveryExistingLine() throws Exception {
    UserFiles files = new UserFiles(confDir);
    Files.writeString(files.usersRolesFile(), "# keep me\ninference_user:bob");
    files.appendLine(files.usersRolesFile(), "superuser:elastic");

    assertThat(Files.readAllLines(files.usersRolesFile()))
        .containsExactly("# keep me", "inference_user:bob", "superuser:elastic");
  }

  @Test
  void rewritingKeepsTheFilePermissions() throws Exception {
    UserFiles files = new UserFiles(confDir);
    Files.writeString(files.usersFile(), "");
    Files.setPosixFilePermissions(files.usersFile(), PosixFilePermissions.fromString("rw-r-----"));
    files.writeUsers(Map.of("alice", HASH));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.usersFile())))
        .isEqualTo("rw-r-----");
  }

  @Test
  void newFilesAreReadableByTheOwnerOnly() throws Exception {
    UserFiles files = new UserFiles(confDir);
    files.writeUsers(Map.of("alice", HASH));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.usersFile())))
        .isEqualTo("rw-------");
  }
}
