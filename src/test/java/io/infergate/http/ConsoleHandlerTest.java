package io.infergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Conditions;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser console's files: served at {@code /_console/} without credentials, with the content
 * security policy and the other headers on every answer, GET and HEAD only, nothing outside its
 * directory, and no API reachable through it.
 */
class ConsoleHandlerTest {

  private static final Path CONSOLE = Path.of("src/main/resources/console");
  private static final Map<String, String> SECURITY_HEADERS = Map.of(
      "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      "X-Content-Type-Options", "nosniff",
      "Referrer-Policy", "no-referrer",
      "X-Frame-Options", "DENY",
      "Cache-Control", "no-cache");

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static HttpApi api;
  static HttpApi anonymous;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(1, conf);
    api = cluster.http(0);
    anonymous = api.anonymous();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static void assertSecurityHeaders(Response response) {
    SECURITY_HEADERS.forEach((name, value) ->
        assertThat(response.header(name)).as(name + " of " + response).isEqualTo(value));
    assertThat(response.headers().allValues("Cache-Control")).as("one Cache-Control").hasSize(1);
  }

  @Test
  void thePageIsServedWithoutCredentialsWithEveryHeaderOfItsPolicy() {
    Response page = anonymous.get("/_console/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.body()).contains("<form id=\"signin\"", "src=\"app.js\"");
    assertSecurityHeaders(page);

    Response index = anonymous.get("/_console/index.html");
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.body()).isEqualTo(page.body());
  }

  @Test
  void scriptsAreJavaScriptAndTheStylesheetIsCss() {
    Response script = anonymous.get("/_console/app.js");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.header("Content-Type")).contains("javascript");
    assertSecurityHeaders(script);
    Response style = anonymous.get("/_console/style.css");
    assertThat(style.status()).isEqualTo(200);
    assertThat(style.header("Content-Type")).startsWith("text/css");
    assertSecurityHeaders(style);
  }

  @Test
  void headAnswersWithoutABody() {
    Response head = anonymous.send("HEAD", "/_console/app.js", null, null);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertSecurityHeaders(head);
  }

  @Test
  void withoutItsSlashTheConsoleRedirects() {
    Response redirect = anonymous.get("/_console");
    assertThat(redirect.status()).isEqualTo(301);
    assertThat(redirect.header("Location")).isEqualTo("/_console/");
    assertSecurityHeaders(redirect);
  }

  @Test
  void aMissingFileIsA404() {
    for (String path : List.of("/_console/missing.js", "/_console/nested/index.html", "/_console/.hidden")) {
      Response missing = anonymous.get(path);
      assertThat(missing.status()).as(path).isEqualTo(404);
      assertThat(missing.errorType()).as(path).isEqualTo("resource_not_found_exception");
      assertSecurityHeaders(missing);
    }
  }

  /** Dot segments are resolved before the route is chosen: what leaves the console is authenticated. */
  @Test
  void dotSegmentsDoNotEscapeTheConsole() {
    List<String> escapes = List.of("/_console/../pom.xml", "/_console/../_nodes", "/_console/../",
        "/_console/%2e%2e/_cluster/health", "/_console/%2E%2E/%2E%2E/etc/passwd", "/_console/../infergate-logging.properties",
        "/_console/./../_inference", "/x/../_console/../_security/_authenticate");
    for (String path : escapes) {
      Response response = anonymous.raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      assertThat(response.status()).as(path).isEqualTo(401);
      assertThat(response.body()).as(path).doesNotContain("cluster_name", "<project", "handlers");
    }
    List<String> insideOut = List.of("/_console/..%2f..%2fpom.xml", "/_console/%2e%2e%2f%2e%2e%2fpom.xml",
        "/_console/..%5c..%5cpom.xml", "/_console/....//pom.xml");
    for (String path : insideOut) {
      Response response = anonymous.raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      assertThat(response.status()).as(path).isIn(400, 401, 404);
      assertThat(response.body()).as(path).doesNotContain("<project", "handlers");
    }
  }

  @Test
  void onlyGetAndHeadAreServed() {
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
      Response refused = api.send(method, "/_console/app.js", "{}", "application/json");
      assertThat(refused.status()).as(method).isEqualTo(405);
      assertThat(refused.header("Allow")).isEqualTo("GET, HEAD");
      assertSecurityHeaders(refused);
    }
    assertThat(api.send("POST", "/_console", "{}", "application/json").status()).isEqualTo(405);
    // Without credentials a write is refused as anywhere else, before its body is read.
    assertThat(anonymous.send("POST", "/_console/", "{}", "application/json").status()).isEqualTo(401);
  }

  @Test
  void theApiStillNeedsCredentials() {
    assertThat(anonymous.get("/").status()).isEqualTo(401);
    assertThat(anonymous.get("/_inference").status()).isEqualTo(401);
    assertThat(anonymous.get("/_security/_authenticate").status()).isEqualTo(401);
    assertThat(anonymous.get("/_consoleX").status()).isEqualTo(401);
    assertThat(api.get("/_inference").status()).isEqualTo(200);
  }

  @Test
  void consoleRequestsAreNotAudited() {
    anonymous.get("/_console/");
    anonymous.send("HEAD", "/_console/app.js", null, null);
    api.send("POST", "/_console/app.js", "{}", "application/json");
    api.send("DELETE", "/_console/", null, null);
    // A change that is audited, as a marker: everything before it has been written by then.
    api.as(TestUsers.READER).delete("/_inference/audit-marker");
    Path file = cluster.auditFile();
    Conditions.await(Duration.ofSeconds(10), "the marker's audit line",
        () -> auditLines(file).stream().anyMatch(line -> line.contains("audit-marker")));
    assertThat(auditLines(file)).noneMatch(line -> line.contains("_console"));
  }

  /** Every file the page loads, through links and imports, is served. */
  @Test
  void everyFileThePageLoadsIsServed() throws IOException {
    Pattern reference = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"|from '\\./([^']+)'");
    for (Path file : consoleFiles()) {
      Matcher matcher = reference.matcher(Files.readString(file));
      while (matcher.find()) {
        String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
        Response response = anonymous.get("/_console/" + name);
        assertThat(response.status()).as(name + " referenced by " + file.getFileName()).isEqualTo(200);
      }
    }
  }

  /**
   * The policy in the files themselves: no external URL (the machine has no internet, and the
   * policy would block it), no inline script or style, no HTML parsed from data, no storage.
   */
  @Test
  void theFilesReferNothingExternalAndKeepNoSecrets() throws IOException {
    List<Path> files = consoleFiles();
    assertThat(files).extracting(path -> path.getFileName().toString()).contains("index.html", "app.js", "style.css");
    for (Path file : files) {
      // SVG's namespace name is an identifier that is never fetched, the one URL-shaped text allowed.
      String text = Files.readString(file).replace("'http://www.w3.org/2000/svg'", "'svg-namespace'");
      String name = file.getFileName().toString();
      assertThat(text).as(name).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://")
          .doesNotContain("@import").doesNotContain("innerHTML").doesNotContain("outerHTML")
          .doesNotContain("insertAdjacentHTML").doesNotContain("document.write").doesNotContain("eval(")
          .doesNotContain("localStorage").doesNotContain("sessionStorage").doesNotContain("document.cookie");
      assertThat(Pattern.compile("(?:src|href|action)=\"//").matcher(text).find()).as(name).isFalse();
      assertThat(Pattern.compile("url\\((?!\\s*['\"]?data:)").matcher(text).find()).as(name + " url(").isFalse();
      if (name.endsWith(".html")) {
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(text).find()).as("inline script").isFalse();
        assertThat(text).as(name).doesNotContain("<style").doesNotContain(" style=");
        assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(text).find())
            .as("inline event handler").isFalse();
      }
    }
  }

  private static List<Path> consoleFiles() {
    try (Stream<Path> files = Files.list(CONSOLE)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> auditLines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList() : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
