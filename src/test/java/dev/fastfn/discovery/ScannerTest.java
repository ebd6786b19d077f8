package dev.fastfn.discovery;

import static dev.fastfn.discovery.TestTrees.files;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.config.RuntimeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScannerTest {
  @TempDir
  Path root;

  private Catalog scan(String... entries) {
    TestTrees.write(root, files(entries));
    return TestTrees.scan(root, Map.of());
  }

  @Test
  void malformed_fn_config_json_is_reported_and_the_function_runs_with_defaults() {
    Catalog c = scan("python/bad/handler.py", "python/bad/fn.config.json={\"timeout_ms\": 10,", "python/good/handler.py");

    FunctionSpec bad = c.function("python/bad@default");
    assertThat(bad).isNotNull();
    assertThat(bad.configError()).startsWith("python/bad/fn.config.json: invalid JSON: ").contains("line 1");
    assertThat(bad.policy().timeoutMs()).isEqualTo(2500);
    assertThat(c.mappedRoutes()).containsKeys("/bad", "/good");
    assertThat(c.problems()).containsExactly(bad.configError());
    assertThat(c.function("python/good@default").configError()).isNull();
  }

  @Test
  void values_of_the_wrong_type_are_dropped_and_named_while_the_rest_applies() {
    Catalog c = scan("node/typed/handler.js",
        "node/typed/fn.config.json={\"timeout_ms\":\"abc\",\"max_concurrency\":3,\"invoke\":{\"methods\":5},"
            + "\"worker_pool\":{\"overflow_status\":500,\"max_queue\":-1,\"queue_poll_ms\":0}}");

    FunctionSpec fn = c.function("node/typed@default");
    assertThat(fn.configError()).isEqualTo("node/typed/fn.config.json: timeout_ms must be a number > 0 (got \"abc\"); "
        + "invoke.methods must be an array or a string; worker_pool.overflow_status must be 429 or 503; "
        + "worker_pool.max_queue must be a number >= 0 (got -1); worker_pool.queue_poll_ms must be a number > 0 (got 0)");
    assertThat(fn.policy().timeoutMs()).isEqualTo(2500);
    assertThat(fn.policy().maxConcurrency()).isEqualTo(3);
    assertThat(fn.policy().methods()).containsExactly("GET");
    assertThat(fn.policy().workerPool()).isEqualTo(new FunctionPolicy.WorkerPoolPolicy(true, 3, 0, 0, 20, 429, 0, 300));
    assertThat(c.problems()).containsExactly(fn.configError());
  }

  @Test
  void a_non_object_config_is_rejected_with_its_path() {
    Catalog c = scan("cfg/index.js", "cfg/fn.config.json=[1,2]");

    assertThat(c.function("node/cfg/index.js@default").configError()).isEqualTo("cfg/fn.config.json: must be a JSON object");
    assertThat(c.mappedRoutes()).containsKey("/cfg");
  }

  @Test
  void policy_fields_are_normalized() {
    Catalog c = scan("node/full/handler.js",
        "node/full/fn.config.json={\"timeout_ms\":\"1500\",\"max_concurrency\":4,\"max_body_bytes\":2048.7,"
            + "\"response\":{\"include_debug_headers\":true},\"force_url\":true,"
            + "\"invoke\":{\"methods\":\"get post,PUT head\",\"allow_hosts\":\"API.example.com, *.x.test\","
            + "\"handler\":\"main\",\"adapter\":\"Lambda\",\"default_method\":\"post\"},"
            + "\"worker_pool\":{\"max_queue\":5,\"queue_timeout_ms\":250,\"queue_poll_ms\":15,\"overflow_status\":503,\"min_warm\":9},"
            + "\"keep_warm\":{\"enabled\":true},\"schedule\":{\"enabled\":true,\"every_seconds\":30},"
            + "\"edge\":{\"base_url\":\"https://e.test\"},\"shared_deps\":[\"common\",\"bad/name\"]}",
        "node/cf/handler.js", "node/cf/fn.config.json={\"invoke\":{\"adapter\":\"workers\",\"forceUrl\":true}}");

    FunctionPolicy p = c.function("node/full@default").policy();
    assertThat(p.timeoutMs()).isEqualTo(1500);
    assertThat(p.maxConcurrency()).isEqualTo(4);
    assertThat(p.maxBodyBytes()).isEqualTo(2048);
    assertThat(p.includeDebugHeaders()).isTrue();
    assertThat(p.forceUrl()).isTrue();
    assertThat(p.methods()).containsExactly("GET", "POST", "PUT");
    assertThat(p.allowHosts()).containsExactly("api.example.com", "*.x.test");
    assertThat(p.handlerName()).isEqualTo("main");
    assertThat(p.adapter()).isEqualTo("aws-lambda");
    assertThat(p.workerPool()).isEqualTo(new FunctionPolicy.WorkerPoolPolicy(true, 4, 5, 250, 15, 503, 4, 300));
    assertThat(p.keepWarm()).isEqualTo(new FunctionPolicy.KeepWarmPolicy(true, 1, 45, 300));
    assertThat(p.schedule().toString()).isEqualTo("{\"enabled\":true,\"every_seconds\":30}");
    assertThat(p.edge().get("base_url").stringValue()).isEqualTo("https://e.test");
    assertThat(p.sharedDeps()).containsExactly("common");
    assertThat(c.function("node/full@default").meta().defaultMethod()).isEqualTo("POST");
    assertThat(c.function("node/full@default").configError())
        .isEqualTo("node/full/fn.config.json: shared_deps entry \"bad/name\" is not a pack name");
    assertThat(c.mappedRoutes().get("/full").get(0).forceUrl()).isTrue();

    FunctionPolicy cf = c.function("node/cf@default").policy();
    assertThat(cf.adapter()).isEqualTo("cloudflare-worker");
    assertThat(cf.forceUrl()).isTrue();
  }

  @Test
  void file_routes_merge_overlays_from_the_root_down() {
    Catalog c = scan("fn.config.json={\"timeout_ms\":1000,\"max_concurrency\":7}",
        "sub/fn.config.json={\"timeout_ms\":2000,\"invoke\":{\"allow_hosts\":[\"x.test\"],\"summary\":\"Sub\"}}",
        "sub/get.a.js", "get.b.js", "sub/deeper/get.c.py");

    FunctionSpec a = c.function("node/sub/get.a.js@default");
    assertThat(a.policy().timeoutMs()).isEqualTo(2000);
    assertThat(a.policy().maxConcurrency()).isEqualTo(7);
    assertThat(a.policy().allowHosts()).containsExactly("x.test");
    assertThat(a.meta().summary()).isEqualTo("Sub");
    assertThat(c.mappedRoutes().get("/sub/a").get(0).allowHosts()).containsExactly("x.test");
    assertThat(c.function("python/sub/deeper/get.c.py@default").policy().timeoutMs()).isEqualTo(2000);
    FunctionSpec b = c.function("node/get.b.js@default");
    assertThat(b.policy().timeoutMs()).isEqualTo(1000);
    assertThat(b.policy().allowHosts()).isEmpty();
  }

  @Test
  void an_overlay_narrower_than_a_method_prefix_sets_the_policy() {
    Catalog c = scan("ro/fn.config.json={\"invoke\":{\"methods\":[\"GET\"]}}", "ro/post.x.js");

    assertThat(c.mappedRoutes().get("/ro/x").get(0).methods()).containsExactly("POST");
    assertThat(c.function("node/ro/post.x.js@default").policy().methods()).containsExactly("GET");
  }

  @Test
  void versions_inherit_the_function_policy_field_by_field() {
    Catalog c = scan("python/v/handler.py", "python/v/v2/handler.py",
        "python/v/fn.config.json={\"timeout_ms\":700,\"invoke\":{\"methods\":[\"POST\"],\"summary\":\"Root\"},"
            + "\"schedule\":{\"enabled\":true,\"every_seconds\":5}}",
        "python/v/v2/fn.config.json={\"max_body_bytes\":10}");

    FunctionSpec v2 = c.function("python/v@v2");
    assertThat(v2.version()).isEqualTo("v2");
    assertThat(v2.versionLabel()).isEqualTo("v2");
    assertThat(v2.policy().timeoutMs()).isEqualTo(700);
    assertThat(v2.policy().methods()).containsExactly("POST");
    assertThat(v2.policy().maxBodyBytes()).isEqualTo(10);
    assertThat(v2.policy().schedule()).isNull();
    assertThat(v2.policy().routes()).isEmpty();
    assertThat(v2.meta().summary()).isEqualTo("Root");
    assertThat(c.function("python/v@default").policy().schedule()).isNotNull();
  }

  @Test
  void handler_hints_fill_metadata_that_config_leaves_open() {
    Catalog c = scan("get.hinted.py=# @summary Say hi\n# @methods GET, POST\n# @query {\"name\": \"Ana\"}\n"
            + "# @body {\"x\": 1}\n# @content_type application/json\ndef handler(event):\n    return {}\n",
        "node/hinted/handler.js=// @summary From the hint\n// @body plain text\nexports.handler = async () => ({});\n",
        "node/hinted/fn.config.json={\"invoke\":{\"summary\":\"From config\"}}");

    InvokeMeta py = c.function("python/get.hinted.py@default").meta();
    assertThat(py.summary()).isEqualTo("Say hi");
    assertThat(py.query().toString()).isEqualTo("{\"name\":\"Ana\"}");
    assertThat(py.body().toString()).isEqualTo("{\"x\":1}");
    assertThat(py.contentType()).isEqualTo("application/json");
    assertThat(py.defaultMethod()).isEqualTo("GET");
    InvokeMeta js = c.function("node/hinted@default").meta();
    assertThat(js.summary()).isEqualTo("From config");
    assertThat(js.body().stringValue()).isEqualTo("plain text");
    assertThat(c.function("node/hinted@default").policy().methods()).containsExactly("GET");
  }

  @Test
  void env_values_are_stringified_and_secrets_marked() {
    Catalog c = scan("node/e/handler.js",
        "node/e/fn.env.json={\"S\":\"x\",\"N\":42,\"F\":1.5,\"B\":true,\"NUL\":null,\"K\":{\"value\":7,\"is_secret\":true},"
            + "\"P\":{\"value\":\"plain\"},\"E\":{\"value\":null,\"is_secret\":true},\"A\":[1]}",
        "node/broken/handler.js", "node/broken/fn.env.json={oops");

    FunctionSpec e = c.function("node/e@default");
    assertThat(e.env()).containsExactlyInAnyOrderEntriesOf(
        Map.of("S", "x", "N", "42", "F", "1.5", "B", "true", "K", "7", "P", "plain"));
    assertThat(e.secretKeys()).containsExactly("K");
    assertThat(c.function("node/broken@default").env()).isEmpty();
    assertThat(c.problems()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("node/broken/fn.env.json: invalid JSON: ");
  }

  @Test
  void an_env_file_is_read_again_when_it_changes_and_a_broken_one_on_every_scan() throws Exception {
    TestTrees.write(root, files("node/e/handler.js", "node/e/fn.env.json={\"A\":\"1\"}"));
    Scanner scanner = new Scanner(TestTrees.config(root, Map.of()));
    assertThat(scanner.scan().function("node/e@default").env()).containsExactlyEntriesOf(Map.of("A", "1"));

    touch("node/e/fn.env.json", "{\"A\":\"2\"}");
    assertThat(scanner.scan().function("node/e@default").env()).containsExactlyEntriesOf(Map.of("A", "2"));

    touch("node/e/fn.env.json", "{oops");
    for (int i = 0; i < 2; i++) {
      Catalog c = scanner.scan();
      assertThat(c.function("node/e@default").env()).isEmpty();
      assertThat(c.problems()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .startsWith("node/e/fn.env.json: invalid JSON: ");
    }
  }

  @Test
  void file_fingerprints_change_when_a_helper_env_or_config_changes() throws Exception {
    TestTrees.write(root, files("shop/get.js", "shop/_helper.js=exports.a = 1;\n", "shop/_lib/deep.js=x",
        "other/get.js"));
    Scanner scanner = new Scanner(TestTrees.config(root, Map.of()));
    String fp0 = scanner.scan().function("node/shop/get.js@default").fingerprint();
    String other0 = scanner.scan().function("node/other/get.js@default").fingerprint();
    assertThat(scanner.scan().function("node/shop/get.js@default").fingerprint()).isEqualTo(fp0);

    touch("shop/_helper.js", "exports.a = 2;\n");
    String fp1 = scanner.scan().function("node/shop/get.js@default").fingerprint();
    assertThat(fp1).isNotEqualTo(fp0);
    touch("shop/_lib/deep.js", "y");
    String fp2 = scanner.scan().function("node/shop/get.js@default").fingerprint();
    assertThat(fp2).isNotEqualTo(fp1);
    TestTrees.write(root, "shop/fn.env.json", "{\"A\":\"1\"}");
    String fp3 = scanner.scan().function("node/shop/get.js@default").fingerprint();
    assertThat(fp3).isNotEqualTo(fp2);
    TestTrees.write(root, "fn.config.json", "{\"timeout_ms\": 100}");
    String fp4 = scanner.scan().function("node/shop/get.js@default").fingerprint();
    assertThat(fp4).isNotEqualTo(fp3);
    assertThat(scanner.scan().function("node/other/get.js@default").fingerprint()).isNotEqualTo(other0);
  }

  @Test
  void function_fingerprints_cover_the_folder_but_not_other_versions() throws Exception {
    TestTrees.write(root, files("node/f/handler.js", "node/f/lib/util.js=a", "node/f/v2/handler.js",
        "node/f/node_modules/dep/index.js=a"));
    Scanner scanner = new Scanner(TestTrees.config(root, Map.of()));
    Catalog c0 = scanner.scan();
    String def0 = c0.function("node/f@default").fingerprint();
    String v20 = c0.function("node/f@v2").fingerprint();

    touch("node/f/node_modules/dep/index.js", "b");
    TestTrees.write(root, "node/f/.fastfn-deps-state.json", "{}");
    TestTrees.write(root, "node/f/package-lock.json", "{}");
    assertThat(scanner.scan().function("node/f@default").fingerprint()).isEqualTo(def0);
    touch("node/f/v2/handler.js", "exports.handler = async () => 2;\n");
    Catalog c1 = scanner.scan();
    assertThat(c1.function("node/f@default").fingerprint()).isEqualTo(def0);
    assertThat(c1.function("node/f@v2").fingerprint()).isNotEqualTo(v20);
    touch("node/f/lib/util.js", "b");
    assertThat(scanner.scan().function("node/f@default").fingerprint()).isNotEqualTo(def0);
    String v21 = scanner.scan().function("node/f@v2").fingerprint();
    TestTrees.write(root, "node/f/fn.config.json", "{\"timeout_ms\": 900}");
    assertThat(scanner.scan().function("node/f@v2").fingerprint()).isNotEqualTo(v21);
  }

  @Test
  void discovery_problems_are_listed() {
    Catalog c = scan("items/get.post.items.js", "multi/fn.config.json={\"name\":\"multi\"}", "multi/handler.js",
        "multi/handler.py", "a/b/c/d/e/f/g/index.js", "hello/fn.config.json={\"runtime\":\"python\"}",
        "hello/handler.py", "python/hello/handler.py", "node/bad name/handler.js",
        "odd/fn.config.json={\"name\":\"../up\",\"runtime\":\"php\"}", "odd/handler.js");

    assertThat(c.problems()).containsExactlyInAnyOrder(
        "ignoring ambiguous multi-method filename: items/get.post.items.js",
        "multiple compatible entry files in multi; selected node:handler.js and ignored python:handler.py",
        "skipping a/b/c/d/e/f/g: deeper than 6 levels below the functions root",
        "hello: function python/hello is already defined in python/hello; ignoring hello",
        "skipping node/bad name: function folder names may use only letters, digits, '_' and '-'",
        "odd/fn.config.json: name '../up' is not a valid function name",
        "odd/fn.config.json: runtime 'php' is not supported (python, node)");
    assertThat(c.function("node/odd@default").configError())
        .isEqualTo("odd/fn.config.json: name '../up' is not a valid function name");
    assertThat(c.function("python/hello@default").sourceDir()).isEqualTo("python/hello");
  }

  @Test
  void groups_exist_for_every_enabled_runtime_even_when_empty() {
    Catalog c = scan("get.only.py");

    assertThat(c.groups()).containsOnlyKeys(RuntimeKind.PYTHON, RuntimeKind.NODE);
    assertThat(c.groups().get(RuntimeKind.NODE)).isEmpty();
    assertThat(c.groups().get(RuntimeKind.PYTHON)).extracting(FunctionGroup::name).containsExactly("get.only.py");
  }

  @Test
  void a_missing_root_gives_an_empty_catalog_with_a_problem() {
    Path missing = root.resolve("nope");
    Catalog c = new Scanner(new dev.fastfn.config.FastfnConfig(missing, "127.0.0.1", 0,
        List.of(RuntimeKind.PYTHON), Map.of(), missing, missing.resolve("logs"), TestTrees.config(root, Map.of()).limits(),
        3, List.of(), false, true, "python3", "node", "npm", null, null, null, null, null, null, Map.of())).scan();

    assertThat(c.functions()).isEmpty();
    assertThat(c.problems()).containsExactly("functions root " + missing + " is not a directory");
  }

  @Test
  void the_config_the_warm_up_parses_is_valid_and_like_a_console_create_writes() {
    FnConfig c = FnConfigParser.parse(Scanner.SAMPLE_CONFIG, "warm-up");

    assertThat(c.errorText()).isNull();
    assertThat(c.methods()).containsExactly("GET");
    assertThat(c.summary()).isEqualTo("Generated function");
    assertThat(c.query().toString()).isEqualTo("{\"name\":\"x\"}");
    assertThat(c.timeoutMs()).isEqualTo(2000);
  }

  @Test
  void a_hundred_functions_scan_quickly() {
    for (int i = 0; i < 50; i++) {
      TestTrees.write(root, files("python/fn" + i + "/handler.py", "python/fn" + i + "/fn.config.json={\"timeout_ms\": 900}",
          "area" + i + "/get.item.js", "area" + i + "/[id].js"));
    }
    Scanner scanner = new Scanner(TestTrees.config(root, Map.of()));
    scanner.scan(); // warm up class loading and the hint cache
    long best = Long.MAX_VALUE;
    for (int i = 0; i < Integer.getInteger("scanRounds", 5); i++) {
      long t0 = System.nanoTime();
      Catalog c = scanner.scan();
      best = Math.min(best, System.nanoTime() - t0);
      assertThat(c.functions()).hasSize(150);
    }
    System.out.println("scan of 150 functions: best " + best / 1000 + " us");
    assertThat(best).isLessThan(250_000_000L); // generous: the build machine is shared
  }

  private void touch(String rel, String content) throws Exception {
    Path p = root.resolve(rel);
    FileTime before = Files.getLastModifiedTime(p);
    Files.writeString(p, content);
    // same-size edits within one clock tick must still be seen: move mtime forward explicitly
    Files.setLastModifiedTime(p, FileTime.from(before.toInstant().plusSeconds(1).isAfter(Instant.now())
        ? before.toInstant().plusSeconds(1) : Instant.now()));
  }
}
