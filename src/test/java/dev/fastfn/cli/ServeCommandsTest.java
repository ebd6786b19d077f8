package dev.fastfn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dev} and {@code run} in-process: banner, serving, config precedence, clean stop, startup errors. */
class ServeCommandsTest {
  private static final Pattern URL = Pattern.compile("URL:\\s+(http://\\S+)");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private static String baseUrl(Cli cli) {
    await().atMost(Duration.ofSeconds(30)).until(() -> URL.matcher(cli.out()).find());
    Matcher m = URL.matcher(cli.out());
    m.find();
    return m.group(1);
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void dev_prints_url_docs_and_routes_then_serves_until_stopped() throws Exception {
    Path root = Files.createDirectories(dir.resolve("functions"));
    Files.writeString(root.resolve("get.hello.py"), "def handler(event):\n    return {'hello': 'world'}\n");
    Cli cli = new Cli(dir);
    CompletableFuture<Integer> run = cli.start("dev", "functions", "--port", "0");
    String base = baseUrl(cli);
    assertThat(cli.out()).startsWith("fastfn dev serving " + root.toRealPath() + "\n")
        .contains("  Docs:  " + base + "/_fn/docs\n")
        .contains("  Logs:  " + root.toRealPath().resolve(".fastfn/state/logs") + "\n")
        .contains("  Hot reload enabled (file changes will trigger handler reload)\n")
        .contains("  Routes (")
        .contains("Press Ctrl-C to stop.\n");
    assertThat(get(base + "/_fn/health").statusCode()).isEqualTo(200);
    assertThat(get(base + "/_fn/docs").body()).contains("fastfn Swagger UI");
    cli.stop();
    assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(cli.out()).endsWith("Stopped.\n");
    assertThat(cli.err()).isEmpty();
  }

  @Test
  void dev_lists_discovered_routes_in_the_banner() throws Exception {
    Path root = Files.createDirectories(dir.resolve("functions"));
    Files.writeString(root.resolve("get.hello.py"), "def handler(event):\n    return {'hello': 'world'}\n");
    Cli cli = new Cli(dir);
    CompletableFuture<Integer> run = cli.start("dev", "functions", "--port", "0");
    baseUrl(cli);
    cli.stop();
    assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(cli.out()).containsPattern("Routes \\(1\\):\n\\s+GET\\s+/hello\\s+python\\s+get\\.hello\\.py\n");
  }

  @Test
  void run_uses_production_defaults_unless_env_or_fastfn_json_say_otherwise() throws Exception {
    Cli cli = new Cli(dir);
    CompletableFuture<Integer> run = cli.start("run", ".", "--port", "0");
    baseUrl(cli);
    cli.stop();
    assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(cli.out()).startsWith("fastfn run serving").contains("  Hot reload disabled\n");

    Files.writeString(dir.resolve("fastfn.json"), "{\"hot-reload\": true, \"force-url\": true}");
    Cli fromFile = new Cli(dir);
    CompletableFuture<Integer> run2 = fromFile.start("run", "--port", "0");
    baseUrl(fromFile);
    fromFile.stop();
    assertThat(run2.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(fromFile.out()).startsWith("Using force-url from config: true\nUsing hot-reload from config: true\n")
        .contains("  Hot reload enabled");

    Cli envWins = new Cli(dir).env("FN_HOT_RELOAD", "0");
    CompletableFuture<Integer> run3 = envWins.start("run", "--port", "0", "--native");
    baseUrl(envWins);
    envWins.stop();
    assertThat(run3.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(envWins.out()).doesNotContain("Using hot-reload").contains("  Hot reload disabled\n");

    Cli flagWins = new Cli(dir).env("FN_HOT_RELOAD", "0");
    CompletableFuture<Integer> run4 = flagWins.start("run", "--port", "0", "--hot-reload");
    baseUrl(flagWins);
    flagWins.stop();
    assertThat(run4.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(flagWins.out()).contains("  Hot reload enabled");
  }

  @Test
  void force_url_flag_is_announced() throws Exception {
    Cli cli = new Cli(dir);
    CompletableFuture<Integer> run = cli.start("dev", "--port", "0", "--force-url");
    baseUrl(cli);
    cli.stop();
    assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(cli.out()).startsWith("force-url enabled (will allow config/policy routes to override existing URLs)\n");
  }

  @Test
  void missing_directory_fails_with_the_mode_message() {
    Cli dev = new Cli(dir);
    assertThat(dev.run("dev", "nope")).isEqualTo(1);
    assertThat(dev.err()).isEqualTo("Error: Invalid functions directory: " + dir.resolve("nope") + "\n");
    Cli run = new Cli(dir);
    assertThat(run.run("run", "nope")).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Error: Directory not found: " + dir.resolve("nope") + "\n");
  }

  @Test
  void functions_dir_comes_from_fastfn_json_when_not_given() throws Exception {
    Files.writeString(dir.resolve("fastfn.json"), "{\"functions-dir\": \"srv\"}");
    Cli cli = new Cli(dir);
    assertThat(cli.run("dev")).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("Error: Invalid functions directory: " + dir.resolve("srv") + "\n");
  }

  @Test
  void busy_port_fails_with_exit_1() throws Exception {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress("127.0.0.1", 0));
      Cli cli = new Cli(dir);
      assertThat(cli.run("dev", "--port", Integer.toString(busy.getLocalPort()))).isEqualTo(1);
      assertThat(cli.err()).startsWith("Error: port " + busy.getLocalPort() + " is already in use");
    }
  }

  @Test
  void invalid_settings_fail_naming_the_variable() {
    Cli cli = new Cli(dir).env("FN_DEFAULT_TIMEOUT_MS", "soon");
    assertThat(cli.run("dev", "--port", "0")).isEqualTo(1);
    assertThat(cli.err()).contains("Error: ").contains("FN_DEFAULT_TIMEOUT_MS='soon'");
  }

  @Test
  void runtimes_this_build_lacks_are_skipped_with_a_warning_and_an_empty_list_fails() throws Exception {
    Files.createDirectories(dir.resolve("functions"));
    Cli cli = new Cli(dir).env("FN_RUNTIMES", "python,node,php,lua").env("FN_CONSOLE_WRITE_ENABLED", "maybe");
    // as the reference's end-to-end harness starts it: --build is accepted and changes nothing
    CompletableFuture<Integer> run = cli.start("dev", "--build", "functions", "--port", "0");
    String base = baseUrl(cli);
    assertThat(cli.err()).contains("Warning: Ignoring unknown runtime in FN_RUNTIMES: php (supported: python, node)\n")
        .contains("Warning: Ignoring unknown runtime in FN_RUNTIMES: lua")
        .contains("Warning: FN_CONSOLE_WRITE_ENABLED='maybe' is not a boolean (1/0, true/false, yes/no, on/off); "
            + "using the default (off)\n");
    assertThat(get(base + "/_fn/ui-state").body()).contains("\"write_enabled\":false");
    cli.stop();
    assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
    Cli none = new Cli(dir).env("FN_RUNTIMES", "php,lua");
    assertThat(none.run("dev", "functions", "--port", "0")).isEqualTo(1);
    assertThat(none.err()).contains("Error: no compatible runtimes enabled (FN_RUNTIMES=\"php,lua\")");
  }

  @Test
  void explicit_config_file_must_exist() {
    Cli cli = new Cli(dir);
    assertThat(cli.run("dev", "--config", "missing.json")).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("Error: failed to read config file \"missing.json\": no such file\n");
  }
}
