package io.infergate.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dependency rules of ARCHITECTURE.md, read from the imports of the main sources: a change that
 * breaks one fails here in milliseconds instead of in a review.
 */
class DependencyRulesUnitTest {

  private static final Path MAIN = Path.of("src/main/java/io/infergate");

  /** Per package, the import prefixes it must never use. */
  private static final Map<String, List<String>> FORBIDDEN = Map.ofEntries(
      Map.entry("bus", List.of("io.infergate.", "com.hazelcast")),
      Map.entry("http", List.of("io.infergate.registry", "io.infergate.store", "io.infergate.endpoints",
          "io.infergate.accounts", "io.infergate.cluster", "com.hazelcast")),
      Map.entry("cluster", List.of("io.infergate.registry", "io.infergate.endpoints", "io.infergate.accounts",
          "io.infergate.http", "io.infergate.store")),
      Map.entry("registry", List.of("io.infergate.http", "io.infergate.endpoints", "io.infergate.accounts",
          "io.infergate.inference", "io.vertx.ext.web")),
      Map.entry("security", List.of("io.infergate.registry", "io.infergate.store", "io.infergate.endpoints",
          "io.infergate.accounts", "io.infergate.http", "com.hazelcast")),
      Map.entry("store", List.of("io.infergate.", "io.vertx")),
      Map.entry("logs", List.of("io.infergate.", "io.vertx")),
      Map.entry("metrics", List.of("io.infergate.registry", "io.infergate.store", "io.infergate.endpoints",
          "io.infergate.accounts", "io.infergate.http", "io.infergate.events", "io.infergate.cluster",
          "io.infergate.inference", "io.infergate.security", "com.hazelcast")),
      Map.entry("secrets", List.of("io.infergate.", "com.hazelcast")),
      Map.entry("tls", List.of("io.infergate.")),
      Map.entry("events", List.of("io.infergate.registry", "io.infergate.endpoints", "io.infergate.accounts",
          "io.infergate.http", "io.infergate.store")),
      Map.entry("endpoints", List.of("io.infergate.http", "io.infergate.accounts", "io.vertx.ext.web")),
      Map.entry("accounts", List.of("io.infergate.http", "io.infergate.endpoints", "io.infergate.security",
          "io.vertx.ext.web")),
      Map.entry("inference", List.of("io.infergate.registry", "io.infergate.store", "io.infergate.cluster",
          "com.hazelcast")));

  static Stream<String> packages() {
    return FORBIDDEN.keySet().stream().sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("packages")
  void aPackageImportsNothingItsRulesForbid(String name) throws IOException {
    List<String> forbidden = FORBIDDEN.get(name);
    try (Stream<Path> files = Files.list(MAIN.resolve(name))) {
      List<String> violations = files.filter(file -> file.toString().endsWith(".java"))
          .flatMap(DependencyRulesUnitTest::imports)
          .filter(imported -> forbidden.stream().anyMatch(prefix -> imported.startsWith(prefix)
              && !imported.startsWith("io.infergate." + name + ".")))
          .toList();
      assertThat(violations).as("imports of %s that its rules forbid", name).isEmpty();
    }
  }

  /**
   * Hazelcast's CP Subsystem stays off (its start warning is silenced in the logging configuration
   * on that ground): nothing of ours may use a CP structure, which would run in its UNSAFE mode.
   */
  @org.junit.jupiter.api.Test
  void nothingUsesHazelcastsCpSubsystem() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      List<String> users = files.filter(file -> file.toString().endsWith(".java"))
          .filter(file -> {
            try {
              String source = Files.readString(file);
              return source.contains("com.hazelcast.cp") || source.contains("getCPSubsystem");
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .map(Path::toString)
          .toList();
      assertThat(users).as("sources using Hazelcast's CP Subsystem").isEmpty();
    }
  }

  private static Stream<String> imports(Path file) {
    try {
      return Files.readAllLines(file).stream().filter(line -> line.startsWith("import "))
          .map(line -> line.substring("import ".length()).replace("static ", ""));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
