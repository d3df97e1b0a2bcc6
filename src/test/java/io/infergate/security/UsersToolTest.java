package io.infergate.security;

import static io.infergate.security.TestClient.LOCAL;
import static io.infergate.security.TestFutures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersToolTest {

  @TempDir
  Path confDir;

  private record Run(int exitCode, String out, String err) {
  }

  @Test
  void addsAUserThatCanLogIn() throws Exception {
    Run run = users("useradd", "alice", "-p", "secret123", "-r", "inference_user,my_reader");

    assertThat(run.exitCode()).isZero();
    assertThat(lines("users")).singleElement().asString().startsWith("alice:$2a$04$");
    assertThat(lines("users_roles")).containsExactly("inference_user:alice", "my_reader:alice");
    assertThat(run.err()).contains("WARNING").contains("[my_reader]");

    Vertx vertx = Vertx.vertx();
    try {
      SecurityService service = await(SecurityService.start(vertx,
          SecurityConfig.defaults(confDir)));
      assertThat(await(service.authenticate("alice", "secret123", LOCAL)).roles())
          .containsExactly("inference_user", "my_reader");
      service.close();
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void knowsTheRolesOfRolesYml() throws Exception {
    Files.writeString(confDir.resolve("roles.yml"), "my_reader:\n  cluster: [ monitor ]\n");

    Run run = users("useradd", "alice", "-p", "secret123", "-r", "my_reader,superuser");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
  }

  @Test
  void roundTrip() throws Exception {
    assertThat(users("useradd", "alice", "-p", "secret123").exitCode()).isZero();
    assertThat(users("useradd", "bob@example.com", "-p", "bob-pass", "-r", "superuser")
        .exitCode()).isZero();
    assertThat(lines("users_roles")).containsExactly("superuser:bob@example.com");
    String oldHash = hashes().get("alice");

    assertThat(users("passwd", "alice", "-p", "other-secret").exitCode()).isZero();
    String newHash = hashes().get("alice");
    assertThat(Bcrypt.verify("secret123", oldHash)).isTrue();
    assertThat(Bcrypt.verify("secret123", newHash)).isFalse();
    assertThat(Bcrypt.verify("other-secret", newHash)).isTrue();

    assertThat(users("roles", "alice", "-a", "inference_admin,inference_user").exitCode())
        .isZero();
    assertThat(users("roles", "alice", "-r", "inference_user", "-a", "superuser").exitCode())
        .isZero();
    assertThat(lines("users_roles"))
        .containsExactly("inference_admin:alice", "superuser:alice,bob@example.com");
    assertThat(users("roles", "alice").out())
        .isEqualTo("alice          : inference_admin,superuser\n");

    Run list = users("list");
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).isEqualTo("alice          : inference_admin,superuser\n"
        + "bob@example.com: superuser\n");
    assertThat(users("list", "bob@example.com").out()).isEqualTo("bob@example.com: superuser\n");

    assertThat(users("userdel", "alice").exitCode()).isZero();
    assertThat(hashes()).containsOnlyKeys("bob@example.com");
    assertThat(lines("users_roles")).containsExactly("superuser:bob@example.com");
  }

  @Test
  void readsThePasswordFromStandardInputWithoutMinusP() throws Exception {
    assertThat(usersWithInput("from-stdin\n", "useradd", "alice").exitCode()).isZero();
    assertThat(Bcrypt.verify("from-stdin", hashes().get("alice"))).isTrue();

    assertThat(usersWithInput("changed-on-stdin\n", "passwd", "alice").exitCode()).isZero();
    assertThat(Bcrypt.verify("changed-on-stdin", hashes().get("alice"))).isTrue();
  }

  @Test
  void acceptsTheConfDirBeforeOrAfterTheCommand(@TempDir Path otherDir) throws Exception {
    Run before = run("", "--conf-dir", otherDir.toString(), "useradd", "alice", "-p", "secret123");
    Run after = run("", "useradd", "bob", "-p", "secret123", "--conf-dir", otherDir.toString());

    assertThat(before.exitCode()).isZero();
    assertThat(after.exitCode()).isZero();
    assertThat(new UserFiles(otherDir).readUsers(w -> { })).containsOnlyKeys("alice", "bob");
  }

  @Test
  void refusesAnExistingUser() throws Exception {
    users("useradd", "alice", "-p", "secret123");
    String before = Files.readString(confDir.resolve("users"));

    Run run = users("useradd", "alice", "-p", "another-one", "-r", "superuser");

    assertThat(run.exitCode()).isEqualTo(UsersTool.USER_EXISTS);
    assertThat(run.err()).isEqualTo("ERROR: User [alice] already exists\n");
    assertThat(Files.readString(confDir.resolve("users"))).isEqualTo(before);
    assertThat(lines("users_roles")).isEmpty();
  }

  @Test
  void refusesUnknownUsers() {
    for (String[] args : List.of(new String[] {"passwd", "ghost", "-p", "secret123"},
        new String[] {"roles", "ghost", "-a", "superuser"}, new String[] {"userdel", "ghost"},
        new String[] {"list", "ghost"})) {
      Run run = users(args);
      assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(UsersTool.NO_USER);
      assertThat(run.err()).isEqualTo("ERROR: User [ghost] doesn't exist\n");
    }
  }

  @Test
  void refusesInvalidNamesAndShortPasswords() throws Exception {
    Run colon = users("useradd", "al:ice", "-p", "secret123");
    Run space = users("useradd", "al ice", "-p", "secret123");
    Run tooLong = users("useradd", "a".repeat(508), "-p", "secret123");
    Run badRole = users("useradd", "alice", "-p", "secret123", "-r", "bad:role");
    Run shortPassword = users("useradd", "alice", "-p", "12345");
    Run noPassword = usersWithInput("", "useradd", "alice");

    for (Run run : List.of(colon, space, tooLong, badRole, shortPassword, noPassword)) {
      assertThat(run.exitCode()).isEqualTo(UsersTool.DATA_ERROR);
      assertThat(run.err()).startsWith("ERROR: ");
    }
    assertThat(colon.err()).contains("Invalid username [al:ice]");
    assertThat(shortPassword.err()).contains("at least [6] characters");
    assertThat(confDir.resolve("users")).doesNotExist();
    assertThat(users("useradd", "a".repeat(507), "-p", "secret123").exitCode()).isZero();
  }

  @Test
  void reportsUsageErrors() {
    Run none = users();
    Run unknownCommand = users("frobnicate");
    Run missingName = users("useradd");
    Run unknownOption = users("useradd", "alice", "-p", "secret123", "--colour");

    for (Run run : List.of(none, unknownCommand, missingName, unknownOption)) {
      assertThat(run.exitCode()).isEqualTo(UsersTool.USAGE);
      assertThat(run.err()).contains("Usage:");
    }
    Run help = users("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("useradd", "passwd", "roles", "userdel", "list");
    Run commandHelp = users("useradd", "--help");
    assertThat(commandHelp.exitCode()).isZero();
    assertThat(commandHelp.out()).contains("--password", "--roles");
  }

  private Run users(String... args) {
    return usersWithInput("", args);
  }

  private Run usersWithInput(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of("--conf-dir", confDir.toString()));
    all.addAll(List.of(args));
    return run(stdin, all.toArray(String[]::new));
  }

  private static Run run(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = new UsersTool(4, null, new BufferedReader(new StringReader(stdin)),
        new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private Map<String, String> hashes() throws Exception {
    return new UserFiles(confDir).readUsers(w -> { });
  }

  private List<String> lines(String file) throws Exception {
    return Files.readAllLines(confDir.resolve(file));
  }
}
