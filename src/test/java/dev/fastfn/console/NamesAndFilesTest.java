package dev.fastfn.console;

import dev.fastfn.testing.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class NamesAndFilesTest {
  private static final List<RuntimeKind> ENABLED = List.of(RuntimeKind.PYTHON, RuntimeKind.NODE);

  @ParameterizedTest(name = "{0}/{1}@{2} -> {3}")
  @CsvSource(nullValues = "-", delimiter = '|', value = {
      "python|../x|-|invalid function name",
      "python|/abs|-|invalid function name",
      "python|a/../b|-|invalid function name",
      "python|_private|-|invalid function name",
      "python|bad:name|-|invalid function name",
      "python|ok|..|invalid version",
      "python|ok|.|invalid version",
      "python|ok|../v1|invalid version",
      "ruby|ok|-|unknown runtime: ruby",
      "PYTHON|ok|-|unknown runtime: PYTHON",
      "py/../x|ok|-|invalid runtime",
      "-|ok|-|runtime is required",
      "python|-|-|name is required",
      "python|get.hello.py|v1|version not supported for file targets"})
  void names_are_validated_before_any_file_access(String rt, String name, String version, String error) {
    assertThatThrownBy(() -> FunctionRef.of(rt, name, version, ENABLED, false))
        .isInstanceOf(FnHttpException.BadRequest.class).hasMessage(error);
  }

  @Test
  void valid_names_resolve_under_the_runtime_folder(@TempDir Path root) {
    FunctionRef ref = FunctionRef.of("python", "api/users", "v2", ENABLED, true);
    assertThat(ref.folderUnder(root)).isEqualTo(root.resolve("python/api/users/v2"));
    assertThat(FunctionRef.of("node", "items/[id].js", null, ENABLED, false).isFolderName()).isFalse();
    assertThatThrownBy(() -> FunctionRef.of("node", "items/[id].js", null, ENABLED, true))
        .hasMessage("invalid function name");
  }

  @Test
  void file_paths_must_stay_inside_the_function_folder(@TempDir Path tmp) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("fn"));
    Files.createDirectories(tmp.resolve("outside"));
    Files.createSymbolicLink(dir.resolve("link"), tmp.resolve("outside"));
    FileScope scope = new FileScope(dir, Set.of(dir.resolve("state"), dir.resolve("api/orders")),
        Set.of(dir.resolve("other.py")));
    assertThat(FileContentEndpoint.resolve(scope, "notes/a.txt", "read")).isEqualTo(dir.resolve("notes/a.txt"));
    assertThatThrownBy(() -> FileContentEndpoint.resolve(scope, "../x", "read")).hasMessage("invalid path");
    assertThatThrownBy(() -> FileContentEndpoint.resolve(scope, "/etc/passwd", "read")).hasMessage("invalid path");
    assertThatThrownBy(() -> FileContentEndpoint.resolve(scope, "link/x.txt", "write"))
        .hasMessage("path outside function directory");
    assertThatThrownBy(() -> FileContentEndpoint.resolve(scope, "fn.env.json", "read"))
        .isInstanceOf(FnHttpException.Forbidden.class)
        .hasMessage("cannot read fn.env.json here; use /_fn/function-env");
    assertThatThrownBy(() -> FileContentEndpoint.resolve(scope, "sub/fn.config.json", "write"))
        .hasMessage("cannot write fn.config.json here; use /_fn/function-config");
    assertThatThrownBy(() -> FileContentEndpoint.resolve(scope, null, "read")).hasMessage("path required");
    assertThatThrownBy(() -> FileContentEndpoint.resolve(scope, "sub/.env", "read"))
        .hasMessage("hidden path not allowed: sub/.env");
    assertThatThrownBy(() -> FileContentEndpoint.resolve(scope, "state/console-secrets.json", "read"))
        .hasMessage("path belongs to another function or to the server: state/console-secrets.json");
    assertThatThrownBy(() -> FileContentEndpoint.resolve(scope, "other.py", "write"))
        .hasMessage("path belongs to another function or to the server: other.py");
    assertThatThrownBy(() -> FileContentEndpoint.resolve(scope, "api", "delete"))
        .as("a folder holding another function").hasMessageStartingWith("path belongs to another function");
    assertThat(FileContentEndpoint.resolve(scope, "api/helpers.py", "write")).isEqualTo(dir.resolve("api/helpers.py"));
    assertThat(FileContentEndpoint.resolve(scope, "other.py.bak", "write")).isEqualTo(dir.resolve("other.py.bak"));
  }

  @Test
  void env_patches_mask_secrets_keep_hidden_values_and_delete_nulls(@TempDir Path dir) throws IOException {
    TreeMap<String, EnvFile.Entry> env = EnvFile.read(dir);
    EnvFile.apply(env, json("{\"GREETING_PREFIX\":\"hello\",\"DEMO_API_TOKEN\":{\"value\":\"tok-123\",\"is_secret\":true},"
        + "\"DB_PASSWORD\":\"pw\",\"PORT\":8080}"));
    EnvFile.write(dir, env);
    assertThat(Files.readString(dir.resolve("fn.env.json"))).isEqualTo("{\"DB_PASSWORD\":{\"value\":\"pw\",\"is_secret\":true},"
        + "\"DEMO_API_TOKEN\":{\"value\":\"tok-123\",\"is_secret\":true},"
        + "\"GREETING_PREFIX\":{\"value\":\"hello\",\"is_secret\":false},\"PORT\":{\"value\":8080,\"is_secret\":false}}\n");
    TreeMap<String, EnvFile.Entry> back = EnvFile.read(dir);
    EnvFile.apply(back, json("{\"DEMO_API_TOKEN\":{\"value\":\"<hidden>\",\"is_secret\":true},\"DB_PASSWORD\":\"<hidden>\","
        + "\"GREETING_PREFIX\":null,\"NEW\":{\"value\":\"<hidden>\"}}"));
    assertThat(HttpJson.MAPPER.writeValueAsString(EnvFile.masked(back))).isEqualTo(
        "{\"DB_PASSWORD\":{\"value\":\"<hidden>\",\"is_secret\":true},"
            + "\"DEMO_API_TOKEN\":{\"value\":\"<hidden>\",\"is_secret\":true},"
            + "\"PORT\":{\"value\":8080,\"is_secret\":false}}");
    assertThat(back.get("DEMO_API_TOKEN").value().stringValue()).isEqualTo("tok-123");
    assertThat(back.get("DB_PASSWORD").value().stringValue()).isEqualTo("pw");
  }

  @Test
  void env_patches_with_bad_entries_change_nothing() {
    TreeMap<String, EnvFile.Entry> env = new TreeMap<>();
    assertThatThrownBy(() -> EnvFile.apply(env, json("{\"A\":\"1\",\"B\":[1]}")))
        .hasMessage("env values must be string|number|boolean|null or {value,is_secret} (key B)");
    assertThatThrownBy(() -> EnvFile.apply(env, json("{\"A\":{\"is_secret\":true}}")))
        .hasMessage("env entry objects must include value (key A)");
    assertThatThrownBy(() -> EnvFile.apply(env, json("{\"A\":{\"value\":{}}}")))
        .hasMessage("env value must be string|number|boolean|null (key A)");
    assertThatThrownBy(() -> EnvFile.apply(env, json("{\"\":\"x\"}")))
        .hasMessage("env keys must be non-empty strings without '=' (got '')");
    assertThat(env).isEmpty();
  }

  @Test
  void secrets_persist_in_a_private_file_and_reload(@TempDir Path data) throws IOException {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    JsonFileSecretStore store = JsonFileSecretStore.open(data.resolve("state"), clock);
    store.put("TEST_SECRET", "v1");
    clock.advance(java.time.Duration.ofSeconds(5));
    store.put("TEST_SECRET", "v2");
    store.put("OTHER", "o");
    store.delete("OTHER");
    Path file = data.resolve("state/console-secrets.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    JsonFileSecretStore reopened = JsonFileSecretStore.open(data.resolve("state"), clock);
    assertThat(reopened.list()).containsExactly(new SecretStore.Info("TEST_SECRET", 1767225600L, 1767225605L));
    assertThat(reopened.values()).containsExactly(java.util.Map.entry("TEST_SECRET", "v2"));
  }

  @Test
  void create_plans_validate_everything_up_front() {
    FunctionRef ref = FunctionRef.of("python", "demo-new", null, ENABLED, true);
    FunctionCreator.Plan plan = FunctionCreator.plan(ref, json("{\"methods\":[\"GET\"],\"summary\":\"Demo function\"}"));
    assertThat(plan.filename()).isEqualTo("handler.py");
    assertThat(plan.code()).contains("def handler(event)");
    assertThat(HttpJson.MAPPER.writeValueAsString(plan.config()))
        .isEqualTo("{\"invoke\":{\"methods\":[\"GET\"],\"summary\":\"Demo function\"}}");
    FunctionCreator.Plan defaults = FunctionCreator.plan(ref, json("{\"query_example\":{\"a\":\"1\"}}"));
    assertThat(HttpJson.MAPPER.writeValueAsString(defaults.config()))
        .isEqualTo("{\"invoke\":{\"methods\":[\"GET\"],\"summary\":\"Generated function\",\"query\":{\"a\":\"1\"}}}");
    assertThatThrownBy(() -> FunctionCreator.plan(ref, json("{\"filename\":\"../evil.py\"}")))
        .hasMessage("invalid filename for runtime python (use one of handler.py, main.py)");
    assertThatThrownBy(() -> FunctionCreator.plan(ref, json("{\"routes\":[\"/_fn/evil\"]}")))
        .hasMessageStartingWith("invoke.routes must contain valid URL paths");
    assertThatThrownBy(() -> FunctionCreator.plan(ref, json("{\"code\":42}"))).hasMessage("code must be a string");
    assertThatThrownBy(() -> FunctionCreator.plan(ref, json("{\"flavour\":1}"))).hasMessage("unknown config key(s): flavour");
  }

  private static ObjectNode json(String s) {
    return (ObjectNode) HttpJson.MAPPER.readTree(s);
  }
}
