package dev.fastfn.routing;

import static dev.fastfn.discovery.TestTrees.files;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.discovery.Scanner;
import dev.fastfn.discovery.TestTrees;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A router compiles each new catalog from the previous one, reusing the claims and patterns of
 * unchanged routes. After every change below it must answer every request as a router that compiles
 * the catalog from scratch.
 */
class IncrementalCompileTest {
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE");

  @TempDir
  Path root;

  @Test
  void a_router_following_catalog_changes_matches_as_a_fresh_one() {
    TestTrees.write(root, files(
        "python/alpha/handler.py",
        "python/beta/handler.py",
        "python/beta/fn.config.json={\"invoke\":{\"routes\":[\"/beta/:id\",\"/b/*\"]}}",
        "node/gamma/handler.js",
        "users/[id].js",
        "blog/[...slug].py",
        "api/get.items.js"));
    CatalogHolder holder = new CatalogHolder(new Scanner(TestTrees.config(root, Map.of())));
    holder.trackChanges(true);
    holder.rescan();
    Router following = new Router();
    assertMatchesAsFresh(following, holder.get());

    List<Runnable> changes = List.of(
        () -> consoleWrite(holder, "python/delta/handler.py", TestTrees.PY),
        () -> consoleWrite(holder, "node/aaa/handler.js", TestTrees.JS),
        // the same dynamic route claimed twice at one rank: a conflict, then resolved
        () -> write(holder, "users/[name].py", TestTrees.PY),
        () -> write(holder, "python/beta/fn.config.json", "{\"invoke\":{\"routes\":[\"/beta/:id\"],\"methods\":[\"PUT\"]}}"),
        () -> write(holder, "python/alpha/handler.py", "def handler(event):\n    return {'v': 2}\n"),
        () -> write(holder, "fn.config.json", "{\"invoke\":{\"allow_hosts\":[\"a.example\"]}}"),
        () -> consoleWrite(holder, "python/zeta/handler.py", TestTrees.PY),
        // a write into a folder the catalog has: the same route map, the function's new specs
        () -> consoleWrite(holder, "python/beta/fn.config.json",
            "{\"invoke\":{\"routes\":[\"/beta/:id\"],\"methods\":[\"PUT\"]},\"timeout_ms\":1234}"));
    for (Runnable change : changes) {
      change.run();
      assertMatchesAsFresh(following, holder.get());
    }
  }

  /** Writes a file as the console does: a rescan after writing its folder. */
  private void consoleWrite(CatalogHolder holder, String rel, String code) {
    TestTrees.write(root, rel, code);
    holder.rescanAfterWriting(root.resolve(rel).getParent());
  }

  private void write(CatalogHolder holder, String rel, String code) {
    TestTrees.write(root, rel, code);
    holder.rescan();
  }

  /** Every route of the catalog, filled in, a path below it and one that matches nothing, by every method. */
  private static void assertMatchesAsFresh(Router following, Catalog catalog) {
    List<String> paths = new ArrayList<>(List.of("/nothing/here", "/b/x/y", "/beta/7", "/users/42", "/blog/a/b"));
    for (String route : catalog.mappedRoutes().keySet()) {
      paths.add(route.replaceAll(":[A-Za-z0-9_]+\\*?", "v").replace("*", "w"));
    }
    for (String route : catalog.conflicts().keySet()) {
      paths.add(route.replaceAll(":[A-Za-z0-9_]+\\*?", "v").replace("*", "w"));
    }
    Router fresh = new Router();
    for (String path : paths) {
      for (String method : METHODS) {
        for (String host : new String[] {"a.example", "b.example"}) {
          assertThat(following.match(catalog, method, host, path)).as(method + " " + host + " " + path)
              .isEqualTo(fresh.match(catalog, method, host, path));
        }
      }
    }
  }
}
