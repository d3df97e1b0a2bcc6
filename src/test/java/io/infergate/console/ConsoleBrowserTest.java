package io.infergate.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.config.NodeConfig;
import io.infergate.testing.Browser;
import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.SseClient;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console (issue 18) in a real headless Chromium against a 2-node cluster: session A on node 0,
 * session B on node 1. Element ids and attributes are those of the console's contract. Tagged
 * {@code browser}: a minute and more of browser sessions, run by {@code .ci/run} as a step of its own
 * ({@code mvn -B test -Pextended}) so that the default suite stays under ten minutes.
 */
@Tag("browser")
class ConsoleBrowserTest {

  /** The built-in endpoint that conf/infergate.json preconfigures: the Try page embeds with it. */
  private static final String BUILT_IN = ".all-minilm-l6-v2-elasticsearch";
  private static final String HF_URL = "https://hf.example/models/elser";

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static HttpApi admin;

  @BeforeAll
  static void start() {
    Browser.assumeInstalled();
    NodeConfig shipped = NodeConfig.load(Path.of("conf/infergate.json"), Map.of());
    cluster = TestCluster.create(2, conf, 1, TestCluster.sqliteStore(conf))
        .preconfigured(new JsonArray(List.copyOf(shipped.preconfiguredEndpoints())));
    cluster.startNode(0);
    cluster.startNode(1);
    admin = cluster.http(0).as(TestUsers.ADMIN);
    Conditions.await(Duration.ofSeconds(30), "the preconfigured built-in endpoint on both nodes",
        () -> admin.get("/_inference/" + BUILT_IN).status() == 200
            && cluster.http(1).as(TestUsers.ADMIN).get("/_inference/" + BUILT_IN).status() == 200);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Scenario 1. */
  @Test
  void bothSessionsSignInAndAWrongPasswordShowsElasticsearchsReasonExactly() {
    try (Browser a = session(0).signIn(TestUsers.ADMIN, TestUsers.PASSWORD);
        Browser b = session(1).signIn(TestUsers.ELASTIC, TestUsers.PASSWORD);
        Browser wrong = session(0)) {
      a.awaitText(By.id("answered-by"), "node-1");
      b.awaitText(By.id("answered-by"), "node-2");
      assertThat(a.visible(By.id("signout")).isDisplayed()).isTrue();

      wrong.submitSignIn(TestUsers.ADMIN, "not-the-password");
      String shown = wrong.awaitText(By.id("signin-error"), "unable to authenticate");
      String reason = cluster.http(0).as(TestUsers.ADMIN, "not-the-password").get("/_security/_authenticate")
          .errorReason();
      assertThat(reason).isEqualTo("unable to authenticate user [admin] for REST request [/_security/_authenticate]");
      assertThat(shown).isEqualTo(reason);
      assertThat(wrong.all(By.id("whoami")).stream().noneMatch(WebElement::isDisplayed))
          .as("#whoami shown after a failed sign-in").isTrue();

      // Credentials are held in a variable only: nothing in storage, cookies or the URL, and a reload signs out.
      assertThat(a.script("return localStorage.length + sessionStorage.length")).isEqualTo(0L);
      assertThat(a.script("return document.cookie")).isEqualTo("");
      assertThat(a.driver().getCurrentUrl()).doesNotContain(TestUsers.PASSWORD);
      a.driver().navigate().refresh();
      a.visible(By.id("signin"));
      assertThat(a.all(By.id("whoami")).stream().noneMatch(WebElement::isDisplayed))
          .as("#whoami shown after a reload").isTrue();
    }
  }

  /** Scenario 2, and the dry-run preview of an endpoint nothing references. */
  @Test
  void anEndpointCreatedThroughTheFormAppearsInTheOtherNodesSessionWithoutReload() {
    String id = "console-created";
    try (Browser a = session(0).signIn(TestUsers.ADMIN, TestUsers.PASSWORD);
        Browser b = session(1).signIn(TestUsers.ELASTIC, TestUsers.PASSWORD)) {
      b.visible(rowOf(BUILT_IN));
      b.script("window.infergateTestSameDocument = true");

      a.visible(By.id("create-endpoint")).click();
      a.visible(By.id("endpoint-form"));
      a.type(By.id("form-inference-id"), id);
      a.choose("form-task-type", "sparse_embedding");
      a.choose("form-service", "hugging_face");
      WebElement apiKey = a.visible(By.cssSelector("#endpoint-form input[name='api_key']"));
      WebElement url = a.visible(By.cssSelector("#endpoint-form input[name='url']"));
      assertThat(apiKey.getDomAttribute("type")).as("api_key input type").isEqualTo("password");
      assertThat(apiKey.getDomAttribute("required")).as("api_key input required attribute").isNotNull();
      assertThat(url.getDomAttribute("required")).as("url input required attribute").isNotNull();
      assertThat(unlabelled(a, "#endpoint-form")).as("form controls without a label").isEmpty();
      apiKey.sendKeys(Endpoints.HF_SECRET);
      url.sendKeys(HF_URL);
      a.visible(By.id("form-submit")).click();

      WebElement row = b.visible(rowOf(id));
      assertThat(row.findElement(By.cssSelector("td.col-id")).getText()).isEqualTo(id);
      assertThat(row.findElement(By.cssSelector("td.col-task-type")).getText()).isEqualTo("sparse_embedding");
      assertThat(row.findElement(By.cssSelector("td.col-service")).getText()).isEqualTo("hugging_face");
      assertThat(b.script("return window.infergateTestSameDocument === true")).as("B reloaded").isEqualTo(true);
      a.visible(rowOf(id));
      JsonObject created = admin.get("/_inference/" + id).json().getJsonArray("endpoints").getJsonObject(0);
      assertThat(created.getString("task_type")).isEqualTo("sparse_embedding");
      assertThat(created.getString("service")).isEqualTo("hugging_face");
      assertThat(created.getJsonObject("service_settings").getString("url")).isEqualTo(HF_URL);
      assertThat(Endpoints.containsSecret(b.driver().getPageSource())).as("a secret in B's page").isFalse();

      // B opens the deletion of the new endpoint: the dry run finds no holder, and cancel keeps it.
      b.visible(rowOf(id)).findElement(By.cssSelector("button.delete-endpoint")).click();
      b.visible(By.id("delete-dialog"));
      b.awaitText(By.id("delete-preview"), "Nothing references this endpoint.");
      assertThat(b.all(By.id("delete-force")).stream().noneMatch(WebElement::isDisplayed))
          .as("#delete-force offered for an endpoint nothing references").isTrue();
      b.visible(By.id("delete-cancel")).click();
      b.gone(By.id("delete-dialog"));
      b.visible(rowOf(id));
      assertThat(admin.get("/_inference/" + id).status()).isEqualTo(200);
    }
  }

  /** Scenarios 3 and 4: B deletes with the preview and force; A's live timeline shows it within a second. */
  @Test
  void aForcedDeleteWithItsPreviewReachesTheOtherSessionsLiveTimelineWithinASecond() {
    String id = "console-referenced";
    assertThat(admin.put("/_inference/sparse_embedding/" + id, Endpoints.huggingFace()).status()).isEqualTo(200);
    assertThat(admin.send("PUT", "/_inference/" + id + "/_references/console-test", null, null).status())
        .isEqualTo(200);
    try (Browser a = session(0).signIn(TestUsers.ADMIN, TestUsers.PASSWORD);
        Browser b = session(1).signIn(TestUsers.ELASTIC, TestUsers.PASSWORD);
        SseClient events = SseClient.open(cluster.node(0).httpPort(),
            "/_inference/_events?types=deleted&inference_id=" + id, TestUsers.ADMIN, null)) {
      assertThat(events.status()).isEqualTo(200);
      a.show("live");
      a.awaitText(By.id("live-status"), "connected");

      By row = rowOf(id);
      b.visible(row).findElement(By.cssSelector("button.delete-endpoint")).click();
      b.visible(By.id("delete-dialog"));
      b.awaitText(By.id("delete-preview"), "console-test");
      WebElement force = b.visible(By.id("delete-force"));
      assertThat(force.isSelected()).isFalse();
      force.click();
      assertThat(force.isSelected()).isTrue();

      By deleted = By.cssSelector("#live-timeline li.live-event[data-type='deleted'][data-inference-id='" + id + "']");
      assertThat(a.all(deleted)).isEmpty();
      // A's page notes (its own clock: the machine's) the moment the deleted event enters its timeline.
      a.script("""
          const selector = arguments[0];
          window.infergateDeletedSeenAt = null;
          const check = () => {
            if (window.infergateDeletedSeenAt === null && document.querySelector(selector)) {
              window.infergateDeletedSeenAt = Date.now();
            }
          };
          new MutationObserver(check).observe(document.documentElement,
              {subtree: true, childList: true, attributes: true, characterData: true});
          """, "#live-timeline li.live-event[data-type=\"deleted\"][data-inference-id=\"" + id + "\"]");
      WebElement confirm = b.visible(By.id("delete-confirm"));
      long confirmed = System.currentTimeMillis();
      confirm.click();
      b.gone(row);

      Number seenAt = a.until("the deleted event in A's #live-timeline", Duration.ofSeconds(10),
          d -> (Number) a.script("return window.infergateDeletedSeenAt"));
      long polled = System.currentTimeMillis() - confirmed;
      long delay = seenAt.longValue() - confirmed;
      SseClient.Event event = events.awaitEvents(1).get(0);
      JsonObject data = event.json();
      long applied = Instant.parse(data.getString("timestamp")).toEpochMilli() - confirmed;
      System.out.printf("console live timeline: deleted event shown in session A %d ms after session B's confirm"
          + " click (the event's timestamp at %d ms; %d ms as polled through WebDriver)%n", delay, applied, polled);
      assertThat(delay).as("ms from B's confirm to the event in A's timeline").isLessThan(1000);

      WebElement shown = a.visible(deleted);
      assertThat(shown.getDomAttribute("data-sequence")).isEqualTo(event.id());
      // The type may be styled (text-transform): compared without case.
      assertThat(shown.getText().toLowerCase(Locale.ROOT)).contains("deleted", id, TestUsers.ELASTIC, "node-2",
          "revision " + data.getLong("revision"));
      WebElement newest = a.visible(By.cssSelector("#live-timeline li.live-event"));
      assertThat(newest.getDomAttribute("data-sequence")).as("newest first").isEqualTo(
          shown.getDomAttribute("data-sequence"));

      assertThat(admin.get("/_inference/" + id).status()).isEqualTo(404);
      a.absent(row);
    }
  }

  /** Scenario 5. */
  @Test
  void anInferenceUserIsOfferedNoCreateEditOrDelete() {
    String id = "console-readable";
    assertThat(admin.put("/_inference/sparse_embedding/" + id, Endpoints.huggingFace()).status()).isEqualTo(200);
    try (Browser adminSession = session(0).signIn(TestUsers.ADMIN, TestUsers.PASSWORD);
        Browser reader = session(1).signIn(TestUsers.READER, TestUsers.PASSWORD)) {
      // The same selectors find the controls for an inference_admin, so their absence below means something.
      adminSession.visible(By.id("create-endpoint"));
      adminSession.visible(rowOf(id)).findElement(By.cssSelector("button.edit-endpoint"));
      adminSession.visible(rowOf(id)).findElement(By.cssSelector("button.delete-endpoint"));

      reader.visible(rowOf(id));
      Conditions.holds(Duration.ofSeconds(1), "no create, edit or delete control in the reader's DOM",
          () -> reader.all(By.cssSelector("#create-endpoint, .edit-endpoint, .delete-endpoint")).isEmpty());
    }
  }

  /** Scenario 6. */
  @Test
  void theKeyboardSignsInWithEnterAndOpensTheLivePageWithTabAndEnter() {
    try (Browser k = session(0)) {
      k.tabTo("#signin-username");
      k.press(TestUsers.ADMIN, Keys.TAB);
      assertThat(k.script("return document.activeElement.id")).isEqualTo("signin-password");
      k.press(TestUsers.PASSWORD, Keys.ENTER);
      k.awaitText(By.id("whoami"), TestUsers.ADMIN);

      k.tabTo("#nav-live");
      assertThat(focusIndicator(k)).as("a visible focus indicator on #nav-live").isTrue();
      k.press(Keys.ENTER);
      k.visible(By.id("page-live"));
      assertThat(k.all(By.id("page-endpoints")).stream().noneMatch(WebElement::isDisplayed))
          .as("#page-endpoints still shown").isTrue();
    }
  }

  /**
   * The Cluster page reads health and the node list again while it is open: a write on the other node
   * shows as a higher view revision without a click on Refresh, and the unchanged rows stay in place.
   */
  @Test
  void theClusterPageFollowsTheRegistryWithoutARefresh() {
    String id = "console-cluster-follow";
    try (Browser s = session(0).signIn(TestUsers.ADMIN, TestUsers.PASSWORD)) {
      s.show("cluster");
      s.awaitText(By.id("cluster-health"), "green");
      By revision = By.cssSelector("#cluster-nodes tr[data-node-name='node-2'] td.col-view-revision");
      long before = Long.parseLong(s.until("node-2's view revision", d -> d.findElements(revision).stream()
          .map(WebElement::getText).filter(text -> !text.isEmpty()).findFirst().orElse(null)));
      // Ticks that change nothing leave the rows in place (a reader's selection survives them).
      s.script("window.infergateTestRow = document.querySelector(\"#cluster-nodes tr[data-node-name='node-1']\")");
      By rate = By.cssSelector("#cluster-charts figure.node-chart[data-node-name='node-1'] .chart-rate polyline");
      s.until("three request-rate samples of node-1", d -> d.findElements(rate).stream()
          .anyMatch(line -> line.getDomAttribute("points").trim().split("\\s+").length >= 3));
      assertThat(s.script("return window.infergateTestRow.isConnected")).as("node-1's row kept").isEqualTo(true);

      assertThat(cluster.http(1).as(TestUsers.ADMIN).put("/_inference/sparse_embedding/" + id,
          Endpoints.huggingFace()).status()).isEqualTo(200);
      s.until("node-2's view revision above " + before, d -> d.findElements(revision).stream()
          .map(WebElement::getText).anyMatch(text -> !text.isEmpty() && Long.parseLong(text) > before));
      assertThat(admin.delete("/_inference/" + id).status()).isEqualTo(200);
    }
  }

  /** Scenario 7: every page, narrow and wide. */
  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"390, 844", "1366, 900"})
  void screenshotsOfEveryPage(int width, int height) {
    String id = "console-shot";
    if (admin.get("/_inference/" + id).status() == 404) {
      assertThat(admin.put("/_inference/sparse_embedding/" + id, Endpoints.huggingFace()).status()).isEqualTo(200);
      assertThat(admin.send("PUT", "/_inference/" + id + "/_references/console-test", null, null).status())
          .isEqualTo(200);
    }
    try (Browser s = Browser.open(cluster.node(0).httpPort(), width, height)) {
      screenshot(s, "signin");
      s.signIn(TestUsers.ELASTIC, TestUsers.PASSWORD);
      s.visible(rowOf(id));
      s.visible(rowOf(BUILT_IN));
      assertThat(s.script("return document.documentElement.scrollWidth <= window.innerWidth"))
          .as("the endpoints page fits " + width + " px without scrolling the whole page sideways").isEqualTo(true);
      List<String> brokenIds = idsBrokenInsideAWord(s);
      screenshot(s, "endpoints");

      s.visible(rowOf(id)).findElement(By.cssSelector("button.delete-endpoint")).click();
      s.visible(By.id("delete-dialog"));
      s.awaitText(By.id("delete-preview"), "console-test");
      s.visible(By.id("delete-force"));
      screenshot(s, "delete-dialog");
      s.visible(By.id("delete-cancel")).click();
      s.gone(By.id("delete-dialog"));

      s.show("try");
      s.choose("try-endpoint", BUILT_IN);
      s.type(By.id("try-input"), "The cat sits on the mat");
      s.visible(By.id("try-submit")).click();
      s.until("#try-dimensions to show 'dimensions: 384'", Duration.ofSeconds(60),
          d -> d.findElements(By.id("try-dimensions")).stream().anyMatch(e -> e.getText().equals("dimensions: 384")));
      assertThat(s.visible(By.id("try-values")).getText()).isNotBlank();
      screenshot(s, "try");

      String live = "console-shot-live-" + width;
      s.show("live");
      s.awaitText(By.id("live-status"), "connected");
      admin.put("/_inference/sparse_embedding/" + live, Endpoints.huggingFace());
      admin.delete("/_inference/" + live);
      s.visible(By.cssSelector("#live-timeline li.live-event[data-type='deleted'][data-inference-id='" + live + "']"));
      screenshot(s, "live");

      s.show("cluster");
      s.awaitText(By.id("cluster-health"), "green");
      s.visible(By.cssSelector("#cluster-nodes tr[data-node-name='node-1']"));
      s.visible(By.cssSelector("#cluster-nodes tr[data-node-name='node-2']"));
      s.awaitText(By.id("answered-by"), "node-1");
      // The charts: a request rate needs two samples of a node's count (2 s apart), the lag one.
      for (String name : List.of("node-1", "node-2")) {
        String chart = "#cluster-charts figure.node-chart[data-node-name='" + name + "'] ";
        s.until(name + "'s request rate", Duration.ofSeconds(20), d -> d.findElements(By.cssSelector(
            chart + ".chart-rate polyline")).size() == 1);
        assertThat(Double.parseDouble(s.visible(By.cssSelector(chart + ".rate-value")).getText())).isNotNegative();
        assertThat(s.visible(By.cssSelector(chart + ".lag-value")).getText()).isEqualTo("0");
      }
      // A screenshot of lines, not single points: a few more samples, with requests to both nodes
      // sent as the page is polled, so that the rates are not all zero.
      HttpApi secondAdmin = cluster.http(1).as(TestUsers.ADMIN);
      s.until("four request-rate samples of each node", Duration.ofSeconds(30), d -> {
        admin.get("/_inference");
        secondAdmin.get("/_inference");
        return d.findElements(By.cssSelector("#cluster-charts .chart-rate polyline")).stream()
            .filter(line -> line.getDomAttribute("points").trim().split("\\s+").length >= 4).count() == 2;
      });
      screenshot(s, "cluster");

      s.show("keys");
      s.visible(By.id("key-form"));
      s.visible(By.id("keys-table"));
      screenshot(s, "keys");

      s.show("endpoints");
      s.visible(By.id("create-endpoint")).click();
      s.visible(By.id("endpoint-form"));
      s.choose("form-task-type", "sparse_embedding");
      s.choose("form-service", "hugging_face");
      s.visible(By.cssSelector("#endpoint-form input[name='api_key']"));
      screenshot(s, "form");

      // Checked once every page has its screenshot: a narrow table scrolls sideways or stacks, never squeezes.
      assertThat(brokenIds).as("endpoint ids wrapped inside a word at " + width + " px").isEmpty();
      // Nothing the pages did was refused by the console's Content-Security-Policy (an inline style or script).
      List<String> messages = s.consoleMessages();
      System.out.println("console messages at " + width + " px: " + messages);
      assertThat(messages).noneMatch(message -> message.contains("Content Security Policy"));
    }
  }

  /**
   * The ids in {@code td.col-id} that take more lines than they have hyphen-separated parts: a table
   * squeezed into a narrow window instead of scrolling sideways or stacking.
   */
  @SuppressWarnings("unchecked")
  private static List<String> idsBrokenInsideAWord(Browser browser) {
    return (List<String>) browser.script("""
        return [...document.querySelectorAll('#endpoints-table td.col-id')].flatMap(cell => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
          const id = cell.textContent.trim();
          return lines > id.split('-').length ? [id + ' on ' + lines + ' lines'] : [];
        });
        """);
  }

  private static Browser session(int node) {
    return Browser.open(cluster.node(node).httpPort(), 1366, 900);
  }

  private static By rowOf(String id) {
    return Browser.endpointRow(id);
  }

  /** The names (or ids) of the inputs and selects under {@code scope} with neither a label nor an aria-label. */
  @SuppressWarnings("unchecked")
  private static List<String> unlabelled(Browser browser, String scope) {
    return (List<String>) browser.script("""
        return [...document.querySelectorAll(arguments[0] + ' input, ' + arguments[0] + ' select, '
            + arguments[0] + ' textarea')]
          .filter(e => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label')
            && !e.getAttribute('aria-labelledby'))
          .map(e => e.name || e.id);
        """, scope);
  }

  /** True when the focused element draws an outline (or a box shadow) that shows it has the focus. */
  private static boolean focusIndicator(Browser browser) {
    return (Boolean) browser.script("""
        const style = getComputedStyle(document.activeElement);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        return outline || style.boxShadow !== 'none';
        """);
  }

  private static void screenshot(Browser browser, String page) {
    Path file = browser.screenshot(page);
    assertThat(file).exists();
    try {
      assertThat(Files.size(file)).isGreaterThan(1000);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
