package io.infergate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second official client, {@code @elastic/elasticsearch} (Node), runs {@code clients/js/api-key-flow.mjs}
 * against one node: it creates an API key limited to {@code monitor_inference} with
 * {@code security.createApiKey}, lists endpoints with {@code auth: {apiKey}}, is refused a PUT with the
 * 403 naming the key, invalidates it with {@code security.invalidateApiKey} and gets 401 after.
 * Skipped until {@code npm ci --prefix clients/js} has installed the client ({@code .ci/run} does).
 */
class JavascriptClientApiKeyTest {

  private static final Path PROJECT = Path.of("clients", "js");
  private static final long TIMEOUT_SECONDS = 90;

  @TempDir
  Path conf;
  @TempDir
  Path output;

  @Test
  void theJavascriptClientCreatesUsesAndInvalidatesAnApiKey() throws Exception {
    assumeTrue(Files.isDirectory(PROJECT.resolve("node_modules/@elastic/elasticsearch")),
        "the JavaScript client is not installed: run `npm ci --prefix clients/js` (Node 20+) to run this test");
    assumeTrue(nodeAvailable(), "`node` is not on the PATH: install Node 20+ and run `npm ci --prefix clients/js`");

    try (TestCluster cluster = TestCluster.start(1, conf)) {
      Path stdout = output.resolve("stdout");
      Path stderr = output.resolve("stderr");
      ProcessBuilder builder = new ProcessBuilder("node", "api-key-flow.mjs")
          .directory(PROJECT.toFile())
          .redirectOutput(stdout.toFile())
          .redirectError(stderr.toFile());
      builder.environment().put("INFERGATE_URL", "http://127.0.0.1:" + cluster.node(0).httpPort());
      builder.environment().put("ELASTIC_PASSWORD", TestUsers.PASSWORD);
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("api-key-flow.mjs did not finish in " + TIMEOUT_SECONDS + " s; stderr: "
            + Files.readString(stderr));
      }
      String printed = Files.readString(stdout).strip();
      String errors = Files.readString(stderr);
      assertThat(process.exitValue()).as("exit status; stdout: %s; stderr: %s", printed, errors).isZero();

      List<String> lines = printed.lines().toList();
      assertThat(lines).as("one JSON line").hasSize(1);
      JsonObject results = new JsonObject(lines.get(0));
      assertThat(results.getBoolean("ok")).isTrue();
      assertThat(results.getString("client")).isEqualTo("elasticsearch-js");
      String id = results.getString("api_key_id");
      assertThat(id).isNotBlank();
      assertThat(results.getInteger("get_endpoints")).isNotNull();
      assertThat(results.getInteger("put_status")).isEqualTo(403);
      assertThat(results.getString("put_type")).isEqualTo("security_exception");
      assertThat(results.getString("put_reason")).contains("API key id [" + id + "] of user [elastic]");
      assertThat(results.getJsonArray("invalidated_api_keys")).isEqualTo(new JsonArray().add(id));
      assertThat(results.getInteger("after_invalidation_status")).isEqualTo(401);
      assertThat(results.getString("after_invalidation_type")).isEqualTo("security_exception");
      assertThat(results.getJsonObject("info_version").getString("distribution")).isEqualTo("infergate");
      assertThat(results.getJsonArray("checks")).hasSize(7)
          .allSatisfy(check -> assertThat(((JsonObject) check).getBoolean("ok")).as(check.toString()).isTrue());
    }
  }

  private static boolean nodeAvailable() {
    try {
      Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      return version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
