package dev.fastfn.deps;

import static dev.fastfn.deps.DepsFixture.LONG;
import static dev.fastfn.deps.DepsFixture.callsStartingWith;
import static dev.fastfn.deps.DepsFixture.node;
import static dev.fastfn.deps.DepsFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.runtime.Deadline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** Real npm with local {@code file:} packages (no registry needed), plus one inference case. */
class NodeDepsTest {
  @TempDir Path tmp;
  Path root;
  Path calls;
  Path npmBin;
  final List<DependencyService> services = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    root = tmp.resolve("functions");
    Files.createDirectories(root);
    calls = tmp.resolve("npm-calls.log");
    npmBin = DepsFixture.countingWrapper(tmp.resolve("bin"), "npm", calls);
  }

  @AfterEach
  void tearDown() {
    services.forEach(DependencyService::close);
  }

  DependencyService service(String... env) {
    List<String> kv = new ArrayList<>(List.of("FN_NPM_BIN", npmBin.toString()));
    kv.addAll(List.of(env));
    FastfnConfig cfg = DepsFixture.config(root, kv.toArray(String[]::new));
    DependencyService s = new DependencyService(cfg, DepsFixture.toolEnv(tmp.resolve("no-wheels")), Clock.systemUTC());
    services.add(s);
    return s;
  }

  static Readiness.Ready ready(Readiness r) {
    assertThat(r).isInstanceOf(Readiness.Ready.class);
    return (Readiness.Ready) r;
  }

  long npmInstalls() throws Exception {
    return callsStartingWith(calls, "install ") + callsStartingWith(calls, "ci ");
  }

  /** A local package {@code name} in {@code <dir>/vendor/<name>} exporting {@code label}. */
  static void vendor(Path dir, String name, String label) throws Exception {
    write(dir.resolve("vendor/" + name + "/package.json"),
        "{\"name\":\"" + name + "\",\"version\":\"1.0.0\",\"main\":\"index.js\"}\n");
    write(dir.resolve("vendor/" + name + "/index.js"), "exports.label = \"" + label + "\";\n");
  }

  FunctionSpec fnWithFileDep(String name, String label) throws Exception {
    FunctionSpec fn = DepsFixture.node(root, name, List.of());
    write(fn.entryFile(), "const tiny = require('tinynode');\nexports.handler = async () => ({ label: tiny.label });\n");
    vendor(fn.functionDir(), "tinynode", label);
    write(fn.functionDir().resolve("package.json"), """
        {"name": "%s", "private": true, "version": "1.0.0",
         "dependencies": {"tinynode": "file:./vendor/tinynode"}}
        """.formatted(name));
    return fn;
  }

  @Test
  void a_file_dependency_installs_offline_into_node_modules_and_a_restart_reuses_it() throws Exception {
    FunctionSpec fn = fnWithFileDep("nodedep", "tiny-node");
    DependencyService deps = service();

    Readiness.Ready r = ready(deps.ensureReady(fn, Deadline.after(LONG)));

    Path modules = fn.functionDir().resolve("node_modules");
    assertThat(r.nodePaths()).containsExactly(modules);
    assertThat(r.pythonPaths()).isEmpty();
    assertThat(node(r.nodePaths(), "process.stdout.write(require('tinynode').label)")).isEqualTo("tiny-node");
    assertThat(node(List.of(), "try { require('tinynode') } catch (e) { process.stdout.write(e.code) }"))
        .isEqualTo("MODULE_NOT_FOUND");
    ObjectNode state = deps.stateFor(fn).orElseThrow();
    assertThat(state.get("runtime").asString()).isEqualTo("node");
    assertThat(state.get("mode").asString()).isEqualTo("manifest");
    assertThat(state.get("manifest_path").asString()).isEqualTo(fn.functionDir().resolve("package.json").toString());
    assertThat(state.get("last_install_status").asString()).isEqualTo("ok");
    assertThat(state.get("last_error").isNull()).isTrue();
    assertThat(state.get("resolved_packages").toString()).isEqualTo("[\"tinynode\"]");
    assertThat(state.get("lockfile_path").asString())
        .isEqualTo(fn.functionDir().resolve("package-lock.json").toString());
    assertThat(npmInstalls()).isEqualTo(1);

    deps.close();
    DependencyService restarted = service();
    Readiness.Ready again = ready(restarted.ensureReady(fn, Deadline.after(LONG)));
    assertThat(again.signature()).isEqualTo(r.signature());
    assertThat(npmInstalls()).isEqualTo(1);

    Files.delete(fn.functionDir().resolve("package-lock.json"));
    vendor(fn.functionDir(), "tinynode", "changed");
    write(fn.functionDir().resolve("package.json"),
        "{\"name\":\"nodedep\",\"version\":\"1.0.1\",\"dependencies\":{\"tinynode\":\"file:./vendor/tinynode\"}}\n");
    Readiness.Ready changed = ready(restarted.ensureReady(fn, Deadline.after(LONG)));
    assertThat(node(changed.nodePaths(), "process.stdout.write(require('tinynode').label)")).isEqualTo("changed");
    assertThat(npmInstalls()).isEqualTo(2);
  }

  @Test
  void a_lockfile_makes_npm_use_ci() throws Exception {
    FunctionSpec fn = fnWithFileDep("locked", "locked");
    DependencyService deps = service();
    ready(deps.ensureReady(fn, Deadline.after(LONG)));
    Dirs.deleteTree(fn.functionDir().resolve("node_modules"));

    Readiness.Ready r = ready(deps.ensureReady(fn, Deadline.after(LONG)));

    assertThat(node(r.nodePaths(), "process.stdout.write(require('tinynode').label)")).isEqualTo("locked");
    assertThat(callsStartingWith(calls, "install ")).isEqualTo(1);
    assertThat(callsStartingWith(calls, "ci ")).isEqualTo(1);
  }

  @Test
  void a_node_pack_is_installed_once_and_shared_by_two_functions() throws Exception {
    Path pack = root.resolve(".fastfn/packs/node/shared");
    vendor(pack, "packnode", "from-pack");
    write(pack.resolve("package.json"),
        "{\"name\":\"shared\",\"private\":true,\"dependencies\":{\"packnode\":\"file:./vendor/packnode\"}}\n");
    List<Readiness.Ready> results = new ArrayList<>();
    DependencyService deps = service();
    for (String name : List.of("one", "two")) {
      FunctionSpec fn = DepsFixture.node(root, name, List.of("shared"));
      write(fn.entryFile(), "const p = require('packnode');\nexports.handler = async () => ({ s: p.label });\n");
      results.add(ready(deps.ensureReady(fn, Deadline.after(LONG))));
    }

    for (Readiness.Ready r : results) {
      assertThat(r.nodePaths()).containsExactly(pack.resolve("node_modules"));
      assertThat(node(r.nodePaths(), "process.stdout.write(require('packnode').label)")).isEqualTo("from-pack");
    }
    assertThat(npmInstalls()).isEqualTo(1);
    // the pack's name is never inferred as a package of the function
    assertThat(root.resolve("node/one/package.json")).doesNotExist();
  }

  @Test
  void inference_writes_package_json_and_installs_from_the_registry() throws Exception {
    FunctionSpec fn = DepsFixture.node(root, "inferred", List.of());
    write(fn.entryFile(), """
        // require('commented-out') is not a dependency
        const isNumber = require('is-number');
        const fs = require('node:fs'), path = require('path');
        const helper = require('./helper');
        exports.handler = async () => ({ ok: isNumber(5), url: "http://example.com/x" });
        """);
    write(fn.functionDir().resolve("helper.js"), "module.exports = {};\n");
    DependencyService deps = service();

    Readiness.Ready r = ready(deps.ensureReady(fn, Deadline.after(LONG)));

    assertThat(node(r.nodePaths(), "process.stdout.write(String(require('is-number')(5)))")).isEqualTo("true");
    assertThat(Files.readString(fn.functionDir().resolve("package.json"))).isEqualTo("""
        {
          "name": "fastfn-inferred",
          "private": true,
          "version": "1.0.0",
          "dependencies": {
            "is-number": "*"
          }
        }
        """);
    ObjectNode state = deps.stateFor(fn).orElseThrow();
    assertThat(state.get("mode").asString()).isEqualTo("inferred");
    assertThat(state.get("manifest_generated").asBoolean()).isTrue();
    assertThat(state.get("inferred_imports").toString()).isEqualTo("[\"is-number\"]");
    assertThat(state.get("resolved_packages").toString()).isEqualTo("[\"is-number\"]");
    assertThat(state.get("last_install_status").asString()).isEqualTo("ok");
  }

  @Test
  void an_unresolvable_import_in_strict_mode_fails_with_the_reference_message() throws Exception {
    FunctionSpec fn = DepsFixture.node(root, "badscope", List.of());
    write(fn.entryFile(), "const x = require('@bad/');\nexports.handler = async () => ({});\n");
    DependencyService deps = service();

    Readiness r = deps.ensureReady(fn, Deadline.after(LONG));

    String msg = "node dependency inference failed: unresolved imports @bad/. Add explicit dependencies in"
        + " package.json or disable FN_AUTO_INFER_STRICT.";
    assertThat(r).isEqualTo(new Readiness.Failed(msg));
    ObjectNode state = deps.stateFor(fn).orElseThrow();
    assertThat(state.get("runtime").asString()).isEqualTo("node");
    assertThat(state.get("mode").asString()).isEqualTo("inferred");
    assertThat(state.get("manifest_generated").asBoolean()).isFalse();
    assertThat(state.get("last_install_status").asString()).isEqualTo("error");
    assertThat(state.get("last_error").asString()).isEqualTo(msg);
    assertThat(npmInstalls()).isZero();
  }

  @Test
  void a_worker_load_waits_for_a_require_but_not_for_code_without_one() throws Exception {
    FunctionSpec quiet = DepsFixture.node(root, "quiet", List.of());
    write(quiet.entryFile(), "exports.handler = async () => ({ ok: true });\n");
    FunctionSpec bad = DepsFixture.node(root, "badscope2", List.of());
    write(bad.entryFile(), "const x = require('@bad/');\nexports.handler = async () => ({});\n");
    DependencyService deps = service();

    assertThat(deps.readyToLoad(quiet, Deadline.after(LONG))).isEqualTo(new Readiness.Ready(List.of(), List.of(), ""));
    await().atMost(Duration.ofSeconds(10)).until(() -> deps.stateFor(quiet).isPresent());
    assertThat(deps.stateFor(quiet).orElseThrow().get("last_install_status").asString()).isEqualTo("skipped");
    // a require is looked at before the worker loads: here it fails the load as ensureReady does
    assertThat(deps.readyToLoad(bad, Deadline.after(LONG))).isInstanceOf(Readiness.Failed.class);
    assertThat(npmInstalls()).isZero();
  }

  @Test
  void an_npm_failure_reports_the_tail_of_npm_output() throws Exception {
    FunctionSpec fn = DepsFixture.node(root, "broken", List.of());
    write(fn.entryFile(), "exports.handler = async () => ({});\n");
    write(fn.functionDir().resolve("package.json"),
        "{\"name\":\"broken\",\"dependencies\":{\"nosuchpkgfnconf\":\"9.9.9\"}}\n");
    DependencyService deps = service();

    Readiness r = deps.ensureReady(fn, Deadline.after(LONG));

    assertThat(r).isInstanceOf(Readiness.Failed.class);
    assertThat(((Readiness.Failed) r).error())
        .startsWith("npm dependencies install failed for " + fn.functionDir() + ": ")
        .contains("nosuchpkgfnconf")
        .endsWith(". Check inferred imports or add explicit dependencies in package.json.");
    assertThat(deps.stateFor(fn).orElseThrow().get("last_install_status").asString()).isEqualTo("error");
  }

  @Test
  void invalid_package_json_fails_naming_the_folder() throws Exception {
    FunctionSpec fn = DepsFixture.node(root, "badjson", List.of());
    write(fn.entryFile(), "exports.handler = async () => ({});\n");
    write(fn.functionDir().resolve("package.json"), "[1, 2]\n");

    Readiness r = service().ensureReady(fn, Deadline.after(LONG));

    assertThat(r).isEqualTo(new Readiness.Failed("invalid package.json at " + fn.functionDir()
        + ": expected JSON object"));
  }

  @Test
  void missing_external_backends_name_the_tool_to_install() throws Exception {
    FunctionSpec fn = DepsFixture.node(root, "tools", List.of());
    write(fn.entryFile(), "const a = require('is-number');\n");

    assertThat(service("FN_NODE_INFER_BACKEND", "detective").ensureReady(fn, Deadline.after(LONG))).isEqualTo(
        new Readiness.Failed("node dependency inference backend 'detective' is unavailable. Install it with"
            + " 'npm install -g detective' or switch FN_NODE_INFER_BACKEND=native."));
    assertThat(service("FN_NODE_INFER_BACKEND", "require-analyzer").ensureReady(fn, Deadline.after(LONG))).isEqualTo(
        new Readiness.Failed("node dependency inference backend 'require-analyzer' is unavailable. Install it with"
            + " 'npm install -g require-analyzer' or switch FN_NODE_INFER_BACKEND=native."));
    assertThat(service("FN_NODE_INFER_BACKEND", "magic").ensureReady(fn, Deadline.after(LONG))).isEqualTo(
        new Readiness.Failed("node dependency inference backend unsupported: magic. Supported values: native,"
            + " detective, require-analyzer."));
  }
}
