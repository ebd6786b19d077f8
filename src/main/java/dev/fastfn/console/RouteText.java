package dev.fastfn.console;

import java.util.regex.Pattern;

/**
 * Normalization of configured public routes ({@code invoke.routes}, invoke {@code route}), per
 * console-api.md §3.6 with D7: trim, leading '/', collapse '//', strip a trailing '/', no '..', not
 * reserved ({@code /}, {@code /_fn…}, {@code /console…}); {@code {id}} segments become {@code :id}.
 */
final class RouteText {
  private static final Pattern BRACE = Pattern.compile("\\{([A-Za-z0-9_]+)(\\*?)\\}");
  private static final Pattern PARAM = Pattern.compile(":[A-Za-z0-9_]+\\*?");
  private static final Pattern STATIC_SEGMENT = Pattern.compile("[A-Za-z0-9._~!$&'()+,;=@%\\[\\]-]+");

  private RouteText() {}

  /** The normalized route, or null when {@code raw} is not an acceptable route. */
  static String normalize(String raw) {
    if (raw == null) {
      return null;
    }
    String r = raw.trim();
    if (!r.startsWith("/") || r.contains("..") || r.length() > 512) {
      return null;
    }
    r = r.replaceAll("/{2,}", "/");
    if (r.length() > 1 && r.endsWith("/")) {
      r = r.substring(0, r.length() - 1);
    }
    if (isReserved(r)) {
      return null;
    }
    r = BRACE.matcher(r).replaceAll(":$1$2");
    String[] segs = r.substring(1).split("/");
    for (int i = 0; i < segs.length; i++) {
      String s = segs[i];
      boolean last = i == segs.length - 1;
      if (s.equals("*")) {
        continue;
      }
      if (s.startsWith(":")) {
        if (!PARAM.matcher(s).matches() || (s.endsWith("*") && !last)) {
          return null;
        }
        continue;
      }
      if (!STATIC_SEGMENT.matcher(s).matches()) {
        return null;
      }
    }
    return r;
  }

  static boolean isReserved(String r) {
    return r.equals("/") || r.equals("/_fn") || r.startsWith("/_fn/") || r.equals("/console")
        || r.startsWith("/console/");
  }
}
