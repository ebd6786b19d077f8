package dev.fastfn.runtime;

import dev.fastfn.testing.ManualClock;

import static dev.fastfn.runtime.Fixtures.alive;
import static dev.fastfn.runtime.Fixtures.deadline;
import static dev.fastfn.runtime.Fixtures.event;
import static dev.fastfn.runtime.Fixtures.json;
import static dev.fastfn.runtime.Fixtures.node;
import static dev.fastfn.runtime.Fixtures.ok;
import static dev.fastfn.runtime.Fixtures.python;
import static dev.fastfn.runtime.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fastfn.discovery.FunctionSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Per-function isolation (env, import path, helper modules), hot reload, the dependency hook. */
class IsolationAndReloadTest {
  @TempDir
  Path root;

  WorkerPools pools;

  @BeforeEach
  void start() {
    pools = new WorkerPools(Fixtures.config(root), WorkerPreparer.none(), Clock.systemUTC(), Fixtures.options());
  }

  @AfterEach
  void stop() {
    pools.close();
  }

  private JsonNode callJson(FunctionSpec fn, String path) {
    return json(ok(pools.call(fn, event(fn, path), deadline(10_000))));
  }

  @Test
  void two_python_functions_see_only_their_own_env_and_an_allowlist() {
    String code = "import os\n\ndef handler(event):\n    return {'keys': sorted(os.environ.keys()),"
        + " 'a': os.environ.get('SECRET_A'), 'b': os.environ.get('SECRET_B')}\n";
    FunctionSpec a = python(root, "env-a").env("SECRET_A", "alpha").code(code).spec();
    FunctionSpec b = python(root, "env-b").env("SECRET_B", "beta").code(code).spec();
    JsonNode ja = callJson(a, "/a");
    JsonNode jb = callJson(b, "/b");
    assertThat(ja.get("a").asString()).isEqualTo("alpha");
    assertThat(ja.get("b").isNull()).isTrue();
    assertThat(jb.get("b").asString()).isEqualTo("beta");
    assertThat(jb.get("a").isNull()).isTrue();
    for (JsonNode k : ja.get("keys")) {
      String key = k.asString();
      assertThat(key.equals("SECRET_A") || WorkerEnvironment.allowed(key) || key.startsWith("PYTHON"))
          .as("unexpected variable %s in a worker", key).isTrue();
    }
  }

  @Test
  void node_functions_see_only_their_own_env_and_an_allowlist() {
    String code = "exports.handler = () => ({ keys: Object.keys(process.env).sort(), a: process.env.SECRET_A || null,"
        + " b: process.env.SECRET_B || null });\n";
    FunctionSpec a = node(root, "env-a").env("SECRET_A", "alpha").code(code).spec();
    FunctionSpec b = node(root, "env-b").env("SECRET_B", "beta").code(code).spec();
    JsonNode ja = callJson(a, "/a");
    JsonNode jb = callJson(b, "/b");
    assertThat(ja.get("a").asString()).isEqualTo("alpha");
    assertThat(ja.get("b").isNull()).isTrue();
    assertThat(jb.get("b").asString()).isEqualTo("beta");
    assertThat(jb.get("a").isNull()).isTrue();
    for (JsonNode k : ja.get("keys")) {
      String key = k.asString();
      assertThat(key.equals("SECRET_A") || WorkerEnvironment.allowed(key)).as("unexpected %s", key).isTrue();
    }
  }

  @Test
  void a_function_setting_a_boot_only_variable_gets_it_at_interpreter_start() {
    FunctionSpec fn = python(root, "pyopt").env("PYTHONOPTIMIZE", "1")
        .code("import sys\n\ndef handler(event):\n    return {'optimize': sys.flags.optimize}\n").spec();
    assertThat(callJson(fn, "/o").get("optimize").asInt()).isEqualTo(1);
  }

  @Test
  void same_named_python_helper_modules_stay_separate() {
    FunctionSpec a = python(root, "helper-a").file("utils.py", "LABEL = 'a-utils'\n")
        .code("import utils\n\ndef handler(event):\n    return {'label': utils.LABEL}\n").spec();
    FunctionSpec b = python(root, "helper-b").file("utils.py", "LABEL = 'b-utils'\n")
        .code("import utils\n\ndef handler(event):\n    return {'label': utils.LABEL}\n").spec();
    assertThat(callJson(a, "/a").get("label").asString()).isEqualTo("a-utils");
    assertThat(callJson(b, "/b").get("label").asString()).isEqualTo("b-utils");
    assertThat(callJson(a, "/a").get("label").asString()).isEqualTo("a-utils");
  }

  @Test
  void same_named_node_helper_modules_stay_separate() {
    FunctionSpec a = node(root, "helper-a").file("utils.js", "exports.label = 'a-utils';\n")
        .code("const u = require('./utils');\nexports.handler = () => ({ label: u.label });\n").spec();
    FunctionSpec b = node(root, "helper-b").file("utils.js", "exports.label = 'b-utils';\n")
        .code("const u = require('./utils');\nexports.handler = () => ({ label: u.label });\n").spec();
    assertThat(callJson(a, "/a").get("label").asString()).isEqualTo("a-utils");
    assertThat(callJson(b, "/b").get("label").asString()).isEqualTo("b-utils");
  }

  @Test
  void a_changed_helper_module_is_served_after_a_fingerprint_change_while_in_flight_calls_finish_on_old_code()
      throws Exception {
    Fixtures.Fn builder = python(root, "reloader").file("helper.py", "VALUE = 'v1'\n")
        .code("import os, time, helper\n\ndef handler(event):\n    if event['query'].get('slow'):\n"
            + "        time.sleep(1)\n    return {'value': helper.VALUE, 'pid': os.getpid()}\n");
    FunctionSpec v1 = builder.spec();
    JsonNode first = callJson(v1, "/r");
    assertThat(first.get("value").asString()).isEqualTo("v1");
    long oldPid = first.get("pid").asLong();
    CompletableFuture<CallOutcome> inFlight = CompletableFuture.supplyAsync(
        () -> pools.call(v1, event(v1, "/r?slow=1"), deadline(10_000)), r -> Thread.ofVirtual().start(r));
    await().atMost(Duration.ofSeconds(5)).until(() -> pools.health().pools().get(0).inFlight() == 1);

    FunctionSpec v2 = builder.file("helper.py", "VALUE = 'v2'\n").fingerprint("fp-2").spec();
    JsonNode second = callJson(v2, "/r");
    assertThat(second.get("value").asString()).isEqualTo("v2");
    assertThat(second.get("pid").asLong()).isNotEqualTo(oldPid);

    JsonNode finished = json(ok(inFlight.get(10, TimeUnit.SECONDS)));
    assertThat(finished.get("value").asString()).isEqualTo("v1");
    assertThat(finished.get("pid").asLong()).isEqualTo(oldPid);
    await().atMost(Duration.ofSeconds(5)).until(() -> !alive(oldPid));
    assertThat(pools.health().pools()).singleElement().satisfies(p -> assertThat(p.restarts()).isZero());
  }

  @Test
  void an_env_change_recycles_the_pool_too() {
    String code = "exports.handler = () => ({ greeting: process.env.GREETING });\n";
    FunctionSpec hola = node(root, "greeter").env("GREETING", "hola").code(code).spec();
    FunctionSpec salut = node(root, "greeter").env("GREETING", "salut").code(code).spec();
    assertThat(callJson(hola, "/g").get("greeting").asString()).isEqualTo("hola");
    assertThat(callJson(salut, "/g").get("greeting").asString()).isEqualTo("salut");
  }

  @Test
  void prewarm_starts_the_pool_without_a_call() {
    FunctionSpec fn = node(root, "prewarmed").code("exports.handler = () => ({ ok: true });\n").spec();
    pools.prewarm(fn);
    await().atMost(Duration.ofSeconds(10)).until(() -> pools.health().pools().get(0).workers() == 1);
    assertThat(ok(pools.call(fn, event(fn, "/p"), deadline(10_000))).cold()).isFalse();
  }

  @Test
  void prewarm_of_an_idle_reaped_pool_adopts_new_code_without_starting_workers() {
    pools.close();
    Fixtures.ManualClock clock = new Fixtures.ManualClock();
    pools = new WorkerPools(Fixtures.config(root), WorkerPreparer.none(), clock, Fixtures.options());
    Fixtures.Fn builder = node(root, "sleeper").workerPool(0, 10)
        .code("exports.handler = () => ({ v: 1, pid: process.pid });\n");
    long pid = callJson(builder.spec(), "/s").get("pid").asLong();
    clock.advance(Duration.ofSeconds(11));
    pools.housekeep();
    await().atMost(Duration.ofSeconds(5)).until(() -> !alive(pid));

    FunctionSpec v2 = builder.code("exports.handler = () => ({ v: 2 });\n").fingerprint("fp-2").spec();
    pools.prewarm(v2);
    pools.housekeep();
    assertThat(pools.health().pools()).singleElement().satisfies(p -> {
      assertThat(p.state()).isEqualTo("cold");
      assertThat(p.workers()).isZero();
    });
    WorkerReply r = ok(pools.call(v2, event(v2, "/s"), deadline(10_000)));
    assertThat(r.cold()).isTrue();
    assertThat(json(r).get("v").asInt()).isEqualTo(2);
  }

  @Test
  void retain_only_stops_pools_of_removed_functions() {
    FunctionSpec keep = node(root, "keep").code("exports.handler = () => ({ pid: process.pid });\n").spec();
    FunctionSpec gone = node(root, "gone").code("exports.handler = () => ({ pid: process.pid });\n").spec();
    callJson(keep, "/k");
    long gonePid = callJson(gone, "/g").get("pid").asLong();
    pools.retainOnly(java.util.Set.of(keep.key()));
    await().atMost(Duration.ofSeconds(5)).until(() -> !alive(gonePid));
    assertThat(pools.health().pools()).extracting(HealthSnapshot.PoolStatus::key).containsExactly(keep.key());
  }

  // ----------------------------------------------------------------------------------------------
  // the dependency hook

  @Test
  void preparer_import_paths_reach_python_and_node_workers() {
    pools.close();
    Path pyLib = root.resolve("libs/py");
    Path nodeLib = root.resolve("libs/node_modules");
    Fixtures.write(pyLib.resolve("extlib.py"), "NAME = 'from-extra-path'\n");
    Fixtures.write(nodeLib.resolve("extlib/index.js"), "exports.name = 'from-extra-path';\n");
    AtomicInteger prepared = new AtomicInteger();
    pools = new WorkerPools(Fixtures.config(root), (fn, deadline) -> {
      prepared.incrementAndGet();
      return new WorkerPreparer.Prepared.Ready(List.of(fn.runtime().id().equals("python") ? pyLib : nodeLib));
    }, Clock.systemUTC(), Fixtures.options());
    FunctionSpec py = python(root, "uses-dep").code("import sys, extlib\n\ndef handler(event):\n"
        + "    return {'name': extlib.NAME, 'second': sys.path[1]}\n").spec();
    FunctionSpec js = node(root, "uses-dep").code("const ext = require('extlib');\n"
        + "exports.handler = () => ({ name: ext.name });\n").spec();
    JsonNode jp = callJson(py, "/p");
    assertThat(jp.get("name").asString()).isEqualTo("from-extra-path");
    assertThat(jp.get("second").asString()).isEqualTo(pyLib.toString());
    assertThat(callJson(js, "/j").get("name").asString()).isEqualTo("from-extra-path");
    callJson(py, "/p");
    assertThat(prepared.get()).isEqualTo(2);
  }

  @Test
  void a_preparer_failure_becomes_the_reply_and_the_next_call_retries() {
    pools.close();
    AtomicInteger attempts = new AtomicInteger();
    pools = new WorkerPools(Fixtures.config(root), (fn, deadline) -> attempts.incrementAndGet() == 1
        ? new WorkerPreparer.Prepared.Failed(500, "python dependency inference failed: unresolved imports MyInternalSDK")
        : new WorkerPreparer.Prepared.Ready(List.of()), Clock.systemUTC(), Fixtures.options());
    FunctionSpec fn = python(root, "deps").code("def handler(event):\n    return {'ok': True}\n").spec();
    WorkerReply failed = ok(pools.call(fn, event(fn, "/d"), deadline(10_000)));
    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.headers()).isEqualTo(Map.of("Content-Type", List.of("application/json")));
    assertThat(text(failed))
        .isEqualTo("{\"error\":\"python dependency inference failed: unresolved imports MyInternalSDK\"}");
    assertThat(text(ok(pools.call(fn, event(fn, "/d"), deadline(10_000))))).isEqualTo("{\"ok\":true}");
  }

  @Test
  void an_install_still_running_answers_503_with_retry_after() {
    pools.close();
    pools = new WorkerPools(Fixtures.config(root), (fn, deadline) ->
        new WorkerPreparer.Prepared.Failed(503, "dependencies of python/slowdeps@default are still installing", 2),
        Clock.systemUTC(), Fixtures.options());
    FunctionSpec fn = python(root, "slowdeps").code("def handler(event):\n    return {'ok': True}\n").spec();

    WorkerReply reply = ok(pools.call(fn, event(fn, "/s"), deadline(10_000)));

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.headers()).containsEntry("Retry-After", List.of("2"))
        .containsEntry("Content-Type", List.of("application/json"));
    assertThat(text(reply)).isEqualTo("{\"error\":\"dependencies of python/slowdeps@default are still installing\"}");
  }

  @Test
  void concurrent_first_calls_share_one_preparation_and_one_start() throws Exception {
    pools.close();
    AtomicInteger prepared = new AtomicInteger();
    pools = new WorkerPools(Fixtures.config(root), (fn, deadline) -> {
      prepared.incrementAndGet();
      return new WorkerPreparer.Prepared.Ready(List.of());
    }, Clock.systemUTC(), Fixtures.options());
    FunctionSpec fn = node(root, "burst").code("exports.handler = () => ({ pid: process.pid });\n").spec();
    List<CompletableFuture<CallOutcome>> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      calls.add(CompletableFuture.supplyAsync(() -> pools.call(fn, event(fn, "/b"), deadline(20_000)),
          r -> Thread.ofVirtual().start(r)));
    }
    java.util.Set<Long> pids = new java.util.HashSet<>();
    for (CompletableFuture<CallOutcome> c : calls) {
      pids.add(json(ok(c.get(30, TimeUnit.SECONDS))).get("pid").asLong());
    }
    assertThat(pids).hasSize(1);
    assertThat(prepared.get()).isEqualTo(1);
  }
}
