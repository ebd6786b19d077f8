package dev.fastfn.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.discovery.Scanner;
import dev.fastfn.discovery.TestTrees;
import dev.fastfn.gateway.RuntimeStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleWarmUpTest {
  private static final Duration PLENTY = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void builds_the_details_of_the_functions_in_turn_and_leaves_tree_and_catalog_as_they_were() throws IOException {
    Path root = tree(Map.of(
        "python/hello/handler.py", TestTrees.PY,
        "python/hello/fn.config.json", "{\"methods\": [\"GET\", \"POST\"], \"timeout_ms\": 1500}\n",
        "node/users/handler.js", TestTrees.JS,
        "node/users/.env", "TOKEN=abc\n",
        "python/needs/handler.py", "import requests\n\ndef handler(event):\n    return {}\n",
        "python/needs/requirements.txt", "requests==2.0\n"));
    CatalogHolder catalogs = new CatalogHolder(new Scanner(TestTrees.config(root, Map.of())));
    Catalog before = catalogs.get();
    Map<String, String> files = snapshot(root);

    assertThat(warmUp(root, catalogs).run(30, PLENTY)).isEqualTo(30);

    assertThat(snapshot(root)).isEqualTo(files);
    assertThat(catalogs.get()).isSameAs(before);
  }

  @Test
  void an_empty_tree_has_nothing_to_build() throws IOException {
    Path root = tree(Map.of());
    CatalogHolder catalogs = new CatalogHolder(new Scanner(TestTrees.config(root, Map.of())));
    assertThat(warmUp(root, catalogs).run(30, PLENTY)).isZero();
  }

  @Test
  void an_interrupted_thread_builds_nothing_more() throws IOException {
    Path root = tree(Map.of("python/hello/handler.py", TestTrees.PY));
    CatalogHolder catalogs = new CatalogHolder(new Scanner(TestTrees.config(root, Map.of())));
    Thread.currentThread().interrupt();
    try {
      assertThat(warmUp(root, catalogs).run(30, PLENTY)).isZero();
    } finally {
      assertThat(Thread.interrupted()).isTrue(); // the flag is left for the caller, and cleared here
    }
  }

  private Path tree(Map<String, String> files) throws IOException {
    Path root = Files.createDirectories(dir.resolve("functions")).toRealPath();
    TestTrees.write(root, files);
    return root;
  }

  private static ConsoleWarmUp warmUp(Path root, CatalogHolder catalogs) {
    FastfnConfig config = TestTrees.config(root, Map.of());
    RuntimeStatus up = rt -> new RuntimeStatus.State(true, null, Map.of());
    return new ConsoleWarmUp(catalogs, new FunctionLocator(root, catalogs, List.of()),
        new FunctionDetails(config, up, ScheduleStates.NONE), config.runtimes());
  }

  /** Every path under {@code root} with its size and modification time. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        out.put(root.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
      }
    }
    return out;
  }
}
