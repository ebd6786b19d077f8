package dev.fastfn.cli;

import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.RouteEntry;
import java.io.PrintStream;
import java.util.List;

/** What {@code fastfn dev} prints once listening: URL, routes table, docs URL. */
final class StartupBanner {
  private StartupBanner() {}

  static void print(PrintStream out, App app, String mode) {
    String base = "http://" + app.config().host() + ":" + app.port();
    Catalog catalog = app.catalogs().get();
    out.println("fastfn " + mode + " serving " + catalog.root());
    out.println("  url:  " + base);
    out.println("  docs: " + base + "/_fn/docs");
    out.println("  routes:");
    if (catalog.mappedRoutes().isEmpty()) {
      out.println("    (none yet: add a handler such as hello/get.py)");
    }
    for (var e : catalog.mappedRoutes().entrySet()) {
      for (RouteEntry r : e.getValue()) {
        out.printf("    %-22s %-40s %s%n", String.join(",", r.methods()), e.getKey(), r.functionKey());
      }
    }
    for (var c : catalog.conflicts().entrySet()) {
      out.printf("    CONFLICT %-40s %s%n", c.getKey(), String.join(" vs ", c.getValue()));
    }
    List<String> problems = catalog.problems();
    for (String p : problems) {
      out.println("  warning: " + p);
    }
    out.flush();
  }
}
