package io.infergate.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Browser;
import io.infergate.testing.CuttableProxy;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.MockProviderNode;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console's other workflows in a real headless Chromium, against two nodes and the mock
 * provider: API keys (create, shown once, sign in with it on the other node, invalidate), editing
 * through {@code _update} with the revision column, the filters, Try with a rerank and a streamed
 * completion, and the live timeline resuming after the browser's connection drops.
 */
@Tag("browser")
class ConsoleWorkflowsBrowserTest {

  @TempDir
  static Path conf;
  static MockProviderNode node;
  static HttpApi admin;

  @BeforeAll
  static void start() {
    Browser.assumeInstalled();
    node = MockProviderNode.start(conf, new JsonObject(), 2);
    admin = node.cluster().http(0).as(TestUsers.ELASTIC);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void anApiKeyIsCreatedShownOnceUsedOnTheOtherNodeAndInvalidated() {
    try (Browser owner = session(0).signIn(TestUsers.ELASTIC, TestUsers.PASSWORD);
        Browser inferenceAdmin = session(1).signIn(TestUsers.ADMIN, TestUsers.PASSWORD)) {
      // inference_admin manages endpoints, not API keys: the console offers it no keys page.
      inferenceAdmin.visible(By.id("create-endpoint"));
      assertThat(inferenceAdmin.all(By.id("nav-keys"))).isEmpty();

      owner.show("keys");
      owner.type(By.id("key-name"), "console-key");
      owner.type(By.id("key-expiration"), "1d");
      owner.visible(By.id("key-submit")).click();
      WebElement encoded = owner.visible(By.id("key-created-encoded"));
      assertThat(encoded.getDomAttribute("type")).as("the new key before Show").isEqualTo("password");
      String keyId = owner.visible(By.id("key-created-id")).getText();
      String value = encoded.getDomProperty("value");
      String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
      assertThat(decoded).startsWith(keyId + ":");
      owner.visible(By.id("key-reveal")).click();
      assertThat(encoded.getDomAttribute("type")).as("the new key after Show").isEqualTo("text");

      By row = keyRow(keyId);
      owner.awaitText(keyCell(keyId, "col-key-status"), "active");
      assertThat(owner.visible(keyCell(keyId, "col-key-name")).getText()).isEqualTo("console-key");
      assertThat(owner.visible(keyCell(keyId, "col-key-owner")).getText()).startsWith(TestUsers.ELASTIC);
      assertThat(owner.visible(keyCell(keyId, "col-key-expires")).getText()).isNotEqualTo("never");
      owner.visible(By.id("key-created-dismiss")).click();
      owner.gone(By.id("key-created"));
      assertThat(owner.visible(By.id("key-name")).isDisplayed()).isTrue();
      assertThat(owner.script("return document.getElementById('key-created-encoded').value")).isEqualTo("");
      assertThat(owner.driver().getPageSource()).doesNotContain(value);

      try (Browser keyed = session(1).signInWithApiKey(value, TestUsers.ELASTIC)) {
        keyed.show("cluster");
        keyed.awaitText(By.id("cluster-health"), "green");

        owner.visible(row).findElement(By.cssSelector("button.invalidate-key")).click();
        owner.visible(By.id("invalidate-dialog"));
        owner.awaitText(By.id("invalidate-title"), "console-key");
        owner.visible(By.id("invalidate-confirm")).click();
        owner.gone(By.id("invalidate-dialog"));
        owner.awaitText(keyCell(keyId, "col-key-status"), "invalidated");
        assertThat(owner.all(By.cssSelector("#keys-table tr[data-key-id='" + keyId + "'] button.invalidate-key")))
            .isEmpty();

        // The session signed in with the key, on the other node, is refused at its next call.
        String reason = node.cluster().http(1).withApiKey(value).get("/_cluster/health").errorReason();
        assertThat(reason).isEqualTo(
            "unable to authenticate with provided credentials and anonymous access is not allowed for this request");
        keyed.visible(By.id("cluster-refresh")).click();
        keyed.awaitText(By.id("cluster-error"), reason);
      }
      try (Browser again = session(1)) {
        again.type(By.id("signin-apikey"), value);
        again.visible(By.id("signin-submit")).click();
        again.awaitText(By.id("signin-error"), "unable to authenticate with provided credentials");
      }
    }
  }

  @Test
  void editingThroughTheFormRaisesTheRevisionAndTheFiltersNarrowTheTable() {
    String hfUrl = "https://hf.example/models/first";
    JsonObject huggingFace = Endpoints.huggingFace();
    huggingFace.getJsonObject("service_settings").put("url", hfUrl);
    node.put("sparse_embedding", "workflow-edit", huggingFace);
    node.put("text_embedding", "workflow-openai", MockProviderNode.openAi(node.url("/v1/embeddings")));
    node.put("sparse_embedding", "other-endpoint", Endpoints.huggingFace());
    try (Browser s = session(0).signIn(TestUsers.ADMIN, TestUsers.PASSWORD)) {
      By edited = Browser.endpointRow("workflow-edit");
      long before = revisionOf(s, edited);
      assertThat(before).isEqualTo(revisionByApi("workflow-edit"));

      s.visible(edited).findElement(By.cssSelector("button.edit-endpoint")).click();
      s.visible(By.id("endpoint-form"));
      assertThat(s.visible(By.id("form-inference-id")).isEnabled()).isFalse();
      WebElement secret = s.visible(By.cssSelector("#endpoint-form input[name='api_key']"));
      assertThat(secret.getDomProperty("value")).as("a secret prefilled").isEmpty();
      WebElement url = s.visible(By.cssSelector("#endpoint-form input[name='url']"));
      assertThat(url.getDomProperty("value")).isEqualTo(hfUrl);
      assertThat(url.isEnabled()).as("url, which _services says is not updatable").isFalse();
      s.type(By.cssSelector("#endpoint-form input[name='rate_limit.requests_per_minute']"), "777");
      s.visible(By.id("form-submit")).click();
      s.gone(By.id("endpoint-form"));

      long after = s.until("the revision of workflow-edit to rise", d -> {
        long shown = revisionOf(s, edited);
        return shown > before ? shown : null;
      });
      assertThat(after).isEqualTo(revisionByApi("workflow-edit"));
      assertThat(admin.get("/_inference/workflow-edit").json().getJsonArray("endpoints").getJsonObject(0)
          .getJsonObject("service_settings").getJsonObject("rate_limit").getInteger("requests_per_minute"))
          .isEqualTo(777);

      s.type(By.id("endpoint-search"), "workflow-");
      s.gone(Browser.endpointRow("other-endpoint"));
      assertThat(shownIds(s)).containsExactly("workflow-edit", "workflow-openai");
      s.choose("filter-service", "openai");
      s.gone(edited);
      assertThat(shownIds(s)).containsExactly("workflow-openai");
      s.choose("filter-service", "");
      s.choose("filter-task-type", "sparse_embedding");
      s.gone(Browser.endpointRow("workflow-openai"));
      assertThat(shownIds(s)).containsExactly("workflow-edit");
    }
  }

  @Test
  void tryShowsARerankOrderAndACompletionStreamedAsItArrives() {
    node.put("rerank", "try-rerank", new JsonObject().put("service", "hugging_face").put("service_settings",
        new JsonObject().put("api_key", Endpoints.HF_SECRET).put("url", node.url("/rerank"))));
    node.put("completion", "try-complete", MockProviderNode.openAi(node.url("/v1/chat/completions")));
    List<String> documents = List.of("a cat on a mat", "stock prices fell", "the cat sleeps");
    JsonArray expected = admin.post("/_inference/try-rerank", new JsonObject().put("query", "cat")
        .put("input", new JsonArray(documents)).put("return_documents", true)).json().getJsonArray("rerank");
    String completion = admin.post("/_inference/try-complete", new JsonObject().put("input", "tell me a story"))
        .json().getJsonArray("completion").getJsonObject(0).getString("result");

    try (Browser s = session(1).signIn(TestUsers.READER, TestUsers.PASSWORD)) {
      s.show("try");
      s.choose("try-endpoint", "try-rerank");
      s.type(By.id("try-query"), "cat");
      s.type(By.id("try-input"), String.join("\n", documents));
      s.visible(By.id("try-submit")).click();
      By ranked = By.cssSelector("#try-ranking li");
      s.until("3 ranked documents", d -> d.findElements(ranked).size() == 3);
      List<String> shown = s.all(ranked).stream().map(WebElement::getText).toList();
      for (int i = 0; i < expected.size(); i++) {
        assertThat(shown.get(i)).as("rank " + i).contains(expected.getJsonObject(i).getString("text"));
      }

      s.choose("try-endpoint", "try-complete");
      s.gone(By.id("try-query"));
      s.script("""
          window.infergateCompletionChanges = 0;
          new MutationObserver(records => { window.infergateCompletionChanges += records.length; })
            .observe(document.getElementById('try-completion'), {subtree: true, childList: true, characterData: true});
          """);
      s.type(By.id("try-input"), "tell me a story");
      s.visible(By.id("try-submit")).click();
      s.until("#try-completion to hold the whole completion",
          d -> d.findElement(By.id("try-completion")).getText().equals(completion));
      long changes = ((Number) s.script("return window.infergateCompletionChanges")).longValue();
      assertThat(changes).as("changes of #try-completion while the stream arrived").isGreaterThan(1);
    }
  }

  @Test
  void theLiveTimelineResumesAfterTheConnectionDropsWithoutGapsOrDuplicates() {
    try (CuttableProxy proxy = CuttableProxy.to(node.cluster().node(0).httpPort());
        Browser s = Browser.open(proxy.port(), 1366, 900).signIn(TestUsers.ADMIN, TestUsers.PASSWORD)) {
      s.show("live");
      s.awaitText(By.id("live-status"), "connected");
      node.put("sparse_embedding", "resume-0", Endpoints.huggingFace());
      s.visible(liveEvent("created", "resume-0"));

      proxy.cut();
      s.awaitText(By.id("live-status"), "reconnecting");
      HttpApi other = node.cluster().http(1).as(TestUsers.ADMIN);
      for (int i = 1; i <= 3; i++) {
        assertThat(other.put("/_inference/sparse_embedding/resume-" + i, Endpoints.huggingFace()).status())
            .isEqualTo(200);
      }
      Response deleted = other.delete("/_inference/resume-0");
      assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
      proxy.restore();

      s.awaitText(By.id("live-status"), "connected");
      s.visible(liveEvent("deleted", "resume-0"));
      List<Long> sequences = s.all(By.cssSelector("#live-timeline li.live-event")).stream()
          .map(e -> Long.parseLong(e.getDomAttribute("data-sequence"))).toList();
      assertThat(sequences).as("newest first, each once, none missing").hasSize(5);
      for (int i = 1; i < sequences.size(); i++) {
        assertThat(sequences.get(i)).isEqualTo(sequences.get(i - 1) - 1);
      }
      for (int i = 1; i <= 3; i++) {
        assertThat(s.all(liveEvent("created", "resume-" + i))).hasSize(1);
      }
    }
  }

  @Test
  void theKeyboardAloneCreatesAndDeletesAnEndpoint() {
    String id = "keyboard-made";
    try (Browser k = session(0).signIn(TestUsers.ADMIN, TestUsers.PASSWORD)) {
      k.tabTo("#create-endpoint");
      k.press(Keys.ENTER);
      k.visible(By.id("endpoint-form"));
      assertThat(k.script("return document.activeElement.id")).isEqualTo("form-inference-id");
      k.press(id, Keys.TAB);
      // A focused select takes what is typed as a choice of its options, as a user selects without a mouse.
      k.press("sparse");
      k.tabTo("#form-service");
      k.press("Hugging");
      k.tabTo("#endpoint-form input[name='api_key']");
      k.press(Endpoints.HF_SECRET, Keys.TAB);
      k.tabTo("#endpoint-form input[name='url']");
      k.press("https://hf.example/keyboard", Keys.ENTER);
      k.gone(By.id("endpoint-form"));
      By row = Browser.endpointRow(id);
      k.visible(row);
      assertThat(admin.get("/_inference/sparse_embedding/" + id).status()).isEqualTo(200);

      k.tabTo("#endpoints-table tr[data-endpoint-id='" + id + "'] button.delete-endpoint");
      k.press(Keys.ENTER);
      k.visible(By.id("delete-dialog"));
      k.awaitText(By.id("delete-preview"), "Nothing references this endpoint.");
      k.until("#delete-confirm enabled", d -> d.findElement(By.id("delete-confirm")).isEnabled());
      k.tabTo("#delete-confirm");
      k.press(Keys.ENTER);
      k.absent(row);
      assertThat(admin.get("/_inference/" + id).status()).isEqualTo(404);
    }
  }

  private static Browser session(int nodeIndex) {
    return Browser.open(node.cluster().node(nodeIndex).httpPort(), 1366, 900);
  }

  private static By keyRow(String keyId) {
    return By.cssSelector("#keys-table tr[data-key-id='" + keyId + "']");
  }

  private static By keyCell(String keyId, String column) {
    return By.cssSelector("#keys-table tr[data-key-id='" + keyId + "'] td." + column);
  }

  private static By liveEvent(String type, String id) {
    return By.cssSelector("#live-timeline li.live-event[data-type='" + type + "'][data-inference-id='" + id + "']");
  }

  /** The revision the row shows, once it shows one. */
  private static long revisionOf(Browser browser, By row) {
    String text = browser.until("a revision in " + row, d -> {
      String shown = d.findElement(row).findElement(By.cssSelector("td.col-revision")).getText();
      return shown.isEmpty() ? null : shown;
    });
    return Long.parseLong(text);
  }

  private static long revisionByApi(String id) {
    return admin.get("/_inference/" + id + "?include_revision=true").json().getJsonArray("endpoints")
        .getJsonObject(0).getLong("revision");
  }

  private static List<String> shownIds(Browser browser) {
    return browser.all(By.cssSelector("#endpoints-table tbody tr")).stream().filter(WebElement::isDisplayed)
        .map(tr -> tr.getDomAttribute("data-endpoint-id")).toList();
  }
}
