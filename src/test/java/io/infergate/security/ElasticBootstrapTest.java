package io.infergate.security;

import static io.infergate.security.TestClient.LOCAL;
import static io.infergate.security.TestFutures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElasticBootstrapTest {

  @TempDir
  Path confDir;

  private final ElasticBootstrap bootstrap = new ElasticBootstrap(4);

  @Test
  void createsElasticWithThePasswordFromTheEnvironment() throws Exception {
    ElasticBootstrap.Result result = bootstrap.ensureElasticUser(confDir, "changeme-123");

    assertThat(result.created()).isTrue();
    assertThat(result.generatedPassword()).isEmpty();
    assertThat(usersLines()).singleElement().asString().startsWith("elastic:$2a$04$");
    assertThat(rolesLines()).containsExactly("superuser:elastic");
    assertLogsIn("elastic", "changeme-123");
  }

  @Test
  void generatesAStrongPasswordWhenNoneIsGiven() throws Exception {
    ElasticBootstrap.Result result = bootstrap.ensureElasticUser(confDir, null);

    assertThat(result.created()).isTrue();
    String password = result.generatedPassword().orElseThrow();
    assertThat(password).hasSizeGreaterThanOrEqualTo(20).matches("[A-Za-z0-9]+");
    assertThat(bootstrap.ensureElasticUser(confDir, "")).isEqualTo(
        new ElasticBootstrap.Result(false, Optional.empty()));
    assertLogsIn("elastic", password);

    Path otherDir = Files.createDirectory(confDir.resolve("other"));
    assertThat(bootstrap.ensureElasticUser(otherDir, "").generatedPassword().orElseThrow())
        .isNotEqualTo(password);
  }

  @Test
  void keepsOtherLinesAndCountsACommentOnlyFileAsEmpty() throws Exception {
    Files.writeString(confDir.resolve("users"), "# users of the file realm\n\n");
    Files.writeString(confDir.resolve("users_roles"), "# roles\ninference_user:bob\n");

    assertThat(bootstrap.ensureElasticUser(confDir, "changeme-123").created()).isTrue();

    assertThat(usersLines()).hasSize(3).startsWith("# users of the file realm", "");
    assertThat(rolesLines()).containsExactly("# roles", "inference_user:bob", "superuser:elastic");
  }

  @Test
  void leavesExistingUsersAlone() throws Exception {
    String users = "alice:" + Bcrypt.hash("alice-pass", 4) + "\n";
    Files.writeString(confDir.resolve("users"), users);
    Files.writeString(confDir.resolve("users_roles"), "inference_user:alice\n");

    ElasticBootstrap.Result result = bootstrap.ensureElasticUser(confDir, "changeme-123");

    assertThat(result.created()).isFalse();
    assertThat(result.generatedPassword()).isEmpty();
    // An old, too short ELASTIC_PASSWORD does not matter once users exist.
    assertThat(bootstrap.ensureElasticUser(confDir, "short").created()).isFalse();
    assertThat(Files.readString(confDir.resolve("users"))).isEqualTo(users);
    assertThat(rolesLines()).containsExactly("inference_user:alice");
  }

  @Test
  void rejectsATooShortEnvironmentPassword() {
    assertThatThrownBy(() -> bootstrap.ensureElasticUser(confDir, "short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ELASTIC_PASSWORD")
        .hasMessageContaining("at least [6] characters");
    assertThat(confDir.resolve("users")).doesNotExist();
  }

  @Test
  void concurrentBootstrapsInOneProcessCreateOneUser() throws Exception {
    int nodes = 6;
    CyclicBarrier barrier = new CyclicBarrier(nodes);
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    try {
      List<Future<ElasticBootstrap.Result>> results = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        results.add(pool.submit(() -> {
          barrier.await(10, TimeUnit.SECONDS);
          return bootstrap.ensureElasticUser(confDir, null);
        }));
      }
      int created = 0;
      for (Future<ElasticBootstrap.Result> result : results) {
        created += result.get(10, TimeUnit.SECONDS).created() ? 1 : 0;
      }
      assertThat(created).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(usersLines()).singleElement().asString().startsWith("elastic:");
    assertThat(rolesLines()).containsExactly("superuser:elastic");
  }

  @Test
  void concurrentBootstrapsInTwoProcessesCreateOneUser() throws Exception {
    Path go = confDir.resolveSibling(confDir.getFileName() + ".go");
    List<Process> processes = new ArrayList<>();
    List<BufferedReader> outputs = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        Process process = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            BootstrapProcess.class.getName(), confDir.toString(), go.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        processes.add(process);
        outputs.add(new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)));
      }
      for (BufferedReader output : outputs) {
        assertThat(output.readLine()).isEqualTo("ready");
      }
      Files.createFile(go);

      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        answers.add(outputs.get(i).readLine());
        assertThat(processes.get(i).waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(processes.get(i).exitValue()).isZero();
      }
      assertThat(answers).containsExactlyInAnyOrder("created=true", "created=false");
    } finally {
      processes.forEach(Process::destroyForcibly);
      Files.deleteIfExists(go);
    }
    assertThat(usersLines()).singleElement().asString().startsWith("elastic:");
    assertThat(rolesLines()).containsExactly("superuser:elastic");
  }

  private void assertLogsIn(String username, String password) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      SecurityService service = await(SecurityService.start(vertx,
          SecurityConfig.defaults(confDir)));
      AuthenticatedUser user = await(service.authenticate(username, password, LOCAL));
      assertThat(user.roles()).containsExactly("superuser");
      assertThat(service.isAuthorized(user, ClusterAction.PUT)).isTrue();
      service.close();
    } finally {
      await(vertx.close());
    }
  }

  private List<String> usersLines() throws Exception {
    return Files.readAllLines(confDir.resolve("users"));
  }

  private List<String> rolesLines() throws Exception {
    return Files.readAllLines(confDir.resolve("users_roles"));
  }
}
