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
    tracked = new CatalogHolder(new Scanner(TestTrees.config(root, Map.of())));
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
    assertThat(replayed.functions()).isEqualTo(fresh.functions());
    assertThat(List.copyOf(replayed.functions().keySet())).isEqualTo(List.copyOf(fresh.functions().keySet()));
    assertThat(replayed.mappedRoutes()).isEqualTo(fresh.mappedRoutes());
    assertThat(replayed.conflicts()).isEqualTo(fresh.conflicts());
    assertThat(replayed.dynamicRoutes()).isEqualTo(fresh.dynamicRoutes());
    assertThat(replayed.groups()).isEqualTo(fresh.groups());
    assertThat(replayed.problems()).isEqualTo(fresh.problems());
  }
}
