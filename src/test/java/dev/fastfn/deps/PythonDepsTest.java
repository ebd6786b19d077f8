package dev.fastfn.deps;

import static dev.fastfn.deps.DepsFixture.LONG;
import static dev.fastfn.deps.DepsFixture.callsStartingWith;
import static dev.fastfn.deps.DepsFixture.python;
import static dev.fastfn.deps.DepsFixture.simpleWheel;
import static dev.fastfn.deps.DepsFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.discovery.Scanner;
import dev.fastfn.runtime.Deadline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** Real pip against hand-written wheels in a local find-links folder (PyPI is not reachable in CI). */
class PythonDepsTest {
  @TempDir Path tmp;
  Path root;
  Path wheels;
  Path calls;
  Path pythonBin;
  final List<DependencyService> services = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    root = tmp.resolve("functions");
    Files.createDirectories(root);
    wheels = tmp.resolve("wheels");
    calls = tmp.resolve("python-calls.log");
    pythonBin = DepsFixture.countingWrapper(tmp.resolve("bin"), "python3", calls);
    simpleWheel(wheels, "tinypkg", "1.0.0", "one");
    simpleWheel(wheels, "tinypkg", "2.0.0", "two");
    simpleWheel(wheels, "packpkg", "1.0.0", "from-pack");
    DepsFixture.wheel(wheels, "PyYAML", "6.0", Map.of("yaml/__init__.py", "VALUE = \"yaml-alias\"\n"));
  }

  @AfterEach
  void tearDown() {
    services.forEach(DependencyService::close);
  }

  DependencyService service(String... env) {
    List<String> kv = new ArrayList<>(List.of("FN_PYTHON_BIN", pythonBin.toString()));
    kv.addAll(List.of(env));
    FastfnConfig cfg = DepsFixture.config(root, kv.toArray(String[]::new));
    DependencyService s = new DependencyService(cfg, DepsFixture.toolEnv(wheels), Clock.systemUTC());
    services.add(s);
    return s;
  }

  static Readiness.Ready ready(Readiness r) {
    assertThat(r).isInstanceOf(Readiness.Ready.class);
    return (Readiness.Ready) r;
  }

  long pipInstalls() throws Exception {
    return callsStartingWith(calls, "-m pip install");
  }

  FunctionSpec fn(String name, String handler, String requirements, List<String> packs) throws Exception {
    FunctionSpec fn = DepsFixture.python(root, name, packs);
    write(fn.entryFile(), handler);
    if (requirements != null) {
      write(fn.functionDir().resolve("requirements.txt"), requirements);
    }
    return fn;
  }

  @Test
  void requirements_txt_is_installed_into_the_function_deps_folder_and_only_that_function_sees_it() throws Exception {
    FunctionSpec fn = fn("depuse", "import tinypkg\n\ndef handler(event):\n    return {}\n", "tinypkg==1.0.0\n", List.of());
    FunctionSpec other = fn("plain", "def handler(event):\n    return {}\n", null, List.of());
    DependencyService deps = service();

    Readiness.Ready r = ready(deps.ensureReady(fn, Deadline.after(LONG)));
    Readiness.Ready plain = ready(deps.ensureReady(other, Deadline.after(LONG)));

    Path depsDir = fn.functionDir().resolve(".deps");
    assertThat(r.pythonPaths()).containsExactly(depsDir);
    assertThat(r.nodePaths()).isEmpty();
    assertThat(r.signature()).isNotEmpty();
    assertThat(python(r.pythonPaths(), "import tinypkg; print(tinypkg.VALUE)")).isEqualTo("one");
    assertThat(plain.pythonPaths()).isEmpty();
    assertThat(python(plain.pythonPaths(), "import tinypkg")).contains("ModuleNotFoundError: No module named 'tinypkg'");

    ObjectNode state = deps.stateFor(fn).orElseThrow();
    assertThat(state.propertyNames()).containsExactly("runtime", "mode", "manifest_path", "manifest_generated",
        "infer_backend", "inference_duration_ms", "inferred_imports", "resolved_packages", "unresolved_imports",
        "last_install_status", "last_error", "lockfile_path", "install_signature", "updated_at");
    assertThat(state.get("runtime").asString()).isEqualTo("python");
    assertThat(state.get("mode").asString()).isEqualTo("manifest");
    assertThat(state.get("manifest_path").asString()).isEqualTo(fn.functionDir().resolve("requirements.txt").toString());
    assertThat(state.get("manifest_generated").asBoolean()).isFalse();
    assertThat(state.get("infer_backend").asString()).isEqualTo("native");
    assertThat(state.get("resolved_packages").toString()).isEqualTo("[\"tinypkg\"]");
    assertThat(state.get("last_install_status").asString()).isEqualTo("ok");
    assertThat(state.get("last_error").isNull()).isTrue();
    assertThat(state.get("updated_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    Path lock = fn.functionDir().resolve("requirements.lock.txt");
    assertThat(state.get("lockfile_path").asString()).isEqualTo(lock.toString());
    assertThat(Files.readString(lock)).isEqualTo("tinypkg==1.0.0\n");
    assertThat(deps.stateFor(other).orElseThrow().get("last_install_status").asString()).isEqualTo("skipped");
    assertThat(pipInstalls()).isEqualTo(1);
  }

  @Test
  void exercising_the_check_installs_records_and_remembers_nothing() throws Exception {
    FunctionSpec fn = fn("depuse", "import tinypkg\n\ndef handler(event):\n    return {}\n", "tinypkg==1.0.0\n",
        List.of());
    fn("plain", "def handler(event):\n    return {}\n", null, List.of());
    DependencyService deps = service();
    Catalog catalog = new Scanner(DepsFixture.config(root)).scan();
    assertThat(catalog.functions()).hasSize(2);

    assertThat(deps.exercise(catalog, 40, Duration.ofSeconds(30))).isEqualTo(40);

    assertThat(pipInstalls()).isZero();
    assertThat(deps.stateFor(fn)).isEmpty();
    assertThat(fn.functionDir().resolve(".deps")).doesNotExist();
    ready(deps.ensureReady(fn, Deadline.after(LONG))); // nothing was remembered: this call installs
    assertThat(pipInstalls()).isEqualTo(1);
  }

  @Test
  void a_worker_of_code_without_dependencies_loads_at_once_and_its_state_is_still_recorded() throws Exception {
    FunctionSpec quiet = fn("quiet", "def handler(event):\n    return {\"ok\": True}\n", null, List.of());
    FunctionSpec importing = fn("importing", "import tinypkg\n\ndef handler(event):\n    return {}\n", null,
        List.of());
    FunctionSpec installed = fn("installed", "def handler(event):\n    return {}\n", null, List.of());
    Files.createDirectories(installed.functionDir().resolve(".deps"));
    DependencyService deps = service();

    // Nothing to install: the same answer the full preparation gives, without waiting for it ...
    Readiness.Ready quick = ready(deps.readyToLoad(quiet, Deadline.after(LONG)));
    assertThat(quick).isEqualTo(new Readiness.Ready(List.of(), List.of(), ""));
    assertThat(ready(deps.ensureReady(quiet, Deadline.after(LONG)))).isEqualTo(quick);
    // ... and the preparation that runs behind it still records the folder's state.
    await().atMost(Duration.ofSeconds(10)).until(() -> deps.stateFor(quiet).isPresent());
    assertThat(deps.stateFor(quiet).orElseThrow().get("last_install_status").asString()).isEqualTo("skipped");

    // An import or an installed .deps folder waits for the real preparation and gets its paths.
    Readiness.Ready withImport = ready(deps.readyToLoad(importing, Deadline.after(LONG)));
    assertThat(withImport.pythonPaths()).containsExactly(importing.functionDir().resolve(".deps"));
    assertThat(python(withImport.pythonPaths(), "import tinypkg; print(tinypkg.VALUE)")).isEqualTo("two");
    assertThat(ready(deps.readyToLoad(installed, Deadline.after(LONG))).pythonPaths())
        .containsExactly(installed.functionDir().resolve(".deps"));
  }

  @Test
  void a_worker_of_code_without_dependencies_does_not_queue_behind_a_running_install() throws Exception {
    // pip takes 3 s and only one preparation may run at a time
    Path slow = tmp.resolve("bin/python3-slow-pip");
    Path started = tmp.resolve("pip-started");
    Files.writeString(slow, "#!/bin/sh\nif [ \"$2\" = pip ] && [ \"$3\" = install ]; then touch '" + started
        + "'; sleep 3; fi\nexec " + pythonBin + " \"$@\"\n");
    slow.toFile().setExecutable(true);
    pythonBin = slow;
    FunctionSpec busy = fn("busy", "import tinypkg\n\ndef handler(event):\n    return {}\n", "tinypkg==1.0.0\n",
        List.of());
    FunctionSpec quiet = fn("quiet2", "def handler(event):\n    return {}\n", null, List.of());
    DependencyService deps = service("FN_PREINSTALL_NODE_DEPS_CONCURRENCY", "1");
    ExecutorService bg = Executors.newSingleThreadExecutor();
    try {
      Future<Readiness> installing = bg.submit(() -> deps.ensureReady(busy, Deadline.after(LONG)));
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(started));

      // waiting for the preparation would queue behind the install; a worker load does not
      assertThat(deps.ensureReady(quiet, Deadline.after(Duration.ofMillis(300))))
          .isInstanceOf(Readiness.Installing.class);
      assertThat(deps.readyToLoad(quiet, Deadline.after(Duration.ofMillis(300))))
          .isEqualTo(new Readiness.Ready(List.of(), List.of(), ""));
      assertThat(ready(installing.get())).isNotNull();
    } finally {
      bg.shutdownNow();
    }
  }

  @Test
  void inline_requirements_comment_is_installed() throws Exception {
    FunctionSpec fn = fn("depinline", "#@requirements tinypkg==2.0.0\nimport tinypkg\n\ndef handler(event):\n    return {}\n",
        null, List.of());
    DependencyService deps = service();

    Readiness.Ready r = ready(deps.ensureReady(fn, Deadline.after(LONG)));

    assertThat(python(r.pythonPaths(), "import tinypkg; print(tinypkg.VALUE)")).isEqualTo("two");
    ObjectNode state = deps.stateFor(fn).orElseThrow();
    assertThat(state.get("last_install_status").asString()).isEqualTo("ok");
    assertThat(state.get("mode").asString()).isEqualTo("manifest");
    assertThat(state.get("resolved_packages").toString()).isEqualTo("[\"tinypkg\"]");
    assertThat(fn.functionDir().resolve("requirements.txt")).doesNotExist();
  }

  @Test
  void inference_resolves_imports_with_aliases_and_writes_requirements_txt() throws Exception {
    FunctionSpec fn = fn("inferred", """
        import json, os.path
        import tinypkg
        from helper import greet
        from . import sibling

        def handler(event):
            import yaml
            return {"v": tinypkg.VALUE + yaml.VALUE}
        """, null, List.of());
    write(fn.functionDir().resolve("helper.py"), "def greet():\n    return 'hi'\n");
    DependencyService deps = service();

    Readiness.Ready r = ready(deps.ensureReady(fn, Deadline.after(LONG)));

    assertThat(python(r.pythonPaths(), "import tinypkg, yaml; print(tinypkg.VALUE, yaml.VALUE)"))
        .isEqualTo("two yaml-alias"); // unpinned: the newest wheel
    assertThat(Files.readString(fn.functionDir().resolve("requirements.txt"))).isEqualTo("""
        # Auto-generated by FastFN dependency inference.
        # Backend: native. Explicit manifests remain faster and more predictable.

        PyYAML
        tinypkg
        """);
    ObjectNode state = deps.stateFor(fn).orElseThrow();
    assertThat(state.get("mode").asString()).isEqualTo("inferred");
    assertThat(state.get("manifest_generated").asBoolean()).isTrue();
    assertThat(state.get("inferred_imports").toString()).isEqualTo("[\"tinypkg\",\"yaml\"]");
    assertThat(state.get("resolved_packages").toString()).isEqualTo("[\"pyyaml\",\"tinypkg\"]");
    assertThat(state.get("unresolved_imports").toString()).isEqualTo("[]");
    assertThat(state.get("last_install_status").asString()).isEqualTo("ok");
  }

  @Test
  void unresolved_import_in_strict_mode_fails_with_the_reference_message() throws Exception {
    FunctionSpec fn = fn("strict", "import MyInternalSDK\n\ndef handler(event):\n    return {}\n", null, List.of());
    DependencyService deps = service();

    Readiness r = deps.ensureReady(fn, Deadline.after(LONG));

    String msg = "python dependency inference failed: unresolved imports MyInternalSDK. Add explicit requirements.txt"
        + " entries or disable FN_AUTO_INFER_STRICT.";
    assertThat(r).isEqualTo(new Readiness.Failed(msg));
    ObjectNode state = deps.stateFor(fn).orElseThrow();
    assertThat(state.get("mode").asString()).isEqualTo("inferred");
    assertThat(state.get("last_install_status").asString()).isEqualTo("error");
    assertThat(state.get("last_error").asString()).isEqualTo(msg);
    assertThat(state.get("unresolved_imports").toString()).isEqualTo("[\"MyInternalSDK\"]");
    assertThat(fn.functionDir().resolve("requirements.txt")).doesNotExist();
    assertThat(pipInstalls()).isZero();
  }

  @Test
  void unresolved_import_without_strict_mode_is_only_reported() throws Exception {
    FunctionSpec fn = fn("lenient", "import MyInternalSDK\nimport tinypkg\n\ndef handler(event):\n    return {}\n",
        null, List.of());
    DependencyService deps = service("FN_AUTO_INFER_STRICT", "0", "FN_AUTO_INFER_WRITE_MANIFEST", "0");

    Readiness.Ready r = ready(deps.ensureReady(fn, Deadline.after(LONG)));

    assertThat(python(r.pythonPaths(), "import tinypkg; print(tinypkg.VALUE)")).isEqualTo("two");
    ObjectNode state = deps.stateFor(fn).orElseThrow();
    assertThat(state.get("last_install_status").asString()).isEqualTo("ok");
    assertThat(state.get("unresolved_imports").toString()).isEqualTo("[\"MyInternalSDK\"]");
    assertThat(state.get("resolved_packages").toString()).isEqualTo("[\"tinypkg\"]");
    assertThat(state.get("manifest_generated").asBoolean()).isFalse();
    assertThat(fn.functionDir().resolve("requirements.txt")).doesNotExist(); // manifest writes are off
  }

  @Test
  void a_pack_is_installed_once_and_shared_by_two_functions() throws Exception {
    write(root.resolve(".fastfn/packs/python/common/requirements.txt"), "packpkg==1.0.0\n");
    FunctionSpec a = fn("a", "import packpkg\n\ndef handler(event):\n    return {}\n", null, List.of("common"));
    FunctionSpec b = fn("b", "import importlib\n\ndef handler(event):\n    return {}\n", null, List.of("common"));
    DependencyService deps = service();

    Readiness.Ready ra = ready(deps.ensureReady(a, Deadline.after(LONG)));
    Readiness.Ready rb = ready(deps.ensureReady(b, Deadline.after(LONG)));

    Path packDeps = root.resolve(".fastfn/packs/python/common/.deps");
    assertThat(ra.pythonPaths()).containsExactly(packDeps);
    assertThat(rb.pythonPaths()).containsExactly(packDeps);
    assertThat(python(rb.pythonPaths(), "import packpkg; print(packpkg.VALUE)")).isEqualTo("from-pack");
    assertThat(pipInstalls()).isEqualTo(1);
    // what the pack provides is not inferred as the function's own requirement
    assertThat(a.functionDir().resolve("requirements.txt")).doesNotExist();
    assertThat(deps.stateFor(a).orElseThrow().get("inferred_imports").toString()).isEqualTo("[]");
  }

  @Test
  void the_parent_root_rule_finds_packs_next_to_a_runtime_named_root_and_a_missing_pack_names_both_paths()
      throws Exception {
    Path pyRoot = tmp.resolve("tree/python");
    Files.createDirectories(pyRoot);
    write(tmp.resolve("tree/.fastfn/packs/python/up/requirements.txt"), "packpkg==1.0.0\n");
    root = pyRoot;
    FunctionSpec fn = DepsFixture.function(pyRoot.getParent(), dev.fastfn.config.RuntimeKind.PYTHON, "f", "handler.py",
        List.of("up"));
    write(fn.entryFile(), "def handler(event):\n    return {}\n");
    FunctionSpec missing = DepsFixture.function(pyRoot.getParent(), dev.fastfn.config.RuntimeKind.PYTHON, "g",
        "handler.py", List.of("nope"));
    write(missing.entryFile(), "def handler(event):\n    return {}\n");
    DependencyService deps = service();

    Readiness.Ready r = ready(deps.ensureReady(fn, Deadline.after(LONG)));
    Readiness m = deps.ensureReady(missing, Deadline.after(LONG));

    assertThat(r.pythonPaths()).containsExactly(tmp.resolve("tree/.fastfn/packs/python/up/.deps"));
    assertThat(m).isEqualTo(new Readiness.Failed("shared pack not found: nope (looked in: "
        + pyRoot.resolve(".fastfn/packs/python/nope") + ", " + tmp.resolve("tree/.fastfn/packs/python/nope") + ")"));
  }

  @Test
  void two_functions_pinning_different_versions_each_see_their_own() throws Exception {
    FunctionSpec v1 = fn("v1", "import tinypkg\n", "tinypkg==1.0.0\n", List.of());
    FunctionSpec v2 = fn("v2", "import tinypkg\n", "tinypkg==2.0.0\n", List.of());
    DependencyService deps = service();

    Readiness.Ready r1 = ready(deps.ensureReady(v1, Deadline.after(LONG)));
    Readiness.Ready r2 = ready(deps.ensureReady(v2, Deadline.after(LONG)));

    assertThat(python(r1.pythonPaths(), "import tinypkg; print(tinypkg.VALUE)")).isEqualTo("one");
    assertThat(python(r2.pythonPaths(), "import tinypkg; print(tinypkg.VALUE)")).isEqualTo("two");
    assertThat(r1.signature()).isNotEqualTo(r2.signature());
  }

  @Test
  void concurrent_callers_share_exactly_one_install() throws Exception {
    FunctionSpec fn = fn("busy", "import tinypkg\n", "tinypkg==1.0.0\n", List.of());
    DependencyService deps = service();
    List<Future<Readiness>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit((Callable<Readiness>) () -> deps.ensureReady(fn, Deadline.after(LONG))));
      }
      for (Future<Readiness> f : results) {
        assertThat(ready(f.get()).pythonPaths()).containsExactly(fn.functionDir().resolve(".deps"));
      }
    }
    assertThat(pipInstalls()).isEqualTo(1);
  }

  @Test
  void a_caller_past_its_deadline_gets_installing_while_the_install_goes_on() throws Exception {
    FunctionSpec fn = fn("slow", "import tinypkg\n", "tinypkg==1.0.0\n", List.of());
    DependencyService deps = service();

    Readiness first = deps.ensureReady(fn, Deadline.afterMillis(0));

    assertThat(first).isEqualTo(new Readiness.Installing("dependencies of python/slow@default are still installing",
        Duration.ofSeconds(2)));
    await().atMost(Duration.ofSeconds(60))
        .until(() -> deps.ensureReady(fn, Deadline.afterMillis(50)) instanceof Readiness.Ready);
    assertThat(pipInstalls()).isEqualTo(1);
  }

  @Test
  void an_install_failure_names_the_package_and_fixing_the_manifest_recovers_without_restart() throws Exception {
    FunctionSpec fn = fn("depbroken", "def handler(event):\n    return {}\n", "nosuchpkgfnconf==9.9.9\n", List.of());
    DependencyService deps = service();

    Readiness r = deps.ensureReady(fn, Deadline.after(LONG));

    assertThat(r).isInstanceOf(Readiness.Failed.class);
    String error = ((Readiness.Failed) r).error();
    assertThat(error).isEqualTo("pip dependencies install failed for " + fn.functionDir() + ": ERROR: Could not find a"
        + " version that satisfies the requirement nosuchpkgfnconf==9.9.9 (from versions: none) | ERROR: No matching"
        + " distribution found for nosuchpkgfnconf==9.9.9. Check inferred imports or add explicit requirements.txt pins.");
    ObjectNode state = deps.stateFor(fn).orElseThrow();
    assertThat(state.get("last_install_status").asString()).isEqualTo("error");
    assertThat(state.get("last_error").asString()).isEqualTo(error);
    assertThat(fn.functionDir().resolve(".deps")).doesNotExist();
    // same inputs: answered from memory, pip is not run again
    assertThat(deps.ensureReady(fn, Deadline.after(LONG))).isEqualTo(r);
    assertThat(pipInstalls()).isEqualTo(1);

    write(fn.functionDir().resolve("requirements.txt"), "tinypkg==1.0.0\n");
    Readiness.Ready fixed = ready(deps.ensureReady(fn, Deadline.after(LONG)));

    assertThat(python(fixed.pythonPaths(), "import tinypkg; print(tinypkg.VALUE)")).isEqualTo("one");
    assertThat(deps.stateFor(fn).orElseThrow().get("last_install_status").asString()).isEqualTo("ok");
    assertThat(deps.stateFor(fn).orElseThrow().get("last_error").isNull()).isTrue();
  }

  @Test
  void code_edits_and_restarts_reuse_installed_deps_and_a_version_bump_reinstalls() throws Exception {
    FunctionSpec fn = fn("keep", "import tinypkg\n", "tinypkg==1.0.0\n", List.of());
    DependencyService first = service();
    ready(first.ensureReady(fn, Deadline.after(LONG)));
    assertThat(pipInstalls()).isEqualTo(1);

    write(fn.entryFile(), "import tinypkg\n\ndef handler(event):\n    return {'edited': True}\n");
    ready(first.ensureReady(fn, Deadline.after(LONG)));
    assertThat(pipInstalls()).isEqualTo(1);

    first.close();
    DependencyService restarted = service();
    Readiness.Ready again = ready(restarted.ensureReady(fn, Deadline.after(LONG)));
    assertThat(python(again.pythonPaths(), "import tinypkg; print(tinypkg.VALUE)")).isEqualTo("one");
    assertThat(pipInstalls()).isEqualTo(1);

    write(fn.functionDir().resolve("requirements.txt"), "tinypkg==2.0.0\n");
    Readiness.Ready bumped = ready(restarted.ensureReady(fn, Deadline.after(LONG)));
    assertThat(python(bumped.pythonPaths(), "import tinypkg; print(tinypkg.VALUE)")).isEqualTo("two");
    assertThat(Files.readString(fn.functionDir().resolve("requirements.lock.txt"))).isEqualTo("tinypkg==2.0.0\n");
    assertThat(pipInstalls()).isEqualTo(2);
  }

  @Test
  void preinstall_prepares_every_function_of_a_catalog_in_the_background() throws Exception {
    FunctionSpec a = fn("pa", "import tinypkg\n", "tinypkg==1.0.0\n", List.of());
    FunctionSpec b = fn("pb", "import tinypkg\n", "tinypkg==2.0.0\n", List.of());
    DependencyService deps = service();
    var catalog = new dev.fastfn.discovery.Catalog(root, List.of(dev.fastfn.config.RuntimeKind.PYTHON), Map.of(),
        Map.of(), List.of(), Map.of(a.key(), a, b.key(), b), Map.of(), List.of(), dev.fastfn.discovery.HomeTarget.UNSET,
        java.time.Instant.now());

    deps.preinstallAll(catalog);

    // Wait for both outcomes, then check them, so a failed install shows its recorded error.
    await().atMost(Duration.ofSeconds(120)).until(() -> deps.stateFor(a).isPresent() && deps.stateFor(b).isPresent());
    assertThat(deps.stateFor(a).orElseThrow().get("last_install_status").asString())
        .as("state of a: %s", deps.stateFor(a)).isEqualTo("ok");
    assertThat(deps.stateFor(b).orElseThrow().get("last_install_status").asString())
        .as("state of b: %s", deps.stateFor(b)).isEqualTo("ok");
    assertThat(a.functionDir().resolve(".deps/tinypkg")).isDirectory();
    assertThat(b.functionDir().resolve(".deps/tinypkg")).isDirectory();
    assertThat(deps.ensureReady(a, Deadline.after(LONG))).isInstanceOf(Readiness.Ready.class);
    assertThat(deps.ensureReady(b, Deadline.after(LONG))).isInstanceOf(Readiness.Ready.class);
    assertThat(pipInstalls()).isEqualTo(2);
  }

  @Test
  void a_handler_without_any_import_is_prepared_without_starting_the_scanner() throws Exception {
    FunctionSpec plain = fn("noimports", "def handler(event):\n    return {'ok': True}\n", null, List.of());
    FunctionSpec importing = fn("importing", "import tinypkg\n\ndef handler(event):\n    return {}\n", null, List.of());
    DependencyService deps = service();

    ready(deps.ensureReady(plain, Deadline.after(LONG)));
    assertThat(callsStartingWith(calls, "-I ")).as("python scanner starts").isZero();
    assertThat(deps.stateFor(plain).orElseThrow().get("last_install_status").asString()).isEqualTo("skipped");

    ready(deps.ensureReady(importing, Deadline.after(LONG)));
    assertThat(callsStartingWith(calls, "-I ")).as("python scanner starts").isEqualTo(1);
    assertThat(deps.stateFor(importing).orElseThrow().get("resolved_packages").toString()).isEqualTo("[\"tinypkg\"]");
  }

  @Test
  void unknown_or_missing_inference_backends_fail_with_clear_messages() throws Exception {
    FunctionSpec fn = fn("nobackend", "import tinypkg\n", null, List.of());

    assertThat(service("FN_PY_INFER_BACKEND", "magic").ensureReady(fn, Deadline.after(LONG))).isEqualTo(
        new Readiness.Failed("python dependency inference backend unsupported: magic. Supported values: native, pipreqs."));
    assertThat(service("FN_PY_INFER_BACKEND", "pipreqs").ensureReady(fn, Deadline.after(LONG))).isEqualTo(
        new Readiness.Failed("python dependency inference backend 'pipreqs' is unavailable. Install it with"
            + " 'pip install pipreqs' or switch FN_PY_INFER_BACKEND=native."));
  }

  @Test
  void file_routes_of_one_folder_share_one_install_built_from_all_their_files() throws Exception {
    write(root.resolve("get.a.py"), "import tinypkg\n\ndef handler(event):\n    return {}\n");
    write(root.resolve("get.b.py"), "import packpkg\ndef handler(event):\n    return {}\n");
    write(root.resolve("get.c.js"), "const x = require('left-pad');\n");
    FunctionSpec a = DepsFixture.fileRoute(root, dev.fastfn.config.RuntimeKind.PYTHON, "get.a.py");
    FunctionSpec b = DepsFixture.fileRoute(root, dev.fastfn.config.RuntimeKind.PYTHON, "get.b.py");
    DependencyService deps = service("FN_AUTO_INFER_WRITE_MANIFEST", "0");

    Readiness.Ready ra = ready(deps.ensureReady(a, Deadline.after(LONG)));
    Readiness.Ready rb = ready(deps.ensureReady(b, Deadline.after(LONG)));
    ready(deps.ensureReady(a, Deadline.after(LONG)));

    assertThat(ra).isEqualTo(rb);
    assertThat(python(ra.pythonPaths(), "import tinypkg, packpkg; print(tinypkg.VALUE, packpkg.VALUE)"))
        .isEqualTo("two from-pack");
    assertThat(deps.stateFor(a).orElseThrow().get("resolved_packages").toString())
        .isEqualTo("[\"packpkg\",\"tinypkg\"]");
    assertThat(pipInstalls()).isEqualTo(1);
  }
}
