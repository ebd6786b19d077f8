package dev.fastfn.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogWatcherTest {
  private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(1);

  @TempDir
  Path root;

  private CatalogHolder holder;
  private CatalogWatcher watcher;
  private final AtomicInteger scans = new AtomicInteger();

  @BeforeEach
  void start() {
    TestTrees.write(root, TestTrees.files("get.hello.py", "node/greet/handler.js"));
    Scanner scanner = new Scanner(TestTrees.config(root, Map.of()));
    holder = new CatalogHolder(scanner::scan);
    holder.onChange(c -> scans.incrementAndGet());
    watcher = new CatalogWatcher(root, holder);
    watcher.start();
  }

  @AfterEach
  void stop() {
    watcher.close();
  }

  @Test
  void a_new_file_route_appears_within_a_second() {
    TestTrees.write(root, "get.fresh.py", TestTrees.PY);

    await().atMost(VISIBLE_WITHIN).until(() -> holder.get().mappedRoutes().containsKey("/fresh"));
    assertThat(watcher.status().active()).isTrue();
    assertThat(watcher.status().backend()).isEqualTo("watchservice");
    assertThat(watcher.status().lastScanAt()).isNotNull();
  }

  @Test
  void a_function_in_a_new_folder_tree_appears_within_a_second() {
    TestTrees.write(root, "python/newfn/deep/er/handler.py", TestTrees.PY);
    TestTrees.write(root, "node/hotnode/handler.js", TestTrees.JS);

    await().atMost(VISIBLE_WITHIN).until(() -> holder.get().mappedRoutes().containsKey("/hotnode")
        && holder.get().mappedRoutes().containsKey("/newfn/deep/er"));
    // new directories are watched: a later file in one is seen too
    TestTrees.write(root, "python/newfn/deep/er/get.more.py", TestTrees.PY);
    await().atMost(VISIBLE_WITHIN).until(() -> holder.get().mappedRoutes().containsKey("/newfn/deep/er/more"));
  }

  @Test
  void an_edited_helper_changes_the_fingerprint_within_a_second() throws Exception {
    String before = holder.get().function("node/greet@default").fingerprint();

    Files.writeString(root.resolve("node/greet/lib.js"), "exports.x = 1;\n");

    await().atMost(VISIBLE_WITHIN).until(() -> !holder.get().function("node/greet@default").fingerprint().equals(before));
  }

  @Test
  void a_config_change_updates_methods_within_a_second() {
    TestTrees.write(root, "node/greet/fn.config.json", "{\"invoke\":{\"methods\":[\"GET\",\"POST\"]}}");

    await().atMost(VISIBLE_WITHIN).until(
        () -> holder.get().function("node/greet@default").policy().methods().contains("POST"));
  }

  @Test
  void a_removed_file_disappears_within_a_second() throws Exception {
    Files.delete(root.resolve("get.hello.py"));

    await().atMost(VISIBLE_WITHIN).until(() -> !holder.get().mappedRoutes().containsKey("/hello"));
  }

  @Test
  void a_removed_folder_disappears_within_a_second() throws Exception {
    Files.delete(root.resolve("node/greet/handler.js"));
    Files.delete(root.resolve("node/greet"));

    await().atMost(VISIBLE_WITHIN).until(() -> !holder.get().mappedRoutes().containsKey("/greet"));
  }

  @Test
  void a_burst_of_writes_is_debounced_into_few_rescans() {
    int before = scans.get();
    for (int i = 0; i < 30; i++) {
      TestTrees.write(root, "burst/get.b" + i + ".js", TestTrees.JS);
    }

    await().atMost(VISIBLE_WITHIN).until(() -> holder.get().mappedRoutes().containsKey("/burst/b29"));
    assertThat(scans.get() - before).isLessThan(10);
  }

  @Test
  void without_a_watch_service_the_periodic_check_rescans_changed_trees() {
    watcher.close();
    CatalogWatcher polling = new CatalogWatcher(root, holder, Duration.ofMillis(50), Duration.ofMillis(200),
        Clock.systemUTC(), false);
    polling.start();
    try {
      assertThat(polling.status().backend()).isEqualTo("interval");
      int before = scans.get();
      TestTrees.write(root, "get.polled.py", TestTrees.PY);

      await().atMost(VISIBLE_WITHIN).until(() -> holder.get().mappedRoutes().containsKey("/polled"));
      // an unchanged tree is not rescanned again and again
      int after = scans.get();
      await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> scans.get() == after);
      assertThat(after - before).isEqualTo(1);
    } finally {
      polling.close();
    }
  }

  @Test
  void a_dot_file_coming_and_going_in_a_folder_makes_the_periodic_check_read_nothing() throws Exception {
    watcher.close();
    Scanner scanner = new Scanner(TestTrees.config(root, Map.of()));
    AtomicInteger reads = new AtomicInteger();
    CatalogHolder counted = new CatalogHolder(() -> {
      reads.incrementAndGet();
      return scanner.scan();
    });
    CatalogWatcher polling = new CatalogWatcher(root, counted, Duration.ofMillis(50), Duration.ofMillis(100),
        Clock.systemUTC(), false);
    polling.start();
    try {
      int before = reads.get();
      // what an atomic write's temp file and the deps state file do to a function folder's mtime
      TestTrees.write(root, "node/greet/.fastfn-deps-state.json", "{}");
      TestTrees.write(root, "node/greet/.tmp-write", "x");
      Files.delete(root.resolve("node/greet/.tmp-write"));

      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> reads.get() == before);
      TestTrees.write(root, "node/greet/handler.js", TestTrees.JS + "\n// changed");
      await().atMost(VISIBLE_WITHIN).until(() -> reads.get() > before);
    } finally {
      polling.close();
    }
  }

  @Test
  void close_stops_the_thread() {
    watcher.close();

    await().atMost(Duration.ofSeconds(2)).until(() -> !watcher.status().active());
    TestTrees.write(root, "get.after.py", TestTrees.PY);
    assertThat(holder.get().mappedRoutes()).doesNotContainKey("/after");
  }
}
