package io.infergate.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium session (Debian's {@code chromium} driven by its {@code chromedriver}),
 * with a profile of its own, pointed at one node's console. Waits are on conditions, polled often
 * enough to time what the page does; never fixed sleeps.
 */
public final class Browser implements AutoCloseable {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** Where {@link #screenshot(String)} writes, relative to the project (surefire's working directory). */
  public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  public static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL = Duration.ofMillis(10);

  private final ChromeDriver driver;
  private final Path profile;
  private final String url;

  private Browser(ChromeDriver driver, Path profile, String url) {
    this.driver = driver;
    this.profile = profile;
    this.url = url;
  }

  /** Skips the calling test (a JUnit assumption) when Debian's Chromium or its driver is not installed. */
  public static void assumeInstalled() {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "real-browser tests need Debian's Chromium and its driver (" + CHROMIUM + ", " + CHROMEDRIVER
            + "): apt-get install chromium chromium-driver (.ci/run installs them)");
  }

  /** A new session of {@code width}×{@code height} that has loaded the console of the node on {@code httpPort}. */
  public static Browser open(int httpPort, int width, int height) {
    Path profile;
    try {
      profile = Files.createTempDirectory("infergate-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
    // Keeps the page's console messages, where Chromium reports what the Content-Security-Policy refused.
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    // The driver is named, so Selenium Manager never looks for one (nothing here reaches the internet).
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      deleteTree(profile);
      throw e;
    }
    Browser browser = new Browser(driver, profile, "http://127.0.0.1:" + httpPort + "/_console/");
    try {
      browser.resize(width, height);
      driver.get(browser.url);
      browser.visible(By.id("signin"));
    } catch (RuntimeException e) {
      browser.close();
      throw e;
    }
    return browser;
  }

  public WebDriver driver() {
    return driver;
  }

  public String url() {
    return url;
  }

  /**
   * Makes the viewport {@code width}×{@code height} CSS pixels (what the screenshots show), whatever
   * the window's decorations take; where the window cannot get that small, the viewport is emulated.
   */
  public Browser resize(int width, int height) {
    if (viewport("innerWidth") == width && viewport("innerHeight") == height) {
      return this;  // --window-size already gave it (resizing a window takes a second or two)
    }
    driver.manage().window().setSize(new Dimension(width, height));
    int dw = width - viewport("innerWidth");
    int dh = height - viewport("innerHeight");
    if (dw != 0 || dh != 0) {
      driver.manage().window().setSize(new Dimension(width + dw, height + dh));
    }
    if (viewport("innerWidth") != width || viewport("innerHeight") != height) {
      driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
          "deviceScaleFactor", 1, "mobile", false));
    }
    if (viewport("innerWidth") != width || viewport("innerHeight") != height) {
      throw new IllegalStateException("the viewport is " + viewport("innerWidth") + "x" + viewport("innerHeight")
          + ", not " + width + "x" + height);
    }
    return this;
  }

  private int viewport(String dimension) {
    return ((Number) script("return window." + dimension)).intValue();
  }

  /** Fills the sign-in form and submits it, without waiting for what follows. */
  public Browser submitSignIn(String user, String password) {
    type(By.id("signin-username"), user);
    type(By.id("signin-password"), password);
    visible(By.id("signin-submit")).click();
    return this;
  }

  /** Signs in and waits until the console shows {@code user} signed in. */
  public Browser signIn(String user, String password) {
    submitSignIn(user, password);
    awaitText(By.id("whoami"), user);
    return this;
  }

  /** Signs in with an API key's encoded value and waits until the console shows its owner signed in. */
  public Browser signInWithApiKey(String encoded, String owner) {
    type(By.id("signin-apikey"), encoded);
    visible(By.id("signin-submit")).click();
    awaitText(By.id("whoami"), owner);
    return this;
  }

  /** Selects {@code value} in {@code select#id} once the page has offered it. */
  public void choose(String id, String value) {
    By option = By.cssSelector("select#" + id + " option[value='" + value + "']");
    until(option + " to exist", d -> !d.findElements(option).isEmpty());
    new Select(visible(By.id(id))).selectByValue(value);
  }

  /** The row of the endpoint {@code id} in the endpoints table. */
  public static By endpointRow(String id) {
    return By.cssSelector("#endpoints-table tr[data-endpoint-id='" + id + "']");
  }

  /** Presses keys as a user would, into whatever has the focus. */
  public void press(CharSequence... keys) {
    new Actions(driver).sendKeys(keys).perform();
  }

  /** Presses Tab until the focused element matches the CSS {@code selector} (at most 60 times). */
  public void tabTo(String selector) {
    for (int i = 0; i < 60; i++) {
      if (Boolean.TRUE.equals(script("return document.activeElement !== null && document.activeElement.matches(arguments[0])",
          selector))) {
        return;
      }
      press(Keys.TAB);
    }
    throw new AssertionError("60 presses of Tab never reached " + selector);
  }

  /** Clears a field and types {@code text} into it. */
  public WebElement type(By field, String text) {
    WebElement element = visible(field);
    element.clear();
    element.sendKeys(text);
    return element;
  }

  /** Clicks {@code #nav-<page>} and waits until {@code #page-<page>} is the page shown. */
  public Browser show(String page) {
    visible(By.id("nav-" + page)).click();
    visible(By.id("page-" + page));
    return this;
  }

  /** Waits until {@code condition} gives a value other than null or false, polling every 10 ms. */
  public <T> T until(String what, Function<WebDriver, T> condition) {
    return until(what, TIMEOUT, condition);
  }

  public <T> T until(String what, Duration timeout, Function<WebDriver, T> condition) {
    return until(() -> what, timeout, condition);
  }

  /** As {@link #until(String, Duration, Function)}, with a message made when the wait fails. */
  private <T> T until(Supplier<String> what, Duration timeout, Function<WebDriver, T> condition) {
    WebDriverWait wait = new WebDriverWait(driver, timeout, POLL);
    wait.withMessage(what).ignoring(StaleElementReferenceException.class);
    return wait.until(condition);
  }

  /** The element, once it exists and is displayed. */
  public WebElement visible(By by) {
    return until(by + " to be displayed", d -> d.findElements(by).stream().filter(WebElement::isDisplayed)
        .findFirst().orElse(null));
  }

  /** Waits until no element matches {@code by} (or none is displayed). */
  public void gone(By by) {
    until(by + " to be gone", d -> d.findElements(by).stream().noneMatch(WebElement::isDisplayed));
  }

  /** Waits until no element matching {@code by} is left in the DOM, shown or not. */
  public void absent(By by) {
    until(by + " to be removed", d -> d.findElements(by).isEmpty());
  }

  /**
   * Waits until the element's visible text contains {@code expected}; returns that text. A timeout
   * says what the matching elements showed instead.
   */
  public String awaitText(By by, String expected) {
    return until(() -> by + " to show text containing '" + expected + "' (shown: " + texts(by) + ")", TIMEOUT,
        d -> d.findElements(by).stream().map(WebElement::getText).filter(text -> text.contains(expected))
            .findFirst().orElse(null));
  }

  private List<String> texts(By by) {
    try {
      return driver.findElements(by).stream().map(WebElement::getText).toList();
    } catch (RuntimeException gone) {
      return List.of("unreadable: " + gone.getClass().getSimpleName());
    }
  }

  /** Every element matching {@code by}, displayed or not (what the DOM holds). */
  public List<WebElement> all(By by) {
    return driver.findElements(by);
  }

  /** Runs JavaScript in the page (WebDriver's script evaluation is not subject to the page's CSP). */
  public Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** The page's console messages since the last call (Chromium's browser log). */
  public List<String> consoleMessages() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(entry -> entry.getLevel() + " " + entry.getMessage()).toList();
  }

  /** Writes what the viewport shows to {@code target/console-screenshots/<name>-<width>.png}. */
  public Path screenshot(String name) {
    Path file = SCREENSHOTS.resolve(name + "-" + viewport("innerWidth") + ".png");
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException ignored) {
      // a temporary profile left behind is harmless
    }
  }
}
