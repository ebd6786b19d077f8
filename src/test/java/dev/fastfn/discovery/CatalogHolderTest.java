package dev.fastfn.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogHolderTest {
  @TempDir
  Path root;

  private final AtomicInteger scans = new AtomicInteger();

  private CatalogHolder holder() {
    TestTrees.write(root, TestTrees.files("get.hello.py"));
    Scanner scanner = new Scanner(TestTrees.config(root, Map.of()));
    return new CatalogHolder(() -> {
      scans.incrementAndGet();
      return scanner.scan();
    });
  }

  @Test
  void freshen_rescans_only_after_a_reported_change() {
    CatalogHolder holder = holder();
    Catalog first = holder.get();

    assertThat(holder.isStale()).isFalse();
    assertThat(holder.freshen()).isSameAs(first);
    assertThat(scans).hasValue(1);

    TestTrees.write(root, "get.fresh.py", TestTrees.PY);
    holder.markChanged();

    assertThat(holder.isStale()).isTrue();
    assertThat(holder.freshen().mappedRoutes()).containsKey("/fresh");
    assertThat(scans).hasValue(2);
    assertThat(holder.isStale()).isFalse();
    assertThat(holder.freshen()).isSameAs(holder.get());
    assertThat(scans).hasValue(2);
  }

  @Test
  void a_change_reported_during_a_scan_leaves_the_result_stale() {
    TestTrees.write(root, TestTrees.files("get.hello.py"));
    Scanner scanner = new Scanner(TestTrees.config(root, Map.of()));
    CatalogHolder[] self = new CatalogHolder[1];
    AtomicInteger calls = new AtomicInteger();
    self[0] = new CatalogHolder(() -> {
      if (calls.incrementAndGet() == 2) {
        self[0].markChanged(); // a file written while the tree is being walked
      }
      return scanner.scan();
    });
    self[0].markChanged();

    self[0].freshen();

    assertThat(self[0].isStale()).isTrue();
    self[0].freshen();
    assertThat(self[0].isStale()).isFalse();
  }

  @Test
  void a_watcher_reports_a_new_file_before_its_debounced_rescan() {
    CatalogHolder holder = holder();
    // A debounce far longer than the test: only freshen() can make the new route visible in time.
    try (CatalogWatcher watcher = new CatalogWatcher(root, holder, Duration.ofSeconds(30), Duration.ofSeconds(30),
        Clock.systemUTC())) {
      watcher.start();
      TestTrees.write(root, "get.dropped.py", TestTrees.PY);

      // The watcher marks the change at once and rescans only ~0.5 s later (its longest delay), so a
      // slow test thread may find either state; both must end with the route visible.
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
          .until(() -> holder.isStale() || holder.get().mappedRoutes().containsKey("/dropped"));
      assertThat(holder.freshen().mappedRoutes()).containsKey("/dropped");
    }
  }

  // --- listings kept between scans while changes are tracked --------------------------------------

  private CatalogHolder trackedHolder() {
    TestTrees.write(root, TestTrees.files("python/a/handler.py", "node/b/handler.js"));
    CatalogHolder holder = new CatalogHolder(new Scanner(TestTrees.config(root, Map.of())));
    holder.trackChanges(true);
    holder.rescan(); // tracking starts with a full scan
    return holder;
  }

  @Test
  void a_write_rescan_reads_again_only_the_written_folder_and_its_parents() {
    CatalogHolder holder = trackedHolder();
    // Written behind the holder's back (nobody reports it): node/'s kept listing does not show it.
    TestTrees.write(root, "node/unreported/handler.js", TestTrees.JS);
    TestTrees.write(root, "python/c/handler.py", TestTrees.PY);

    Catalog afterWrite = holder.rescanAfterWriting(root.resolve("python/c"));

    assertThat(afterWrite.mappedRoutes()).containsKeys("/a", "/b", "/c").doesNotContainKey("/unreported");
    assertThat(holder.rescan().mappedRoutes()).containsKey("/unreported"); // a full rescan reads everything
  }

  @Test
  void a_write_rescan_sees_a_folder_leave_its_parent_and_a_report_sees_it_come_back() throws Exception {
    CatalogHolder holder = trackedHolder();
    TestTrees.write(root, "python/c/handler.py", TestTrees.PY);
    assertThat(holder.rescanAfterWriting(root.resolve("python/c")).mappedRoutes()).containsKeys("/a", "/c");

    java.nio.file.Files.delete(root.resolve("python/c/handler.py"));
    java.nio.file.Files.delete(root.resolve("python/c"));

    assertThat(holder.rescanAfterWriting(root.resolve("python/c")).mappedRoutes()).containsKey("/a")
        .doesNotContainKey("/c");

    TestTrees.write(root, "python/c/handler.py", TestTrees.PY); // back, as a watch event reports it
    holder.markEntryChanged(root.resolve("python/c"));
    assertThat(holder.freshen().mappedRoutes()).containsKeys("/a", "/c");
  }

  @Test
  void a_reported_new_folder_is_read() {
    CatalogHolder holder = trackedHolder();
    TestTrees.write(root, "node/late/handler.js", TestTrees.JS);
    holder.markEntryChanged(root.resolve("node/late"));

    assertThat(holder.freshen().mappedRoutes()).containsKey("/late");
  }

  @Test
  void an_edit_in_place_changes_the_fingerprint_once_its_folder_is_reported() throws Exception {
    CatalogHolder holder = trackedHolder();
    String before = holder.get().functions().get("python/a@default").fingerprint();
    Path handler = root.resolve("python/a/handler.py");
    java.nio.file.Files.writeString(handler, TestTrees.PY + "# edited\n");

    assertThat(holder.rescanAfterWriting(root.resolve("node/b")).functions().get("python/a@default").fingerprint())
        .as("not reported: the kept listing still has the old size").isEqualTo(before);
    holder.markEntryChanged(handler);
    assertThat(holder.freshen().functions().get("python/a@default").fingerprint()).isNotEqualTo(before);
  }

  @Test
  void a_reported_entry_is_looked_at_again_and_its_neighbours_are_taken_from_the_kept_listing() throws Exception {
    CatalogHolder holder = trackedHolder();
    TestTrees.write(root, "python/a/helper.py", "X = 1\n");
    holder.markEntryChanged(root.resolve("python/a/helper.py"));
    String before = holder.freshen().functions().get("python/a@default").fingerprint();
    Path handler = root.resolve("python/a/handler.py");
    Path helper = root.resolve("python/a/helper.py");
    java.nio.file.Files.writeString(handler, TestTrees.PY + "# edited\n");
    java.nio.file.Files.writeString(helper, "X = 22\n");

    holder.markEntryChanged(helper);
    String helperSeen = holder.freshen().functions().get("python/a@default").fingerprint();
    holder.markEntryChanged(handler);
    String bothSeen = holder.freshen().functions().get("python/a@default").fingerprint();

    assertThat(helperSeen).isNotEqualTo(before);
    assertThat(bothSeen).as("the handler's edit was reported only now").isNotEqualTo(helperSeen);
  }

  @Test
  void without_tracking_every_scan_reads_the_whole_tree() {
    TestTrees.write(root, TestTrees.files("python/a/handler.py", "node/b/handler.js"));
    CatalogHolder holder = new CatalogHolder(new Scanner(TestTrees.config(root, Map.of())));
    TestTrees.write(root, "node/unreported/handler.js", TestTrees.JS);

    assertThat(holder.rescanAfterWriting(root.resolve("python/a")).mappedRoutes()).containsKey("/unreported");
  }

  @Test
  void the_watcher_tracks_changes_made_by_other_programs() throws Exception {
    CatalogHolder holder = new CatalogHolder(new Scanner(TestTrees.config(root, Map.of())));
    TestTrees.write(root, TestTrees.files("python/a/handler.py", "node/b/handler.js"));
    holder.rescan();
    try (CatalogWatcher watcher = new CatalogWatcher(root, holder, Duration.ofMillis(20), Duration.ofSeconds(30),
        Clock.systemUTC())) {
      watcher.start();
      holder.rescan();
      TestTrees.write(root, "node/later/deeper/handler.js", TestTrees.JS);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
          .until(() -> holder.freshen().mappedRoutes().containsKey("/later/deeper"));

      java.nio.file.Files.delete(root.resolve("node/later/deeper/handler.js"));
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
          .until(() -> !holder.freshen().mappedRoutes().containsKey("/later/deeper"));
    }
  }
  @Test
  void a_report_that_changed_nothing_publishes_nothing() throws Exception {
    CatalogHolder holder = trackedHolder();
    AtomicInteger published = new AtomicInteger();
    holder.onChange(c -> published.incrementAndGet());
    Catalog before = holder.get();
    Path dir = root.resolve("python/a");

    holder.markEntryChanged(dir.resolve("handler.py")); // an echo: nothing there changed
    assertThat(holder.freshen()).isSameAs(before);
    java.nio.file.Files.writeString(dir.resolve(".handler.py.tmp-1"), "x"); // dot files do not count
    holder.markTreeChanged(dir);
    assertThat(holder.freshen()).isSameAs(before);
    assertThat(holder.isStale()).isFalse();
    assertThat(published).hasValue(0);

    java.nio.file.Files.writeString(dir.resolve("handler.py"), TestTrees.PY + "# edited\n");
    holder.markEntryChanged(dir.resolve("handler.py"));
    Catalog after = holder.freshen();
    assertThat(after).isNotSameAs(before);
    assertThat(after.functions().get("python/a@default").fingerprint())
        .isNotEqualTo(before.functions().get("python/a@default").fingerprint());
    assertThat(published).hasValue(1);

    TestTrees.write(root, "python/a/_lib/util.py", TestTrees.PY); // a new sub-folder shows in its parent
    holder.markEntryChanged(dir.resolve("_lib"));
    assertThat(holder.freshen()).isNotSameAs(after);
    assertThat(published).hasValue(2);
  }

  @Test
  void a_full_rescan_always_publishes() {
    CatalogHolder holder = trackedHolder();
    Catalog before = holder.get();

    assertThat(holder.rescan()).isNotSameAs(before);
  }

  @Test
  void exercising_the_scanner_publishes_nothing_and_later_writes_are_still_seen() {
    TestTrees.write(root, TestTrees.files("python/a/handler.py", "node/b/handler.js"));
    Scanner scanner = new Scanner(TestTrees.config(root, Map.of()));
    CatalogHolder holder = new CatalogHolder(scanner);
    holder.trackChanges(true);
    holder.rescan();
    AtomicInteger published = new AtomicInteger();
    holder.onChange(c -> published.incrementAndGet());
    Catalog before = holder.get();

    scanner.exercise(20, Duration.ofSeconds(10));

    assertThat(holder.get()).isSameAs(before);
    assertThat(published).hasValue(0);
    assertThat(holder.rescanAfterWriting(root.resolve("python/a"))).as("nothing changed on disk").isSameAs(before);
    TestTrees.write(root, "python/c/handler.py", TestTrees.PY);
    assertThat(holder.rescanAfterWriting(root.resolve("python/c")).functions()).containsKeys("python/a@default",
        "node/b@default", "python/c@default");
    assertThat(published).hasValue(1);
  }
}
