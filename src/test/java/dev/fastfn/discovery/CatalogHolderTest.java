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
}
