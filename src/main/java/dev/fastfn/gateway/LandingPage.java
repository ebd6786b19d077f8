package dev.fastfn.gateway;

import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.discovery.RouteEntry;
import dev.fastfn.discovery.RoutePaths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The built-in page {@code /} shows when nothing else is set for it (routing.md §7.1 step 5): every
 * public route with its methods, static GET routes as links, and a link to the API docs. Plain HTML,
 * no script, built from the catalog snapshot of the request. Pure.
 */
final class LandingPage {
  private LandingPage() {}

  static String render(Catalog catalog, boolean docsLink) {
    Map<String, Set<String>> routes = methodsByRoute(catalog);
    StringBuilder b = new StringBuilder(512 + routes.size() * 96);
    b.append("""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>fastfn</title>
        <style>
        body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
        ul { padding-left: 0; list-style: none; }
        .methods { display: inline-block; min-width: 9rem; font-family: monospace; color: #555; }
        </style>
        </head>
        <body>
        <h1>fastfn</h1>
        """);
    b.append("<p>").append(routes.size()).append(routes.size() == 1 ? " route" : " routes").append(" served here.");
    if (docsLink) {
      b.append(" Try them in the <a href=\"/_fn/docs\">API docs</a>.");
    }
    b.append("</p>\n<ul>\n");
    routes.forEach((route, methods) -> {
      String r = escape(route);
      b.append("<li><span class=\"methods\">").append(String.join(", ", methods)).append("</span> ");
      if (methods.contains("GET") && !RoutePaths.isDynamic(route)) {
        b.append("<a href=\"").append(r).append("\">").append(r).append("</a>");
      } else {
        b.append("<code>").append(r).append("</code>"); // a pattern or not GET: nothing a link could open
      }
      b.append("</li>\n");
    });
    b.append("</ul>\n<p>Set <code>FN_HOME_FUNCTION</code>, <code>FN_HOME_REDIRECT</code> or <code>home</code>")
        .append(" in the root <code>fn.config.json</code> to put your own page here.</p>\n</body>\n</html>\n");
    return b.toString();
  }

  /** Route -> the methods of all its claims, in GET, POST, PUT, PATCH, DELETE order; routes sorted. */
  private static Map<String, Set<String>> methodsByRoute(Catalog catalog) {
    Map<String, Set<String>> out = new TreeMap<>();
    catalog.mappedRoutes().forEach((route, claims) -> {
      Set<String> seen = new LinkedHashSet<>();
      for (RouteEntry e : claims) {
        seen.addAll(e.methods());
      }
      List<String> ordered = new ArrayList<>(FunctionPolicy.ALL_METHODS);
      ordered.retainAll(seen);
      out.put(route, new LinkedHashSet<>(ordered));
    });
    return out;
  }

  /** Route text comes from file and config names, so it is escaped for both text and attributes. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
