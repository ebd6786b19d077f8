package dev.fastfn.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fastfn.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Function management through the console with the real scanner: create, detail, config, env, code,
 * files, catalog, packs, delete. Nothing here runs a function, so the worker runtimes are not needed.
 */
class ConsoleFunctionsTest {
  private static final String[] JSON = {"Content-Type", "application/json"};
  private static final String FN = "runtime=python&name=demo-new";

  @TempDir
  Path root;
  private TestServer s;

  @BeforeEach
  void start() {
    TestServer.write(root, Map.of(
        ".fastfn/packs/python/common_http/requirements.txt", "# shared pack\n",
        "get.ping.py", "def handler(event):\n    return {'pong': True}\n",
        "python/twin/handler.py", "def handler(event):\n    return {'twin': 'python'}\n",
        "node/twin/handler.js", "exports.handler = async () => ({ twin: 'node' });\n"));
    // no import inference: these tests never run a function, and each inference is a python process
    s = TestServer.start(root, Map.of("FN_RUNTIMES", "python,node", "FN_CONSOLE_WRITE_ENABLED", "1",
        "FN_AUTO_INFER_PY_DEPS", "0", "FN_AUTO_INFER_NODE_DEPS", "0"));
  }

  @AfterEach
  void stop() {
    s.close();
  }

  private JsonNode ok(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return TestServer.json(r);
  }

  private JsonNode create() {
    return ok(s.request("POST", "/_fn/function?" + FN, "{\"methods\":[\"GET\"],\"summary\":\"Demo function\"}", JSON), 201);
  }

  @Test
  void create_writes_a_runnable_handler_and_config_and_answers_with_the_detail() throws IOException {
    JsonNode d = create();
    assertThat(d.get("runtime").asString()).isEqualTo("python");
    assertThat(d.get("name").asString()).isEqualTo("demo-new");
    assertThat(d.get("policy").get("methods").toString()).isEqualTo("[\"GET\"]");
    assertThat(d.get("code").asString()).contains("def handler(event)");
    assertThat(d.get("metadata").get("invoke").get("summary").asString()).isEqualTo("Demo function");
    Path dir = root.resolve("python/demo-new");
    assertThat(Files.readString(dir.resolve("fn.config.json")))
        .isEqualTo("{\"invoke\":{\"methods\":[\"GET\"],\"summary\":\"Demo function\"}}\n");
    assertThat(dir.resolve("handler.py")).exists();
    try (var files = Files.list(dir.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("demo-new", "twin");
    }
    HttpResponse<String> again = s.request("POST", "/_fn/function?" + FN, "{}", JSON);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).isEqualTo("{\"error\":\"function already exists\"}");
    JsonNode node = ok(s.request("POST", "/_fn/function?runtime=node&name=tools/echo", "{\"methods\":\"get,post\"}",
        JSON), 201);
    assertThat(node.get("file_path").asString()).endsWith("node/tools/echo/handler.js");
    assertThat(node.get("code").asString()).contains("exports.handler");
    assertThat(node.get("policy").get("methods").toString()).isEqualTo("[\"GET\",\"POST\"]");
  }

  @Test
  void detail_shows_effective_policy_and_metadata_without_secrets_or_raw_config() {
    create();
    JsonNode d = ok(s.get("/_fn/function?" + FN), 200);
    JsonNode p = d.get("policy");
    assertThat(p.get("timeout_ms").asInt()).isEqualTo(2500);
    assertThat(p.get("max_concurrency").asInt()).isEqualTo(20);
    assertThat(p.get("max_body_bytes").asLong()).isEqualTo(1_048_576);
    JsonNode m = d.get("metadata");
    assertThat(m.propertyNames()).contains("endpoints", "env", "handler_file", "invoke", "schedule", "shared_deps",
        "dependency_resolution", "python", "node");
    assertThat(m.get("handler_file").asString()).isEqualTo("handler.py");
    assertThat(m.get("env").toString()).isEqualTo("{\"exists\":false,\"keys\":[]}");
    // null until the deps installer has looked at the function, then its state object
    assertThat(m.get("dependency_resolution").isNull() || m.get("dependency_resolution").isObject()).isTrue();
    assertThat(m.get("endpoints").get("preferred_public_route").asString()).isEqualTo("/demo-new");
    assertThat(d.has("fn_config")).isFalse();
    assertThat(d.get("function_dir").asString()).endsWith("/python/demo-new");
    assertThat(ok(s.get("/_fn/function?" + FN + "&include_code=0"), 200).has("code")).isFalse();
    assertThat(ok(s.get("/_fn/function-code?" + FN), 200).get("code").asString()).contains("def handler");
    HttpResponse<String> v9 = s.get("/_fn/function?" + FN + "&version=v9");
    assertThat(v9.statusCode()).isEqualTo(404);
    assertThat(v9.body()).isEqualTo("{\"error\":\"unknown version\"}");
  }

  @Test
  void dependency_state_written_by_the_installer_is_passed_through() throws IOException {
    create();
    Path state = root.resolve("python/demo-new/.fastfn-deps-state.json");
    // code with nothing to install is answered before its preparation records its state: let that
    // finish first, so it cannot overwrite the state this test writes
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(state));
    Files.writeString(state,
        "{\"runtime\":\"python\",\"mode\":\"manifest\",\"last_install_status\":\"ok\",\"resolved_packages\":[\"x\"]}");
    Files.writeString(root.resolve("python/demo-new/requirements.txt"), "requests==2.0\n# c\nflask>=1\n");
    JsonNode m = ok(s.get("/_fn/function?" + FN), 200).get("metadata");
    assertThat(m.get("dependency_resolution").toString())
        .isEqualTo("{\"runtime\":\"python\",\"mode\":\"manifest\",\"last_install_status\":\"ok\",\"resolved_packages\":[\"x\"]}");
    assertThat(m.get("python").get("requirements").get("file_entries").toString()).isEqualTo("[\"flask\",\"requests\"]");
  }

  @Test
  void config_updates_apply_to_the_next_request_and_bad_updates_change_nothing() throws IOException {
    create();
    JsonNode d = ok(s.request("PUT", "/_fn/function-config?" + FN,
        "{\"timeout_ms\":1200,\"max_concurrency\":5,\"max_body_bytes\":262144,\"invoke\":{\"methods\":[\"GET\",\"POST\"]}}",
        JSON), 200);
    assertThat(d.get("policy").get("timeout_ms").asInt()).isEqualTo(1200);
    assertThat(d.get("policy").get("max_concurrency").asInt()).isEqualTo(5);
    assertThat(d.get("policy").get("max_body_bytes").asInt()).isEqualTo(262144);
    assertThat(d.get("policy").get("methods").toString()).isEqualTo("[\"GET\",\"POST\"]");
    String before = Files.readString(root.resolve("python/demo-new/fn.config.json"));
    for (String bad : List.of("{\"timeout_ms\":\"soon\"}", "{\"max_concurrency\":-3}", "{\"methods\":[\"GET\",\"BREW\"]}",
        "{\"max_concurrency\":3,\"colour\":\"blue\"}", "{\"schedule\":{\"enabled\":true,\"cron\":\"75 * * * *\"}}",
        "{\"schedule\":{\"enabled\":true,\"cron\":\"@fortnightly\"}}", "not json")) {
      HttpResponse<String> r = s.request("PUT", "/_fn/function-config?" + FN, bad, JSON);
      assertThat(r.statusCode()).as(bad + " -> " + r.body()).isEqualTo(400);
    }
    assertThat(Files.readString(root.resolve("python/demo-new/fn.config.json"))).isEqualTo(before);
    JsonNode readback = ok(s.get("/_fn/function-config?" + FN), 200);
    assertThat(readback.get("policy").get("timeout_ms").asInt()).isEqualTo(1200);
    assertThat(readback.get("policy").get("max_concurrency").asInt()).isEqualTo(5);
    JsonNode deps = ok(s.request("PUT", "/_fn/function-config?" + FN, "{\"shared_deps\":[\"common_http\"]}", JSON), 200);
    assertThat(deps.get("metadata").get("shared_deps").get("configured").toString()).isEqualTo("[\"common_http\"]");
    assertThat(deps.get("policy").get("timeout_ms").asInt()).isEqualTo(1200);
    JsonNode sched = ok(s.request("PUT", "/_fn/function-config?" + FN,
        "{\"schedule\":{\"enabled\":true,\"every_seconds\":60,\"method\":\"GET\",\"query\":{\"action\":\"inc\"},"
            + "\"headers\":{},\"body\":\"\",\"context\":{}}}", JSON), 200);
    assertThat(sched.get("metadata").get("schedule").get("configured").get("every_seconds").asInt()).isEqualTo(60);
    assertThat(sched.get("metadata").get("schedule").get("configured").get("enabled").asBoolean()).isTrue();
    JsonNode routed = ok(s.request("PUT", "/_fn/function-config?" + FN, "{\"routes\":[\"/demo/{id}\"]}", JSON), 200);
    assertThat(routed.get("metadata").get("invoke").get("mapped_routes").toString()).isEqualTo("[\"/demo/:id\"]");
    JsonNode catalog = ok(s.get("/_fn/catalog"), 200);
    assertThat(catalog.get("mapped_routes").get("/demo/:id").get(0).get("fn_name").asString()).isEqualTo("demo-new");
  }

  @Test
  void env_values_are_masked_when_secret_and_hidden_keeps_them() throws IOException {
    create();
    JsonNode e1 = ok(s.request("PUT", "/_fn/function-env?" + FN, "{\"GREETING_PREFIX\":\"hello\"}", JSON), 200);
    assertThat(e1.get("fn_env").toString()).isEqualTo("{\"GREETING_PREFIX\":{\"value\":\"hello\",\"is_secret\":false}}");
    HttpResponse<String> r2 = s.request("PUT", "/_fn/function-env?" + FN,
        "{\"DEMO_API_TOKEN\":{\"value\":\"tok-123\",\"is_secret\":true}}", JSON);
    assertThat(ok(r2, 200).get("fn_env").toString()).isEqualTo("{\"DEMO_API_TOKEN\":{\"value\":\"<hidden>\","
        + "\"is_secret\":true},\"GREETING_PREFIX\":{\"value\":\"hello\",\"is_secret\":false}}");
    assertThat(r2.body()).doesNotContain("tok-123");
    HttpResponse<String> get = s.get("/_fn/function-env?" + FN);
    assertThat(get.body()).doesNotContain("tok-123").contains("\"DEMO_API_TOKEN\":{\"value\":\"<hidden>\"");
    ok(s.request("PUT", "/_fn/function-env?" + FN, "{\"DEMO_API_TOKEN\":{\"value\":\"<hidden>\",\"is_secret\":true},"
        + "\"GREETING_PREFIX\":null}", JSON), 200);
    assertThat(Files.readString(root.resolve("python/demo-new/fn.env.json")))
        .isEqualTo("{\"DEMO_API_TOKEN\":{\"value\":\"tok-123\",\"is_secret\":true}}\n");
    JsonNode d = ok(s.get("/_fn/function?" + FN), 200);
    assertThat(d.get("metadata").get("env").toString()).isEqualTo("{\"exists\":true,\"keys\":[\"DEMO_API_TOKEN\"]}");
    assertThat(s.get("/_fn/function?" + FN).body()).doesNotContain("tok-123");
  }

  @Test
  void code_updates_replace_the_handler_in_place() throws IOException {
    create();
    String code = "import json\n\ndef handler(event):\n return {\"status\":200,\"body\":json.dumps({\"ok\":True})}\n";
    JsonNode d = ok(s.request("PUT", "/_fn/function-code?" + FN,
        TestServer.JSON.writeValueAsString(Map.of("code", code)), JSON), 200);
    assertThat(d.get("code").asString()).isEqualTo(code);
    assertThat(Files.readString(root.resolve("python/demo-new/handler.py"))).isEqualTo(code);
    HttpResponse<String> bad = s.request("PUT", "/_fn/function-code?" + FN, "{\"code\":5}", JSON);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).isEqualTo("{\"error\":\"code must be a string\"}");
  }

  @Test
  void delete_removes_the_folder_and_its_routes_at_once() {
    create();
    JsonNode del = ok(s.request("DELETE", "/_fn/function?" + FN, null), 200);
    assertThat(del.toString()).isEqualTo("{\"ok\":true,\"runtime\":\"python\",\"name\":\"demo-new\"}");
    assertThat(root.resolve("python/demo-new")).doesNotExist();
    HttpResponse<String> gone = s.get("/_fn/function?" + FN);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.body()).isEqualTo("{\"error\":\"unknown function\"}");
    JsonNode catalog = ok(s.get("/_fn/catalog"), 200);
    assertThat(catalog.get("mapped_routes").has("/demo-new")).isFalse();
    List<String> names = new ArrayList<>();
    catalog.get("runtimes").get("python").get("functions").forEach(f -> names.add(f.get("name").asString()));
    assertThat(names).doesNotContain("demo-new").contains("twin", "get.ping.py");
    assertThat(s.get("/demo-new").statusCode()).isEqualTo(404);
    assertThat(s.request("DELETE", "/_fn/function?" + FN, null).statusCode()).isEqualTo(404);
  }

  @Test
  void deleting_a_version_keeps_the_default() {
    create();
    ok(s.request("POST", "/_fn/function?" + FN + "&version=v2", "{}", JSON), 201);
    JsonNode catalog = ok(s.get("/_fn/catalog"), 200);
    assertThat(catalog.toString()).contains("\"name\":\"demo-new\",\"has_default\":true,\"versions\":[\"v2\"]");
    JsonNode del = ok(s.request("DELETE", "/_fn/function?" + FN + "&version=v2", null), 200);
    assertThat(del.get("version").asString()).isEqualTo("v2");
    assertThat(root.resolve("python/demo-new/v2")).doesNotExist();
    assertThat(root.resolve("python/demo-new/handler.py")).exists();
  }

  @Test
  void api_functions_lists_the_catalogs_functions_flat_with_their_runtime() {
    JsonNode list = ok(s.get("/_fn/api/functions"), 200);
    JsonNode c = ok(s.get("/_fn/catalog"), 200);
    List<String> names = new ArrayList<>();
    list.forEach(f -> names.add(f.get("runtime").asString() + ":" + f.get("name").asString()));
    assertThat(names).containsExactly("python:get.ping.py", "python:twin", "node:twin");
    JsonNode nodeTwin = list.get(2).deepCopy();
    ((tools.jackson.databind.node.ObjectNode) nodeTwin).remove("runtime");
    assertThat(nodeTwin).isEqualTo(c.get("runtimes").get("node").get("functions").get(0));
    assertThat(s.request("POST", "/_fn/api/functions", "{}", JSON).statusCode()).isEqualTo(405);
  }

  @Test
  void catalog_lists_runtimes_functions_routes_and_conflicts_with_empty_lists_as_arrays() {
    JsonNode c = ok(s.get("/_fn/catalog"), 200);
    assertThat(c.get("functions_root").asString()).isEqualTo(s.root().toString());
    assertThat(c.get("runtime_order").toString()).isEqualTo("[\"python\",\"node\"]");
    assertThat(c.get("runtimes").get("python").isObject()).isTrue();
    assertThat(c.get("runtimes").get("node").isObject()).isTrue();
    JsonNode ping = c.get("mapped_routes").get("/ping").get(0);
    assertThat(ping.toString()).isEqualTo("{\"runtime\":\"python\",\"fn_name\":\"get.ping.py\",\"methods\":[\"GET\"],"
        + "\"source_rank\":1,\"force_url\":false}");
    assertThat(c.get("mapped_route_conflicts").get("/twin").asBoolean()).isTrue();
    JsonNode twin = c.get("runtimes").get("node").get("functions").get(0);
    assertThat(twin.get("versions").isArray()).isTrue();
    assertThat(twin.get("policy").get("allow_hosts").isArray()).isTrue();
  }

  @Test
  void packs_are_listed_per_runtime() {
    JsonNode p = ok(s.get("/_fn/packs"), 200);
    assertThat(p.get("packs_root").asString()).isEqualTo(s.root().resolve(".fastfn/packs").toString());
    JsonNode pack = p.get("runtimes").get("python").get("packs").get(0);
    assertThat(pack.get("name").asString()).isEqualTo("common_http");
    assertThat(pack.get("dir").asString()).isEqualTo(s.root().resolve(".fastfn/packs/python/common_http").toString());
    assertThat(pack.get("requirements_txt").asBoolean()).isTrue();
  }

  @Test
  void a_name_in_two_runtimes_needs_the_runtime_to_invoke() {
    HttpResponse<String> r = s.request("POST", "/_fn/invoke", "{\"name\":\"twin\",\"method\":\"GET\"}", JSON);
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body()).isEqualTo("{\"error\":\"ambiguous function name 'twin': present in runtimes python, node; "
        + "pass runtime\",\"runtimes\":[\"python\",\"node\"]}");
  }

  @Test
  void concurrent_writes_to_one_function_never_corrupt_its_files() throws Exception {
    create();
    int n = 24;
    List<Future<HttpResponse<String>>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        int k = i;
        results.add(pool.submit(() -> s.request("PUT", "/_fn/function-env?" + FN, "{\"K" + k + "\":\"v" + k + "\"}", JSON)));
        results.add(pool.submit(() -> s.request("PUT", "/_fn/function-config?" + FN,
            "{\"timeout_ms\":" + (1000 + k) + ",\"invoke\":{\"summary\":\"s" + k + "\"}}", JSON)));
      }
      for (Future<HttpResponse<String>> f : results) {
        assertThat(f.get().statusCode()).as(f.get().body()).isEqualTo(200);
      }
    }
    JsonNode env = TestServer.JSON.readTree(Files.readString(root.resolve("python/demo-new/fn.env.json")));
    assertThat(env.size()).isEqualTo(n);
    JsonNode cfg = TestServer.JSON.readTree(Files.readString(root.resolve("python/demo-new/fn.config.json")));
    assertThat(cfg.get("timeout_ms").asInt()).isBetween(1000, 1000 + n - 1);
    assertThat(cfg.get("invoke").get("methods").toString()).isEqualTo("[\"GET\"]");
    assertThat(cfg.get("invoke").get("summary").asString()).startsWith("s");
    try (var files = Files.list(root.resolve("python/demo-new"))) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(f -> f.contains(".tmp-")).toList()).isEmpty();
    }
  }

  @Test
  void writes_never_follow_symlinks_or_replace_folders() throws IOException {
    create();
    Path dir = root.resolve("python/demo-new");
    Path outside = Files.writeString(root.resolve("outside-config.json"), "{}");
    Files.delete(dir.resolve("fn.config.json"));
    Files.createSymbolicLink(dir.resolve("fn.config.json"), outside);
    HttpResponse<String> cfg = s.request("PUT", "/_fn/function-config?" + FN, "{\"timeout_ms\":900}", JSON);
    assertThat(cfg.statusCode()).isEqualTo(400);
    assertThat(cfg.body()).isEqualTo("{\"error\":\"symlink target is not allowed: fn.config.json\"}");
    assertThat(Files.readString(outside)).isEqualTo("{}");
    Files.writeString(dir.resolve("notes"), "a file");
    HttpResponse<String> inTheWay = s.request("PUT", "/_fn/function-file-content?" + FN,
        "{\"path\":\"notes/a.txt\",\"content\":\"x\"}", JSON);
    assertThat(inTheWay.statusCode()).isEqualTo(400);
    assertThat(inTheWay.body()).isEqualTo("{\"error\":\"a file is in the way of notes/a.txt\"}");
  }

  @Test
  void a_file_function_at_the_top_reaches_neither_other_functions_nor_the_servers_files() throws IOException {
    ok(s.request("POST", "/_fn/secrets", "{\"key\":\"STRIPE_KEY\",\"value\":\"sk_test_123\"}", JSON), 201);
    String q = "/_fn/function-file-content?runtime=python&name=get.ping.py";
    HttpResponse<String> secrets = s.get(q + "&path=.fastfn/state/console-secrets.json");
    assertThat(secrets.statusCode()).isEqualTo(400);
    assertThat(secrets.body()).isEqualTo("{\"error\":\"hidden path not allowed: .fastfn/state/console-secrets.json\"}")
        .doesNotContain("sk_test_123");
    String other = "{\"error\":\"path belongs to another function or to the server: python/twin/handler.py\"}";
    HttpResponse<String> read = s.get(q + "&path=python/twin/handler.py");
    assertThat(read.statusCode()).isEqualTo(400);
    assertThat(read.body()).isEqualTo(other);
    HttpResponse<String> write = s.request("PUT", q, "{\"path\":\"python/twin/handler.py\",\"content\":\"x\"}", JSON);
    assertThat(write.statusCode()).isEqualTo(400);
    assertThat(write.body()).isEqualTo(other);
    HttpResponse<String> wipe = s.request("DELETE", q + "&path=python", null);
    assertThat(wipe.statusCode()).as("a folder that holds other functions").isEqualTo(400);
    HttpResponse<String> state = s.request("PUT", q, "{\"path\":\".fastfn/state/console-secrets.json\",\"content\":\"{}\"}", JSON);
    assertThat(state.statusCode()).isEqualTo(400);
    assertThat(Files.readString(root.resolve("python/twin/handler.py"))).contains("'twin': 'python'");
    assertThat(Files.readString(root.resolve(".fastfn/state/console-secrets.json"))).contains("sk_test_123");
    ok(s.request("PUT", q, "{\"path\":\"notes/ping.txt\",\"content\":\"own helper\"}", JSON), 200);
    assertThat(Files.readString(root.resolve("notes/ping.txt"))).isEqualTo("own helper");
    JsonNode files = ok(s.get("/_fn/function-files?runtime=python&name=get.ping.py"), 200);
    List<String> paths = new ArrayList<>();
    files.get("files").forEach(f -> paths.add(f.get("path").asString()));
    assertThat(paths).containsExactly("get.ping.py", "notes/ping.txt");
    assertThat(files.get("versions").toString()).isEqualTo("[]");
  }
}
