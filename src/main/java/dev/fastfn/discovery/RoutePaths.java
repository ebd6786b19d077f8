package dev.fastfn.discovery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Route strings as the catalog stores them: {@code /static}, {@code /:param}, {@code /:param*}
 * (catch-all) and {@code /*} (anonymous wildcard). Normalization of configured routes (routing.md
 * §2.3.8, console-api.md §3.6), reserved prefixes (§4.1) and the most-specific-first order of
 * dynamic routes (§4.4). Shared by discovery, the router, the console and OpenAPI. Stateless.
 */
public final class RoutePaths {
  private static final Pattern PARAM = Pattern.compile(":[A-Za-z0-9_]+\\*?");
  private static final Pattern BRACE_PARAM = Pattern.compile("\\{([A-Za-z0-9_]+)(\\*?)\\}");

  /** Kind of one route segment. */
  public enum SegmentKind { STATIC, PARAM, CATCH_ALL, WILDCARD }

  /**
   * Sorts {@code routes} in place, most specific first (§4.4): more static segments, then more
   * segments, then fewer catch-alls, then more single dynamic segments, then lexical. Each route's
   * shape is worked out once, not once per comparison (every rescan sorts all dynamic routes).
   */
  public static void sortBySpecificity(List<String> routes) {
    record Shaped(String route, int[] shape) {}
    List<Shaped> shaped = new ArrayList<>(routes.size());
    for (String r : routes) {
      shaped.add(new Shaped(r, shape(r)));
    }
    shaped.sort((a, b) -> compare(a.route(), a.shape(), b.route(), b.shape()));
    for (int i = 0; i < shaped.size(); i++) {
      routes.set(i, shaped.get(i).route());
    }
  }

  /**
   * Inserts {@code route} into {@code sorted}, a list in the order of {@link #sortBySpecificity}, where
   * that sort would put it: a route added to a sorted list costs a few comparisons, not a sort.
   */
  public static void insertBySpecificity(List<String> sorted, String route) {
    int[] shape = shape(route); // binarySearch passes the key second
    int at = Collections.binarySearch(sorted, route, (other, key) -> compare(other, shape(other), key, shape));
    sorted.add(at < 0 ? -at - 1 : at, route);
  }

  private static int compare(String a, int[] x, String b, int[] y) {
    if (x[0] != y[0]) {
      return Integer.compare(y[0], x[0]);
    }
    if (x[1] != y[1]) {
      return Integer.compare(y[1], x[1]);
    }
    if (x[2] != y[2]) {
      return Integer.compare(x[2], y[2]);
    }
    if (x[3] != y[3]) {
      return Integer.compare(y[3], x[3]);
    }
    return a.compareTo(b);
  }

  private RoutePaths() {}

  /**
   * Normalizes a configured route ({@code invoke.routes}, {@code fn.routes.json}, derived file
   * routes): trims, requires a leading {@code /}, collapses {@code //}, strips a trailing {@code /},
   * turns {@code {id}} segments into {@code :id} (D7). Returns null for invalid or reserved routes
   * ({@code ..}, {@code /}, {@code /_fn…}, {@code /console…}).
   */
  public static String normalize(String raw) {
    if (raw == null) {
      return null;
    }
    String r = raw.trim();
    if (!r.startsWith("/") || r.indexOf('\\') >= 0 || r.indexOf('\0') >= 0) {
      return null;
    }
    r = collapse(r);
    if (r.contains("..") || isReserved(r)) {
      return null;
    }
    if (r.indexOf('{') >= 0) {
      r = bracesToColons(r);
    }
    return r;
  }

  /** Collapses runs of {@code /} and strips one trailing {@code /} (keeps a bare "/"). */
  public static String collapse(String path) {
    boolean clean = !path.contains("//") && (path.length() <= 1 || !path.endsWith("/"));
    if (clean) {
      return path;
    }
    StringBuilder sb = new StringBuilder(path.length());
    char prev = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '/' && prev == '/') {
        continue;
      }
      sb.append(c);
      prev = c;
    }
    if (sb.length() > 1 && sb.charAt(sb.length() - 1) == '/') {
      sb.setLength(sb.length() - 1);
    }
    return sb.toString();
  }

  /**
   * True for paths no function may own: {@code /}, {@code /_fn}, {@code /_fn/…}, {@code /console},
   * {@code /console/…}, and the project file {@code /fastfn.json|toml} (§4.1).
   */
  public static boolean isReserved(String path) {
    if (path.isEmpty() || path.equals("/")) {
      return true;
    }
    if (path.startsWith("/_fn") && (path.length() == 4 || path.charAt(4) == '/')) {
      return true;
    }
    if (path.startsWith("/console") && (path.length() == 8 || path.charAt(8) == '/')) {
      return true;
    }
    return path.equalsIgnoreCase("/fastfn.json") || path.equalsIgnoreCase("/fastfn.toml");
  }

  public static SegmentKind kindOf(String segment) {
    if (segment.equals("*")) {
      return SegmentKind.WILDCARD;
    }
    if (segment.length() > 1 && segment.charAt(0) == ':' && PARAM.matcher(segment).matches()) {
      return segment.endsWith("*") ? SegmentKind.CATCH_ALL : SegmentKind.PARAM;
    }
    return SegmentKind.STATIC;
  }

  /** True when the route has a {@code :param}, {@code :param*} or {@code *} segment. */
  public static boolean isDynamic(String route) {
    if (route.indexOf(':') < 0 && route.indexOf('*') < 0) {
      return false;
    }
    for (String s : segments(route)) {
      if (kindOf(s) != SegmentKind.STATIC) {
        return true;
      }
    }
    return false;
  }

  /** Segments of a normalized route, without empty ones ("/a/b" -> [a, b]). */
  public static List<String> segments(String route) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int n = route.length();
    for (int i = 0; i <= n; i++) {
      if (i == n || route.charAt(i) == '/') {
        if (i > start) {
          out.add(route.substring(start, i));
        }
        start = i + 1;
      }
    }
    return out;
  }

  /** OpenAPI form: {@code :id} and {@code :id*} become {@code {id}}, {@code *} becomes {@code {wildcard}}, {@code {wildcard2}}... */
  public static String toOpenApi(String route) {
    StringBuilder sb = new StringBuilder();
    int wild = 0;
    for (String s : segments(route)) {
      sb.append('/');
      switch (kindOf(s)) {
        case STATIC -> sb.append(s);
        case PARAM -> sb.append('{').append(s, 1, s.length()).append('}');
        case CATCH_ALL -> sb.append('{').append(s, 1, s.length() - 1).append('}');
        case WILDCARD -> {
          wild++;
          sb.append(wild == 1 ? "{wildcard}" : "{wildcard" + wild + "}");
        }
      }
    }
    return sb.isEmpty() ? "/" : sb.toString();
  }

  /** Parameter names of a route in order ({@code *} segments are "wildcard", "wildcard2", ...). */
  public static List<String> paramNames(String route) {
    List<String> out = new ArrayList<>();
    int wild = 0;
    for (String s : segments(route)) {
      switch (kindOf(s)) {
        case STATIC -> { }
        case PARAM -> out.add(s.substring(1));
        case CATCH_ALL -> out.add(s.substring(1, s.length() - 1));
        case WILDCARD -> {
          wild++;
          out.add(wild == 1 ? "wildcard" : "wildcard" + wild);
        }
      }
    }
    return out;
  }

  /**
   * A concrete path for a route: {@code fill("/api/routed/:id", {id=55})} is {@code /api/routed/55}
   * (as {@code /_fn/invoke} builds it from {@code route} + {@code params}). Values are inserted as
   * given (catch-alls keep their '/'). Null when a param is missing or empty.
   */
  public static String fill(String route, java.util.Map<String, String> params) {
    StringBuilder sb = new StringBuilder();
    List<String> names = paramNames(route);
    int p = 0;
    for (String s : segments(route)) {
      sb.append('/');
      if (kindOf(s) == SegmentKind.STATIC) {
        sb.append(s);
        continue;
      }
      String v = params.get(names.get(p++));
      if (v == null || v.isEmpty()) {
        return null;
      }
      sb.append(v);
    }
    return sb.isEmpty() ? "/" : sb.toString();
  }

  private static String bracesToColons(String route) {
    StringBuilder sb = new StringBuilder(route.length());
    for (String s : segments(route)) {
      sb.append('/');
      var m = BRACE_PARAM.matcher(s);
      if (m.matches()) {
        sb.append(':').append(m.group(1)).append(m.group(2));
      } else {
        sb.append(s);
      }
    }
    return sb.toString();
  }

  /** [static, total, catch-alls, single params] segment counts. */
  private static int[] shape(String route) {
    int[] out = new int[4];
    for (String s : segments(route)) {
      out[1]++;
      switch (kindOf(s)) {
        case STATIC -> out[0]++;
        case PARAM -> out[3]++;
        case CATCH_ALL, WILDCARD -> out[2]++;
      }
    }
    return out;
  }
}
