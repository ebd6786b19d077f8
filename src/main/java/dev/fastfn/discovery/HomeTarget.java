package dev.fastfn.discovery;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * What {@code /} is set to do by FN_HOME_FUNCTION/FN_HOME_REDIRECT or a root {@code fn.config.json}
 * {@code home} (routing.md §7.1 steps 1 to 3): run an internal path, redirect, or nothing set here.
 * The built-in landing page and the 404 of an empty tree (steps 5 and 6) are the gateway's.
 */
public sealed interface HomeTarget {
  /** Serve {@code /} as if {@code path} (normalized, never "/") had been requested. */
  record Run(String path, String query) implements HomeTarget {}

  /** Answer {@code /} with 302 to a local path or an absolute http(s) URL. */
  record Redirect(String location) implements HomeTarget {}

  /** No (valid) setting: the next step decides. */
  record Unset() implements HomeTarget {}

  HomeTarget UNSET = new Unset();

  /**
   * The function form if it is valid, else the redirect form if that is, else {@link #UNSET}. An
   * invalid value is reported to {@code problems} as "{@code <label>} ignored: reason" and skipped,
   * as the reference does (a warning, then the next step).
   */
  static HomeTarget choose(String function, String functionLabel, String redirect, String redirectLabel,
      Consumer<String> problems) {
    if (function != null) {
      String why = localPathProblem(function);
      if (why == null) {
        String[] pq = splitQuery(function.trim());
        return new Run(normalizePath(pq[0]), pq[1]);
      }
      problems.accept(functionLabel + " ignored: " + why);
    }
    if (redirect != null) {
      String v = redirect.trim();
      boolean url = isHttpUrl(v);
      String why = url ? controlCharProblem(v) : localPathProblem(v);
      if (why == null) {
        String[] pq = url ? null : splitQuery(v);
        return new Redirect(url ? v : normalizePath(pq[0]) + (pq[1] == null ? "" : "?" + pq[1]));
      }
      problems.accept(redirectLabel + " ignored: " + why);
    }
    return UNSET;
  }

  /** Why {@code raw} is no internal path ({@code hello}, {@code /hello/}, {@code /a?x=1}), or null. */
  private static String localPathProblem(String raw) {
    String v = raw.trim();
    if (v.isEmpty()) {
      return "empty";
    }
    if (isHttpUrl(v)) {
      return "must be a local path, not a URL";
    }
    String why = controlCharProblem(v);
    if (why != null) {
      return why;
    }
    String path = splitQuery(v)[0];
    if (path.isBlank()) {
      return "missing path";
    }
    path = normalizePath(path);
    if (path.equals("/")) {
      return "cannot point to /";
    }
    return path.contains("..") ? "must not contain .." : null;
  }

  // The value ends up in a Location header or a request line: no CR, LF or other controls.
  private static String controlCharProblem(String v) {
    for (int i = 0; i < v.length(); i++) {
      if (Character.isISOControl(v.charAt(i))) {
        return "contains control characters";
      }
    }
    return null;
  }

  private static boolean isHttpUrl(String v) {
    String lower = v.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  /** [path, query or null], split at the first '?'. */
  private static String[] splitQuery(String v) {
    int q = v.indexOf('?');
    if (q < 0) {
      return new String[] {v, null};
    }
    String query = v.substring(q + 1);
    return new String[] {v.substring(0, q), query.isEmpty() ? null : query};
  }

  /** Leading '/' added, runs of '/' collapsed, trailing '/' stripped. */
  private static String normalizePath(String path) {
    String p = path.trim();
    return RoutePaths.collapse(p.startsWith("/") ? p : "/" + p);
  }
}
