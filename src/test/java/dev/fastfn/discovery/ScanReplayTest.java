package dev.fastfn.discovery;

import static dev.fastfn.discovery.TestTrees.files;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rescan replays the registrations of unchanged functions (see {@code Scan.Registration}). Each
 * step below changes the tree the way a console write or a watch event reports it, and the tracked
 * holder's catalog must equal what a fresh scanner finds in the same tree.
 */
class ScanReplayTest {
  @TempDir
  Path root;

  private CatalogHolder tracked;
  private Scanner scanner;

  private void start() {
    TestTrees.write(root, files(
        "fn.config.json={\"invoke\":{\"allow_hosts\":[\"a.example\"]}}",
        "python/alpha/handler.py",
        "python/alpha/get.extra.py",
        "python/alpha/sub/post.thing.py",
        "python/alpha/_lib/helper.py=X = 1\n",
        "python/beta/handler.py",
        "python/beta/fn.env.json={\"A\":\"1\"}",
        "node/gamma/handler.js",
        "node/gamma/fn.config.json={\"invoke\":{\"methods\":[\"POST\"],\"routes\":[\"/g\"]}}",
        "node/vers/v1/handler.js",
        "node/vers/v2/handler.js",
        "node/vers/v4/notes.txt=not a function yet",
        "node/api/users/handler.js",
        "tools/fn.config.json={\"runtime\":\"python\",\"name\":\"tooling\"}",
        "tools/handler.py",
        "pages/get.index.py",
        "pages/items/[id].js"));
    scanner = new Scanner(TestTrees.config(root, Map.of()));
    tracked = new CatalogHolder(scanner);
    tracked.trackChanges(true);
    tracked.rescan();
  }

  @Test
  void unchanged_functions_keep_their_specs_across_a_write_elsewhere() {
    start();
    FunctionSpec beta = tracked.get().functions().get("python/beta@default");

    TestTrees.write(root, "python/delta/handler.py", TestTrees.PY);
    Catalog next = tracked.rescanAfterWriting(root.resolve("python/delta"));

    assertThat(next.functions()).containsKey("python/delta@default");
    assertThat(next.functions().get("python/beta@default")).isSameAs(beta);
    assertSameAsFreshScan(next);
  }

  @Test
  void a_dot_file_in_a_function_folder_leaves_its_spec_as_it_was() {
    start();
    FunctionSpec beta = tracked.get().functions().get("python/beta@default");
    // what dependency preparation writes next to a function after its first load
    TestTrees.write(root, "python/beta/.fastfn-deps-state.json", "{}");
    tracked.markDotEntryChanged(root.resolve("python/beta/.fastfn-deps-state.json"));
    TestTrees.write(root, "python/delta/handler.py", TestTrees.PY);

    Catalog next = tracked.rescanAfterWriting(root.resolve("python/delta"));
    TestTrees.write(root, "python/epsilon/handler.py", TestTrees.PY);
    Catalog later = tracked.rescanAfterWriting(root.resolve("python/epsilon"));

    assertThat(next.functions().get("python/beta@default")).isSameAs(beta);
    assertThat(later.functions().get("python/beta@default")).isSameAs(beta);
    assertSameAsFreshScan(later);
  }

  @Test
  void every_kind_of_change_gives_the_catalog_a_fresh_scan_gives() {
    start();
    List<Consumer<Path>> steps = new ArrayList<>(List.of(
        r -> writeAndReport(r, "python/delta/handler.py", TestTrees.PY),
        r -> writeAndReport(r, "python/alpha/handler.py", "def handler(event):\n    return {'changed': 1}\n"),
        r -> writeAndReport(r, "python/alpha/_lib/helper.py", "X = 22\n"),
        r -> writeAndReport(r, "python/beta/fn.env.json", "{\"A\":\"2\",\"B\":{\"value\":\"s\",\"is_secret\":true}}"),
        // an overlay above every function: their mixed routes answer other hosts now
        r -> writeAndReport(r, "fn.config.json", "{\"invoke\":{\"allow_hosts\":[\"b.example\"]}}"),
        r -> writeAndReport(r, "python/fn.config.json", "{\"invoke\":{\"allow_hosts\":[\"c.example\"]}}"),
        r -> writeAndReport(r, "node/gamma/fn.config.json", "{\"invoke\":{\"methods\":[\"GET\"],\"routes\":[\"/g2\"]}}"),
        r -> writeAndReport(r, "node/vers/v3/handler.js", TestTrees.JS),
        r -> writeAndReport(r, "node/vers/v4/handler.js", TestTrees.JS), // its folder was there
        r -> writeAndReport(r, "python/alpha/get.more.py", TestTrees.PY),
        r -> writeAndReport(r, "python/alpha/.fastfn-deps-state.json", "{}"),
        r -> writeAndReport(r, "python/alpha/helper_after_dot.py", "Y = 1\n"),
        r -> writeAndReport(r, "python/beta/fn.config.json", "{\"timeout_ms\":"), // broken: a problem
        r -> writeAndReport(r, "python/beta/fn.config.json", "{\"timeout_ms\":1234}"),
        r -> writeAndReport(r, "python/beta/fn.config.json", "{\"entrypoint\":\"handler.py\"}"),
        r -> writeAndReport(r, "tools/fn.config.json", "{\"runtime\":\"python\",\"name\":\"tooling2\"}"),
        r -> writeAndReport(r, "fn.config.json", "{\"invoke\":{\"allow_hosts\":[\"b.example\"]},\"ignore_dirs\":[\"sub\"]}"),
        r -> remove(r, "python/delta"),
        r -> remove(r, "node/vers/v1"),
        r -> writeAndReport(r, "node/api/users/fn.config.json", "{\"invoke\":{\"methods\":[\"PUT\"]}}")));
    for (Consumer<Path> step : steps) {
      step.accept(root);
      assertSameAsFreshScan(tracked.freshen());
    }
  }

  @Test
  void a_write_rescan_of_an_unchanged_tree_replays_everything_and_changes_nothing() {
    start();
    Catalog before = tracked.get();
    tracked.markTreeChanged(root.resolve("python"));

    Catalog after = tracked.freshen();

    assertSameAsFreshScan(after);
    before.functions().forEach((key, spec) -> assertThat(after.functions().get(key)).as(key).isSameAs(spec));
  }

  @Test
  void creates_of_new_function_folders_update_the_catalog_without_a_pass_and_as_a_pass_would() {
    start();
    FunctionSpec beta = tracked.get().functions().get("python/beta@default");
    long before = scanner.oneFolderUpdates();
    // first, between and last in their runtime folder's listing; routes from the config; both runtimes
    create("python/aaa", "handler.py", TestTrees.PY, null, false);
    create("python/alphb", "handler.py", TestTrees.PY, "{\"invoke\":{\"routes\":[\"/own/:id\",\"/own\"]}}", true);
    create("python/zzz", "main.py", TestTrees.PY, "{\"invoke\":{\"methods\":[\"PUT\"]}}", false);
    create("node/api2", "handler.js", TestTrees.JS, null, true);
    create("node/aaa", "index.js", TestTrees.JS, "{\"invoke\":{\"routes\":[\"/a/*\"]}}", false);
    create("node/zeta", "handler.js", TestTrees.JS, "{\"timeout_ms\":1500}", true);

    assertThat(scanner.oneFolderUpdates() - before).isEqualTo(6);
    assertThat(tracked.get().functions().get("python/beta@default")).isSameAs(beta);
    // a change elsewhere after the updates: the full pass replays what they kept
    writeAndReport(root, "python/beta/fn.config.json", "{\"timeout_ms\":999}");
    assertSameAsFreshScan(tracked.freshen());
    assertThat(tracked.get().functions().get("python/aaa@default")).isNotNull();
  }

  @Test
  void creates_a_pass_would_treat_otherwise_fall_back_to_the_pass() {
    start();
    long before = scanner.oneFolderUpdates();
    create("node/gclaim", "handler.js", TestTrees.JS, "{\"invoke\":{\"routes\":[\"/g\"]}}", false); // a claimed route
    create("python/tooling", "handler.py", TestTrees.PY, null, false); // an explicit function's name
    create("python/broken", "handler.py", TestTrees.PY, "{\"timeout_ms\":", true); // a problem
    create("python/mixed", "handler.py", TestTrees.PY, null, false, "get.extra.py"); // a file route in it
    create("python/vendor", "handler.py", TestTrees.PY, null, false); // an ignored name
    create("python/nofunc", "notes.txt", "text", null, false); // no entry: a namespace folder
    assertThat(scanner.oneFolderUpdates() - before).as("every create above needs the pass").isZero();

    writeAndReport(root, "python/broken/fn.config.json", "{\"timeout_ms\":1000}");
    assertSameAsFreshScan(tracked.freshen());
    writeAndReport(root, "fn.config.json", "{\"assets_directory\":\"python/assets\"}");
    assertSameAsFreshScan(tracked.freshen());
    create("python/assets", "handler.py", TestTrees.PY, null, false); // the root config's assets folder
    assertThat(scanner.oneFolderUpdates() - before).isZero();

    assertThat(tracked.get().problems()).isNotEmpty(); // tools/ and python/tooling both claim the name
    create("python/fine", "handler.py", TestTrees.PY, null, false);
    assertThat(scanner.oneFolderUpdates() - before).as("a catalog with problems").isZero();

    remove(root, "python/tooling");
    assertSameAsFreshScan(tracked.freshen());
    assertThat(tracked.get().problems()).isEmpty();
    create("python/fine2", "handler.py", TestTrees.PY, null, false);
    assertThat(scanner.oneFolderUpdates() - before).as("a plain create after the fallbacks").isEqualTo(1);
  }

  @Test
  void the_warm_up_leaves_the_catalog_and_the_caches_as_they_were() {
    start();
    Catalog before = tracked.get();
    long updates = scanner.oneFolderUpdates();

    scanner.exercise(6, java.time.Duration.ofSeconds(30));
    create("python/after_warm_up", "handler.py", TestTrees.PY, null, false);

    assertThat(scanner.oneFolderUpdates() - updates).isEqualTo(1);
    assertThat(tracked.get().functions()).doesNotContainKey("python/fastfn-warm-up-python@default");
    before.functions().forEach((key, spec) -> assertThat(tracked.get().functions().get(key)).as(key).isSameAs(spec));
  }

  @Test
  void a_create_right_after_another_takes_the_update_when_the_first_ones_echoes_change_nothing() {
    start();
    long before = scanner.oneFolderUpdates();
    create("python/first", "handler.py", TestTrees.PY, null, false);
    // what follows the first create before the watcher's debounce: its echoes, and the import's cache
    tracked.markEntryChanged(root.resolve("python/first"));
    tracked.markTreeChanged(root.resolve("python/first"));
    importCache("python/first");
    TestTrees.write(root, "python/first/.fastfn-deps-state.json", "{}");
    tracked.markDotEntryChanged(root.resolve("python/first/.fastfn-deps-state.json"));

    create("python/second", "handler.py", TestTrees.PY, null, true);

    assertThat(scanner.oneFolderUpdates() - before).isEqualTo(2);
  }

  @Test
  void a_create_with_another_change_waiting_takes_the_pass() {
    start();
    long before = scanner.oneFolderUpdates();
    TestTrees.write(root, "python/beta/fn.config.json", "{\"timeout_ms\":4321}");
    tracked.markEntryChanged(root.resolve("python/beta/fn.config.json"));

    create("python/second", "handler.py", TestTrees.PY, null, false);

    assertThat(scanner.oneFolderUpdates() - before).isZero();
    assertThat(tracked.get().functions().get("python/beta@default").policy().timeoutMs()).isEqualTo(4321);
  }

  @Test
  void a_cache_folder_an_import_makes_is_not_a_change() {
    start();
    Catalog before = tracked.get();
    importCache("python/alpha");

    assertThat(tracked.freshen()).isSameAs(before);
    writeAndReport(root, "python/alpha/get.other.py", TestTrees.PY); // a real change next to it
    assertSameAsFreshScan(tracked.freshen());
  }

  @Test
  void a_create_into_a_folder_that_was_there_falls_back_to_the_pass() {
    start();
    long before = scanner.oneFolderUpdates();
    TestTrees.write(root, "python/later/sub/notes.txt", "not a function");
    tracked.rescan();

    create("python/later", "handler.py", TestTrees.PY, null, false);

    assertThat(scanner.oneFolderUpdates() - before).isZero();
  }

  @Test
  void writes_into_a_function_folder_update_its_specs_without_a_pass_and_as_a_pass_would() {
    start();
    Catalog first = tracked.get();
    long before = scanner.oneFolderUpdates();

    rewrite("python/beta/handler.py", "def handler(event):\n    return {'v': 2}\n");
    rewrite("python/beta/fn.env.json", "{\"A\":\"3\"}");
    rewrite("python/beta/fn.config.json", "{\"timeout_ms\":4321}");
    rewrite("node/gamma/fn.config.json", "{\"invoke\":{\"methods\":[\"POST\"],\"routes\":[\"/g\"]},\"timeout_ms\":900}");
    writeAndReport(root, "node/gamma/handler.js", "exports.handler = async () => ({ g: 2 });\n"); // an editor's save
    assertSameAsFreshScan(tracked.freshen());

    assertThat(scanner.oneFolderUpdates() - before).isEqualTo(5);
    Catalog now = tracked.get();
    assertThat(now.functions().get("python/beta@default").policy().timeoutMs()).isEqualTo(4321);
    assertThat(now.functions().get("node/gamma@default")).isNotEqualTo(first.functions().get("node/gamma@default"));
    assertThat(now.functions().get("python/alpha@default")).isSameAs(first.functions().get("python/alpha@default"));
    assertThat(now.mappedRoutes()).isEqualTo(first.mappedRoutes());
    // a change elsewhere after the updates: the full pass replays what they kept
    writeAndReport(root, "python/alpha/get.more.py", TestTrees.PY);
    assertSameAsFreshScan(tracked.freshen());
    assertThat(tracked.get().functions().get("python/beta@default")).isSameAs(now.functions().get("python/beta@default"));
  }

  @Test
  void writes_a_pass_would_treat_otherwise_fall_back_to_the_pass() {
    start();
    rewrite("python/multi/handler.py", TestTrees.PY);
    rewrite("python/multi/v2/handler.py", TestTrees.PY);
    long before = scanner.oneFolderUpdates();
    // a version beside a default: the pass also routes its handler as a file route of the folder
    rewrite("python/multi/v2/handler.py", "def handler(event):\n    return {'v2': 2}\n");
    assertThat(tracked.get().functions()).containsKeys("python/multi@v2", "python/python/multi/v2/handler.py@default");
    rewrite("node/gamma/fn.config.json", "{\"invoke\":{\"methods\":[\"GET\",\"POST\"],\"routes\":[\"/g\"]}}"); // claims
    rewrite("python/beta/fn.config.json", "{\"invoke\":{\"routes\":[\"/b2\"]}}"); // its routes
    rewrite("node/vers/v5/handler.js", TestTrees.JS); // a new version
    rewrite("node/vers/v2/handler.js", "exports.handler = async () => ({ v: 2 });\n"); // versions only
    rewrite("python/alpha/handler.py", "def handler(event):\n    return {}\n"); // file routes in it
    rewrite("node/api/users/handler.js", TestTrees.JS); // below a namespace folder
    rewrite("python/beta/fn.config.json", "{\"timeout_ms\":"); // a problem
    rewrite("python/beta/fn.config.json", "{\"timeout_ms\":5}"); // the catalog before had a problem
    remove(root, "node/vers/v1");
    assertSameAsFreshScan(tracked.freshen());
    // a route two functions share, one method each
    rewrite("python/shared/fn.config.json", "{\"invoke\":{\"methods\":[\"PUT\"],\"routes\":[\"/g\"]}}");
    rewrite("python/shared/handler.py", TestTrees.PY);
    assertThat(tracked.get().mappedRoutes().get("/g")).hasSize(2);
    rewrite("node/gamma/handler.js", "exports.handler = async () => ({ g: 3 });\n");
    rewrite("python/shared/handler.py", "def handler(event):\n    return {'s': 1}\n");
    // a function that leaves a route it shared with a function before it in the pass
    rewrite("python/shared/fn.config.json", "{\"invoke\":{\"methods\":[\"PUT\"],\"routes\":[\"/g\",\"/s\"]}}");
    rewrite("python/shared/fn.config.json", "{\"invoke\":{\"methods\":[\"PUT\"],\"routes\":[\"/s\"]}}");
    // a function that leaves a route it was in conflict over
    rewrite("node/c2/fn.config.json", "{\"invoke\":{\"routes\":[\"/c\"]}}");
    rewrite("node/c2/handler.js", TestTrees.JS);
    rewrite("python/c1/fn.config.json", "{\"invoke\":{\"routes\":[\"/c\",\"/c1\"]}}");
    rewrite("python/c1/handler.py", TestTrees.PY);
    assertThat(tracked.get().conflicts()).containsKey("/c");
    rewrite("python/c1/fn.config.json", "{\"invoke\":{\"routes\":[\"/c1\"]}}");
    // a manifest elsewhere routes to a file in the folder
    writeAndReport(root, "fn.routes.json", "{\"routes\":{\"GET /via\":\"python/beta/handler.py\"}}");
    assertSameAsFreshScan(tracked.freshen());
    rewrite("python/beta/handler.py", "def handler(event):\n    return {'b': 3}\n");
    remove(root, "python/beta");
    assertSameAsFreshScan(tracked.freshen());

    assertThat(scanner.oneFolderUpdates() - before).as("every write above needs the pass").isZero();
  }

  @Test
  void a_write_takes_the_update_when_another_folders_echo_changes_nothing_and_the_pass_when_it_does() {
    start();
    long before = scanner.oneFolderUpdates();
    rewrite("python/beta/handler.py", "def handler(event):\n    return {'v': 2}\n");
    tracked.markEntryChanged(root.resolve("python/beta/handler.py")); // the watcher's echo of that write
    rewrite("node/gamma/handler.js", "exports.handler = async () => ({ g: 2 });\n");
    assertThat(scanner.oneFolderUpdates() - before).isEqualTo(2);

    TestTrees.write(root, "python/beta/fn.config.json", "{\"timeout_ms\":4321}");
    tracked.markEntryChanged(root.resolve("python/beta/fn.config.json")); // not scanned yet
    rewrite("node/gamma/handler.js", "exports.handler = async () => ({ g: 3 });\n");

    assertThat(scanner.oneFolderUpdates() - before).isEqualTo(2);
    assertThat(tracked.get().functions().get("python/beta@default").policy().timeoutMs()).isEqualTo(4321);
  }

  /** Writes a file into a function folder as the console does: a rescan after writing the folder. */
  private void rewrite(String rel, String content) {
    TestTrees.write(root, rel, content);
    assertSameAsFreshScan(tracked.rescanAfterWriting(root.resolve(rel).getParent()));
  }

  /**
   * Creates a function folder as the console does (staged under a dot name, renamed into place, then a
   * rescan after writing it) and checks the catalog against a fresh scan, routes in order.
   * {@code withEchoes}: the watcher's reports of the staging and the rename arrive before the rescan.
   */
  private void create(String rel, String entry, String code, String config, boolean withEchoes, String... more) {
    Path dir = root.resolve(rel);
    Path staging = dir.resolveSibling(".fastfn-create-" + dir.getFileName());
    TestTrees.write(staging, entry, code);
    if (config != null) {
      TestTrees.write(staging, "fn.config.json", config);
    }
    for (String extra : more) {
      TestTrees.write(staging, extra, code);
    }
    try {
      if (Files.exists(dir)) {
        try (var files = Files.list(staging)) {
          for (Path f : files.toList()) {
            Files.move(f, dir.resolve(f.getFileName()));
          }
        }
        Files.delete(staging);
      } else {
        Files.move(staging, dir);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (withEchoes) {
      tracked.markDotEntryChanged(staging);
      tracked.markEntryChanged(dir);
    }
    assertSameAsFreshScan(tracked.rescanAfterWriting(dir));
  }

  /** What a Python import writes next to a handler, reported as the watcher reports a new folder. */
  private void importCache(String functionRel) {
    Path cache = root.resolve(functionRel).resolve("__pycache__");
    TestTrees.write(cache, "handler.cpython-311.pyc", "x");
    tracked.markEntryChanged(cache);
    tracked.markTreeChanged(cache);
  }

  /** Writes a file and reports it as a watch event does: the entry in its folder, and a new folder's tree. */
  private void writeAndReport(Path r, String rel, String content) {
    Path file = r.resolve(rel);
    Path newTop = null;
    for (Path p = file.getParent(); !Files.exists(p); p = p.getParent()) {
      newTop = p;
    }
    TestTrees.write(r, rel, content);
    if (newTop != null) {
      tracked.markEntryChanged(newTop);
    } else {
      tracked.markEntryChanged(file);
    }
  }

  private void remove(Path r, String rel) {
    Path dir = r.resolve(rel);
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    tracked.markEntryChanged(dir);
  }

  private void assertSameAsFreshScan(Catalog replayed) {
    Catalog fresh = new Scanner(TestTrees.config(root, Map.of())).scan();
    // functions is an unordered map (its readers sort or look up); the route maps' order is kept
    assertThat(replayed.functions()).isEqualTo(fresh.functions());
    assertThat(replayed.mappedRoutes()).isEqualTo(fresh.mappedRoutes());
    assertThat(List.copyOf(replayed.mappedRoutes().keySet())).isEqualTo(List.copyOf(fresh.mappedRoutes().keySet()));
    assertThat(replayed.conflicts()).isEqualTo(fresh.conflicts());
    assertThat(List.copyOf(replayed.conflicts().keySet())).isEqualTo(List.copyOf(fresh.conflicts().keySet()));
    assertThat(replayed.dynamicRoutes()).isEqualTo(fresh.dynamicRoutes());
    assertThat(replayed.groups()).isEqualTo(fresh.groups());
    assertThat(replayed.problems()).isEqualTo(fresh.problems());
  }
}
