package io.infergate.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.config.NodeConfig;
import io.infergate.keystore.Keystore;
import io.infergate.keystore.NodeKeystore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What a {@code docker build}, {@code docker compose up}, {@code systemctl start} or
 * {@code kubectl apply} would find out too late, checked without them: the image is built with the
 * README's own command, and every {@code INFERGATE_} variable the packaging sets names a real key
 * of {@code conf/infergate.json} (or one of the few process variables the code and scripts read),
 * with a value the node accepts for that key.
 */
class PackagingUnitTest {

  private static final Path CONF = Path.of("conf/infergate.json");
  private static final Pattern VARIABLE = Pattern.compile("\\bINFERGATE_[A-Z0-9_]+\\b");

  /** Variables read by the code or the scripts, not keys of conf/infergate.json. */
  private static final Map<String, Path> PROCESS_VARIABLES = Map.of(
      NodeKeystore.STORE_PASSWORD_VARIABLE, Path.of("src/main/java/io/infergate/keystore/NodeKeystore.java"),
      Keystore.PASSWORD_VARIABLE, Path.of("src/main/java/io/infergate/keystore/Keystore.java"),
      "INFERGATE_CONFIG", Path.of("src/main/java/io/infergate/Infergate.java"),
      "INFERGATE_JAVA_OPTS", Path.of("scripts/start-node"),
      "INFERGATE_JVM_OPTIONS", Path.of("scripts/lib.sh"),
      "INFERGATE_GC", Path.of("scripts/lib.sh"),
      "INFERGATE_JAR", Path.of("scripts/fault-lib.sh"));

  /**
   * The packaging, and scripts/netns-cluster, whose node settings are the README's list for a
   * multi-machine deployment: a misspelt variable there would be ignored by the node, not refused.
   */
  private static final List<Path> PACKAGING = List.of(Path.of("Dockerfile"), Path.of("compose.yaml"),
      Path.of("packaging/systemd/infergate.service"), Path.of("packaging/kubernetes/infergate.yaml"),
      Path.of("scripts/netns-cluster"));

  @Test
  void theImageIsBuiltWithTheReadmesBuildCommand() throws IOException {
    String command = readmeBuildCommand();
    List<String> dockerfile = Files.readAllLines(Path.of("Dockerfile"));
    List<String> stages = dockerfile.stream().filter(line -> line.startsWith("FROM ")).toList();
    assertThat(stages).as("a build stage, then the runtime stage").hasSize(2);
    assertThat(stages.get(0)).matches("FROM maven:\\S+ AS build");
    assertThat(stages.get(1)).matches("FROM eclipse-temurin:17-jre\\S*");

    List<String> buildStage = stage(dockerfile, 0);
    List<String> runs = buildStage.stream().filter(line -> line.startsWith("RUN ")).toList();
    assertThat(runs).as("the build stage's RUN lines").anySatisfy(run ->
        assertThat(run.replaceAll("--mount=\\S+\\s+", "")).isEqualTo("RUN " + command));
    // scripts/start-node builds the jar the same way (quietly).
    assertThat(Files.readString(Path.of("scripts/lib.sh")))
        .contains(command.replace("mvn ", "mvn -q "));

    List<String> runtime = stage(dockerfile, 1);
    assertThat(runtime).contains("COPY --from=build /src/target/infergate.jar target/infergate.jar");
    assertThat(runtime).filteredOn(line -> line.startsWith("USER ")).containsExactly("USER infergate");
    assertThat(runtime).anyMatch(line -> line.startsWith("VOLUME ") && line.contains("/opt/infergate/conf")
        && line.contains("/opt/infergate/data"));
    assertThat(runtime).contains("ENTRYPOINT [\"/opt/infergate/scripts/start-node\"]");
    // What the image copies of conf/ is what git tracks: no keystore or users file of the build machine.
    assertThat(runtime).anyMatch(line -> line.startsWith("COPY conf/") && !line.contains("keystore")
        && !line.contains("users"));
  }

  @Test
  void everyVariableOfThePackagingNamesARealSetting() throws IOException {
    Set<String> keys = settingVariables();
    for (Map.Entry<String, Path> variable : PROCESS_VARIABLES.entrySet()) {
      assertThat(Files.readString(variable.getValue())).as("%s is read by %s", variable.getKey(), variable.getValue())
          .contains(variable.getKey());
      assertThat(keys).as("a process variable that is also a setting").doesNotContain(variable.getKey());
    }
    Map<Path, Set<String>> unknown = new LinkedHashMap<>();
    for (Path file : PACKAGING) {
      Set<String> named = new TreeSet<>();
      Matcher matcher = VARIABLE.matcher(Files.readString(file));
      while (matcher.find()) {
        named.add(matcher.group());
      }
      assertThat(named).as("INFERGATE_ variables in %s", file).isNotEmpty();
      named.removeIf(name -> keys.contains(name) || PROCESS_VARIABLES.containsKey(name));
      if (!named.isEmpty()) {
        unknown.put(file, named);
      }
    }
    assertThat(unknown).as("INFERGATE_ variables naming no key of conf/infergate.json").isEmpty();
  }

  @Test
  void theComposeNodesSettingsLoadAsTheyAreWritten() throws IOException {
    Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("compose.yaml")));
    Map<?, ?> services = (Map<?, ?>) compose.get("services");
    List<String> nodes = services.keySet().stream().map(String::valueOf).filter(name -> name.startsWith("node-")).toList();
    assertThat(nodes).containsExactly("node-1", "node-2", "node-3");
    for (String node : nodes) {
      Map<String, String> environment = new LinkedHashMap<>();
      ((Map<?, ?>) ((Map<?, ?>) services.get(node)).get("environment"))
          .forEach((name, value) -> environment.put(String.valueOf(name), String.valueOf(value)));
      NodeConfig config = assertLoads(environment);
      assertThat(config.nodeName()).isEqualTo(node);
      assertThat(config.storeType()).isEqualTo("postgresql");
      assertThat(config.clusterMembers()).containsExactly("node-1:5701", "node-2:5701", "node-3:5701");
      assertThat(config.logFormat()).isEqualTo("json");
    }
  }

  @Test
  void theStatefulSetsSettingsLoadAsTheyAreWritten() throws IOException {
    Map<String, String> environment = new LinkedHashMap<>();
    for (Object document : new Yaml().loadAll(Files.readString(Path.of("packaging/kubernetes/infergate.yaml")))) {
      Map<?, ?> resource = (Map<?, ?>) document;
      if (!"StatefulSet".equals(resource.get("kind"))) {
        continue;
      }
      Map<?, ?> pod = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) resource.get("spec")).get("template")).get("spec");
      for (Object container : (List<?>) pod.get("containers")) {
        for (Object variable : (List<?>) ((Map<?, ?>) container).get("env")) {
          Map<?, ?> env = (Map<?, ?>) variable;
          // Values from the downward API or a Secret are only known in the pod: a placeholder of the right kind.
          Object value = env.containsKey("value") ? env.get("value") : "10.0.0.1";
          environment.put(String.valueOf(env.get("name")), String.valueOf(value));
        }
      }
    }
    NodeConfig config = assertLoads(environment);
    assertThat(config.clusterJoin()).isEqualTo("kubernetes");
    assertThat(config.kubernetesServiceDns()).startsWith("infergate-cluster.");
    assertThat(config.storeType()).isEqualTo("postgresql");
    assertThat(config.minClusterSize()).isEqualTo(2);
  }

  @Test
  void theSystemdUnitStopsGracefullyAndRestartsOnFailure() throws IOException {
    List<String> unit = Files.readAllLines(Path.of("packaging/systemd/infergate.service"));
    assertThat(unit).contains("ExecStart=/opt/infergate/scripts/start-node", "KillSignal=SIGTERM",
        "Restart=on-failure", "User=infergate");
    Map<String, String> environment = unit.stream().filter(line -> line.startsWith("Environment="))
        .map(line -> line.substring("Environment=".length()).split("=", 2))
        .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1].replace("%H", "host-1")));
    assertThat(assertLoads(environment).nodeName()).isEqualTo("host-1");
  }

  /** Loads conf/infergate.json under these variables, and checks each setting's value came through. */
  private static NodeConfig assertLoads(Map<String, String> environment) {
    NodeConfig config = NodeConfig.load(CONF, environment);
    JsonObject loaded = config.toJson();
    Map<String, String> byVariable = leaves(loaded, "").stream()
        .collect(Collectors.toMap(NodeConfig::environmentName, path -> path));
    environment.forEach((name, value) -> {
      String path = byVariable.get(name);
      if (path == null || name.equals(NodeKeystore.STORE_PASSWORD_VARIABLE)) {
        return;
      }
      Object actual = at(loaded, path);
      String shown = actual instanceof JsonArray array
          ? array.stream().map(String::valueOf).collect(Collectors.joining(",")) : String.valueOf(actual);
      assertThat(shown).as("%s (%s)", path, name).isEqualTo(value.strip());
    });
    return config;
  }

  private static Set<String> settingVariables() throws IOException {
    JsonObject conf = new JsonObject(Files.readString(CONF));
    return leaves(conf, "").stream().map(NodeConfig::environmentName).collect(Collectors.toSet());
  }

  /** The dotted paths of every value that is not an object: what an environment variable can override. */
  private static List<String> leaves(JsonObject json, String prefix) {
    List<String> paths = new ArrayList<>();
    for (String key : json.fieldNames()) {
      Object value = json.getValue(key);
      if (value instanceof JsonObject nested) {
        paths.addAll(leaves(nested, prefix + key + "."));
      } else {
        paths.add(prefix + key);
      }
    }
    return paths;
  }

  private static Object at(JsonObject json, String path) {
    String[] parts = path.split("\\.");
    JsonObject section = json;
    for (int i = 0; i < parts.length - 1; i++) {
      section = section.getJsonObject(parts[i]);
    }
    return section.getValue(parts[parts.length - 1]);
  }

  /** The README's command that builds the jar: the one indented {@code mvn ... package} line. */
  private static String readmeBuildCommand() throws IOException {
    List<String> commands = Files.readAllLines(Path.of("README.md")).stream()
        .filter(line -> line.matches(" {4}mvn .* package"))
        .map(String::strip)
        .distinct()
        .toList();
    assertThat(commands).as("the README's build command").hasSize(1);
    return commands.get(0);
  }

  private static List<String> stage(List<String> dockerfile, int index) {
    List<String> lines = new ArrayList<>();
    int stage = -1;
    for (String line : dockerfile) {
      if (line.startsWith("FROM ")) {
        stage++;
      }
      if (stage == index) {
        lines.add(line);
      }
    }
    return joinContinuations(lines);
  }

  /** Dockerfile lines with their backslash continuations joined into one. */
  private static List<String> joinContinuations(List<String> lines) {
    List<String> joined = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String text = line.strip();
      if (text.endsWith("\\")) {
        current.append(text, 0, text.length() - 1).append(' ');
        continue;
      }
      current.append(text);
      joined.add(current.toString().replaceAll("\\s+", " "));
      current.setLength(0);
    }
    return Stream.of(joined).flatMap(List::stream).toList();
  }
}
