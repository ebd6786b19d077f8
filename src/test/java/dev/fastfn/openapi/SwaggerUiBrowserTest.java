package dev.fastfn.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fastfn.testing.TestServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Swagger UI in Debian's headless Chromium: the page loads offline from the jar, lists the operations
 * of the generated document, and "Try it out" calls the server. Part of the normal suite whenever
 * Debian's {@code chromium} and {@code chromium-driver} are installed ({@code .ci/run} installs them);
 * skipped when the binaries are missing.
 */
class SwaggerUiBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  static Path root;
  static TestServer server;
  static ChromeDriver browser;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium and chromium-driver are not installed");
    TestServer.write(root, Map.of("get.hello.py",
        "def handler(event):\n    return {'hello': (event.get('query') or {}).get('name', 'world')}\n"));
    server = TestServer.start(root, Map.of("FN_OPENAPI_INCLUDE_INTERNAL", "1", "FN_DEFAULT_TIMEOUT_MS", "30000"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1280,2000", "--no-proxy-server");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  private static WebElement operation(String id) {
    return browser.findElement(By.cssSelector("[id$='-" + id + "']"));
  }

  private static void screenshot(String name) throws Exception {
    Path out = Path.of("target", "browser", name + ".png");
    Files.createDirectories(out.getParent());
    Files.write(out, browser.getScreenshotAs(OutputType.BYTES));
  }

  /** Expands an operation, presses "Try it out" then "Execute", and returns the response status text. */
  private static String tryItOut(String operationId, Map<String, String> params) {
    WebElement op = operation(operationId);
    op.findElement(By.cssSelector(".opblock-summary")).click();
    await().atMost(WAIT).until(() -> !op.findElements(By.cssSelector(".try-out__btn")).isEmpty());
    op.findElement(By.cssSelector(".try-out__btn")).click();
    params.forEach((name, value) -> {
      WebElement input = op.findElement(By.cssSelector("tr[data-param-name='" + name + "'] input"));
      input.clear();
      input.sendKeys(value);
    });
    op.findElement(By.cssSelector(".execute")).click();
    await().atMost(WAIT).until(() -> !op.findElements(By.cssSelector(".live-responses-table tbody .response-col_status"))
        .isEmpty());
    return op.findElement(By.cssSelector(".live-responses-table tbody .response-col_status")).getText().trim();
  }

  @Test
  void page_loads_offline_and_lists_the_operations() throws Exception {
    browser.get(server.base() + "/_fn/docs");
    await().atMost(WAIT).until(() -> !browser.findElements(By.cssSelector(".opblock")).isEmpty());
    screenshot("swagger-ui");
    assertThat(browser.getTitle()).isEqualTo("fastfn Swagger UI");
    List<String> paths = browser.findElements(By.cssSelector(".opblock-summary-path")).stream()
        .map(e -> e.getAttribute("data-path")).toList();
    assertThat(paths).contains("/_fn/health", "/_fn/openapi.json", "/_fn/logs");
    Object resources = ((JavascriptExecutor) browser).executeScript(
        "return performance.getEntriesByType('resource').map(r => r.name)"
            + ".filter(n => /^(https?|wss?):/.test(n) && !n.startsWith(location.origin))");
    assertThat((List<?>) resources).as("everything is served by fastfn").isEmpty();
  }

  @Test
  void try_it_out_calls_the_server() throws Exception {
    browser.get(server.base() + "/_fn/docs");
    await().atMost(WAIT).until(() -> !browser.findElements(By.cssSelector(".opblock")).isEmpty());
    assertThat(tryItOut("internal_health_get", Map.of())).startsWith("200");
    WebElement body = operation("internal_health_get").findElement(By.cssSelector(".live-responses-table .microlight"));
    assertThat(body.getText()).contains("\"status\"", "\"ok\"");
    screenshot("try-it-out-health");
  }

  @Test
  void try_it_out_invokes_a_function_route() throws Exception {
    browser.get(server.base() + "/docs");
    await().atMost(WAIT).until(() -> !browser.findElements(By.cssSelector(".opblock")).isEmpty());
    List<String> paths = browser.findElements(By.cssSelector(".opblock-summary-path")).stream()
        .map(e -> e.getAttribute("data-path")).toList();
    assertThat(paths).contains("/hello");
    assertThat(tryItOut("get_python_get_hello_py_default", Map.of())).startsWith("200");
    WebElement body = operation("get_python_get_hello_py_default")
        .findElement(By.cssSelector(".live-responses-table .microlight"));
    assertThat(body.getText()).contains("\"hello\"", "\"world\"");
    screenshot("try-it-out-function");
  }
}
