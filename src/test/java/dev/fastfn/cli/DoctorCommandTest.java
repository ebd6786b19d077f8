package dev.fastfn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DoctorCommandTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir
  Path dir;

  /** A project with one valid function; tools hidden (empty PATH) unless a test adds them back. */
  private Cli project() throws Exception {
    Files.writeString(dir.resolve("fastfn.json"), "{\"functions-dir\": \"functions\"}");
    Path fn = Files.createDirectories(dir.resolve("functions/python/hello"));
    Files.writeString(fn.resolve("handler.py"), "def handler(event):\n    return {}\n");
    Files.writeString(fn.resolve("fn.config.json"), "{\"timeout_ms\": 1000}");
    return new Cli(dir).env("PATH", "").env("FN_HOST_PORT", "0");
  }

  private static JsonNode check(JsonNode report, String id) {
    for (JsonNode c : report.path("checks")) {
      if (c.path("id").asString().equals(id)) {
        return c;
      }
    }
    throw new AssertionError("no check " + id + " in " + report);
  }

  @Test
  void healthy_machine_reports_ok_for_java_python_pip_node_npm() throws Exception {
    Cli cli = project();
    cli.env.put("PATH", System.getenv("PATH"));
    assertThat(cli.run("doctor")).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).startsWith("FastFN Doctor (general)\n")
        .containsPattern("\\[OK\\] runtime\\.java: Java \\d+")
        .containsPattern("\\[OK\\] runtime\\.python: Python 3\\.\\d+")
        .containsPattern("\\[OK\\] runtime\\.pip: pip \\d+")
        .containsPattern("\\[OK\\] runtime\\.node: Node v\\d+")
        .containsPattern("\\[OK\\] runtime\\.npm: npm \\d+")
        .contains("[OK] system.platform: linux/amd64")
        .contains("[OK] project.config: " + dir.resolve("fastfn.json") + " is valid")
        .contains("[OK] project.functions_dir: " + dir.resolve("functions").toRealPath())
        .contains("[OK] project.function_configs: 1 config file(s) valid")
        .containsPattern("\\[OK\\] project\\.discovery: \\d+ route\\(s\\)")
        .contains("[OK] project.port: port 0: a free port is picked at start")
        .containsPattern("Summary: OK=\\d+ WARN=0 FAIL=0\n$");
    assertThat(cli.err()).isEmpty();
  }

  @Test
  void missing_tools_are_warnings_with_hints() throws Exception {
    Cli cli = project();
    assertThat(cli.run("doctor")).isZero();
    assertThat(cli.out()).contains("[WARN] runtime.python: python3 not found on PATH\n"
        + "  hint: install python3 (3.9+) to run Python functions\n")
        .contains("[WARN] runtime.pip: skipped: python3 not found\n")
        .contains("[WARN] runtime.node: node not found on PATH\n")
        .contains("Summary: OK=8 WARN=4 FAIL=0\n");
  }

  @Test
  void an_invalid_binary_override_names_the_variable() throws Exception {
    Cli cli = project().env("FN_PYTHON_BIN", "/nope/python9");
    assertThat(cli.run("doctor")).isZero();
    assertThat(cli.out()).contains("[WARN] runtime.python: Python override FN_PYTHON_BIN=\"/nope/python9\" is invalid");
  }

  @Test
  void json_output_is_machine_readable_and_alone_on_stdout() throws Exception {
    Cli cli = project();
    assertThat(cli.run("doctor", "--json")).isZero();
    JsonNode report = JSON.readTree(cli.out());
    assertThat(report.path("scope").asString()).isEqualTo("general");
    assertThat(report.path("generated_at").asString()).isEqualTo("2026-11-28T10:00:00Z");
    assertThat(check(report, "runtime.java").path("status").asString()).isEqualTo("OK");
    assertThat(check(report, "runtime.node").path("hint").asString()).contains("Node.js");
    assertThat(report.path("summary").toString()).isEqualTo("{\"ok\":8,\"warn\":4,\"fail\":0}");
  }

  @Test
  void missing_functions_dir_fails_with_exit_1() throws Exception {
    Cli cli = new Cli(dir).env("PATH", "").env("FN_HOST_PORT", "0");
    assertThat(cli.run("doctor", "no-such-dir")).isEqualTo(1);
    assertThat(cli.out()).contains("[FAIL] project.functions_dir: functions directory not found: "
        + dir.resolve("no-such-dir")).contains("[WARN] project.discovery: skipped: functions directory missing");
    assertThat(cli.err()).isEqualTo("Error: doctor found 1 failing check(s)\n");
  }

  @Test
  void invalid_function_configs_fail_and_are_listed() throws Exception {
    Cli cli = project();
    Files.writeString(dir.resolve("functions/python/hello/fn.config.json"), "{\"timeout_ms\": ");
    Files.createDirectories(dir.resolve("functions/node/x"));
    Files.writeString(dir.resolve("functions/node/x/fn.routes.json"), "[1,2]");
    Files.createDirectories(dir.resolve("functions/node/x/node_modules/dep"));
    Files.writeString(dir.resolve("functions/node/x/node_modules/dep/fn.config.json"), "not json, but ignored");
    assertThat(cli.run("doctor", "--json")).isEqualTo(1);
    JsonNode c = check(JSON.readTree(cli.out()), "project.function_configs");
    assertThat(c.path("status").asString()).isEqualTo("FAIL");
    assertThat(c.path("message").asString()).isEqualTo("2 of 2 config file(s) invalid");
    assertThat(c.at("/details/node~1x~1fn.routes.json").asString()).isEqualTo("must contain a JSON object");
    assertThat(c.at("/details/python~1hello~1fn.config.json").asString()).isNotBlank();
    assertThat(cli.err()).isEqualTo("Error: doctor found 1 failing check(s)\n");
  }

  @Test
  void invalid_fastfn_json_fails() throws Exception {
    Cli cli = project();
    Files.writeString(dir.resolve("fastfn.json"), "{oops");
    assertThat(cli.run("doctor", "functions")).isEqualTo(1);
    assertThat(cli.out()).contains("[FAIL] project.config: cannot read " + dir.resolve("fastfn.json"));
  }

  @Test
  void fix_creates_a_missing_fastfn_json_and_nothing_else() throws Exception {
    Cli cli = new Cli(dir).env("PATH", "").env("FN_HOST_PORT", "0");
    assertThat(cli.run("doctor", "--fix")).isZero();
    assertThat(Files.readString(dir.resolve("fastfn.json"))).isEqualTo("{\n  \"functions-dir\": \".\"\n}\n");
    assertThat(cli.out()).contains("[WARN] project.config: no fastfn.json in " + dir)
        .contains("[OK] project.config.fix: created " + dir.resolve("fastfn.json"));
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("fastfn.json");
    }
  }

  @Test
  void a_busy_port_is_a_warning() throws Exception {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress("127.0.0.1", 0));
      Cli cli = project().env("FN_HOST_PORT", Integer.toString(busy.getLocalPort()));
      assertThat(cli.run("doctor")).isZero();
      assertThat(cli.out()).contains("[WARN] project.port: FN_HOST_PORT=" + busy.getLocalPort()
          + " is already in use on 127.0.0.1\n  hint: stop the existing process or set FN_HOST_PORT / --port to another port");
    }
  }

  @Test
  void invalid_settings_fail_naming_the_variable() throws Exception {
    Cli cli = project().env("FN_HOST_PORT", "80x");
    assertThat(cli.run("check")).isEqualTo(1);
    assertThat(cli.out()).contains("[FAIL] project.env: FN_HOST_PORT='80x' is not an integer")
        .contains("[WARN] project.port: skipped: settings are invalid");
  }

  @Test
  void unusual_platforms_are_a_warning() throws Exception {
    Cli cli = project();
    cli.platform = new Platform("Windows 11", "x86", "v");
    assertThat(cli.run("doctor")).isZero();
    assertThat(cli.out()).contains("[WARN] system.platform: windows 11/x86 is not a tested platform");
  }

  @Test
  void route_conflicts_are_a_warning_listing_the_claimants() throws Exception {
    Cli cli = project();
    Files.writeString(dir.resolve("functions/get.clash.js"), "exports.handler = async () => ({ n: 1 });\n");
    Files.writeString(dir.resolve("functions/get.clash.py"), "def handler(event):\n    return {}\n");
    assertThat(cli.run("doctor", "--json")).isZero();
    JsonNode c = check(JSON.readTree(cli.out()), "project.discovery");
    assertThat(c.path("status").asString()).isEqualTo("WARN");
    assertThat(c.path("message").asString()).contains("1 conflict(s)");
    assertThat(c.at("/details/conflict ~1clash").asString()).contains("get.clash.js", "get.clash.py");
  }
}
