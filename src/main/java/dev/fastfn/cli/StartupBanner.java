package dev.fastfn.cli;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.discovery.RouteEntry;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code fastfn dev} / {@code run} print once listening: URL, docs URL, log folder, hot reload,
 * the routes table (method, route, runtime, target) and any conflicts or discovery problems.
 */
final class StartupBanner {
  private StartupBanner() {}

  /** The URL a user on this machine should open: wildcard bind addresses become 127.0.0.1. */
  static String localBase(FastfnConfig config, int port) {
    String host = config.host();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "127.0.0.1";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port;
  }

  static void print(PrintWriter out, App app, String mode) {
    FastfnConfig config = app.config();
    String base = localBase(config, app.port());
    Catalog catalog = app.catalogs().get();
    out.println("fastfn " + mode + " serving " + catalog.root());
    out.println("  URL:   " + base);
    out.println("  Docs:  " + (config.docs().enabled() ? base + "/_fn/docs" : "disabled (FN_DOCS_ENABLED=0)"));
    out.println("  Logs:  " + config.logsDir());
    out.println(config.hotReload() ? "  Hot reload enabled (file changes will trigger handler reload)"
        : "  Hot reload disabled");
    Map<String, List<RouteEntry>> routes = new TreeMap<>(catalog.mappedRoutes());
    out.println("  Routes (" + routes.size() + "):");
    if (routes.isEmpty()) {
      out.println("    (none yet: add a handler such as hello/get.py, or run 'fastfn init hello -t python')");
    }
    int width = Math.max(12, routes.keySet().stream().mapToInt(String::length).max().orElse(0));
    for (var e : routes.entrySet()) {
      for (RouteEntry r : e.getValue()) {
        FunctionSpec fn = catalog.function(r.functionKey());
        String runtime = fn == null ? "?" : fn.runtime().id();
        String target = fn == null ? r.functionKey() : fn.name() + (fn.version() == null ? "" : "@" + fn.version());
        out.printf("    %-16s %-" + width + "s  %-6s  %s%n", String.join(",", r.methods()), e.getKey(), runtime, target);
      }
    }
    for (var c : new TreeMap<>(catalog.conflicts()).entrySet()) {
      out.printf("    CONFLICT %s: %s (answers 409)%n", c.getKey(), String.join(" vs ", c.getValue()));
    }
    for (String p : catalog.problems()) {
      out.println("  warning: " + p);
    }
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }
}
