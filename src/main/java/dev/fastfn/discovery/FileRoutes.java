package dev.fastfn.discovery;

import dev.fastfn.config.RuntimeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File name to route derivation of the zero-config tree (routing.md §2.3): method prefixes,
 * {@code index/handler/main} aliases, {@code [id]}, {@code [...slug]}, {@code [[...slug]]}, segment
 * normalization, the mixed-mode filter and private files (D8). Pure functions.
 */
final class FileRoutes {
  static final Set<String> METHOD_WORDS = Set.of("get", "post", "put", "patch", "delete");
  private static final Set<String> ENTRY_WORDS = Set.of("index", "handler", "main");
  private static final Pattern OPTIONAL_CATCH_ALL = Pattern.compile("\\[\\[\\.\\.\\.([A-Za-z0-9_]+)\\]\\]");
  private static final Pattern CATCH_ALL = Pattern.compile("\\[\\.\\.\\.([A-Za-z0-9_]+)\\]");
  private static final Pattern PARAM = Pattern.compile("\\[([A-Za-z0-9_]+)\\]");

  private FileRoutes() {}

  /** Result of deriving routes from one file name. */
  sealed interface Derivation {
    /** Not a route (private, helper in mixed mode, no runtime extension...). */
    record Skip() implements Derivation {}

    /** {@code get.post.items.js}: never a route; reported as a problem. */
    record Ambiguous() implements Derivation {}

    /**
     * @param method upper-case method from the file name prefix, or null
     * @param tokens normalized route tokens from the file name (may be empty)
     * @param optionalCatchAll the last token is {@code [[...x]]}: the route without it exists too
     */
    record Route(RuntimeKind runtime, String method, List<String> tokens, boolean optionalCatchAll)
        implements Derivation {}
  }

  private static final Derivation SKIP = new Derivation.Skip();

  /**
   * Derives the route tokens of a file.
   *
   * @param fileName the file's name (no folder)
   * @param mixed the folder is (inside) a single-entry root: only explicit route files count
   * @param entryFolder the folder is a function's own folder: its {@code index/handler/main} files
   *     are the function entry, not file-route aliases (§2.3 step 5)
   */
  static Derivation derive(String fileName, boolean mixed, boolean entryFolder) {
    if (fileName.startsWith(".") || fileName.startsWith("_")) {
      return SKIP;
    }
    Optional<RuntimeKind> runtime = RuntimeKind.forFile(fileName);
    if (runtime.isEmpty()) {
      return SKIP;
    }
    int dot = fileName.lastIndexOf('.');
    String base = fileName.substring(0, dot);
    String lowerBase = base.toLowerCase(Locale.ROOT);
    if (base.isEmpty() || lowerBase.endsWith(".test") || lowerBase.endsWith(".spec")) {
      return SKIP;
    }
    List<String> tokens = splitOutsideBrackets(base);
    String method = null;
    if (!tokens.isEmpty() && METHOD_WORDS.contains(tokens.get(0).trim().toLowerCase(Locale.ROOT))) {
      method = tokens.get(0).trim().toUpperCase(Locale.ROOT);
      tokens = tokens.subList(1, tokens.size());
      for (String t : tokens) {
        if (METHOD_WORDS.contains(t.trim().toLowerCase(Locale.ROOT))) {
          return new Derivation.Ambiguous();
        }
      }
    }
    if (mixed && method == null && !isExplicitRouteFile(tokens)) {
      return SKIP;
    }
    if (entryFolder && method == null && ENTRY_WORDS.contains(lowerBase)) {
      return SKIP;
    }
    List<String> out = new ArrayList<>(tokens.size());
    boolean optional = false;
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i).trim();
      if (i == tokens.size() - 1 && OPTIONAL_CATCH_ALL.matcher(t).matches()) {
        optional = true;
      }
      String seg = normalizeToken(t);
      if (seg != null) {
        out.add(seg);
      }
    }
    return new Derivation.Route(runtime.get(), method, List.copyOf(out), optional);
  }

  /**
   * Routes of a derived file under a folder route prefix: the route itself, plus the base route for a
   * trailing {@code [[...x]]}. Invalid or reserved routes are left out.
   */
  static List<String> routes(List<String> folderSegments, Derivation.Route d) {
    List<String> out = new ArrayList<>(2);
    String full = join(folderSegments, d.tokens());
    if (full != null) {
      out.add(full);
    }
    if (d.optionalCatchAll()) {
      String base = join(folderSegments, d.tokens().subList(0, d.tokens().size() - 1));
      if (base != null && !out.contains(base)) {
        out.add(base);
      }
    }
    return out;
  }

  /**
   * One path token as a route segment (§2.3 step 7): entry words dropped, {@code [x]} to {@code :x},
   * {@code [...x]}/{@code [[...x]]} to {@code :x*} (names lower-cased), static text lower-cased with
   * {@code _} and other characters turned into {@code -}. Null when the token disappears.
   */
  static String normalizeToken(String raw) {
    String t = raw.trim();
    if (t.isEmpty() || ENTRY_WORDS.contains(t.toLowerCase(Locale.ROOT))) {
      return null;
    }
    Matcher m = OPTIONAL_CATCH_ALL.matcher(t);
    if (m.matches()) {
      return ":" + m.group(1).toLowerCase(Locale.ROOT) + "*";
    }
    m = CATCH_ALL.matcher(t);
    if (m.matches()) {
      return ":" + m.group(1).toLowerCase(Locale.ROOT) + "*";
    }
    m = PARAM.matcher(t);
    if (m.matches()) {
      return ":" + m.group(1).toLowerCase(Locale.ROOT);
    }
    return normalizeStatic(t);
  }

  /** Static segment: lower-case, runs of {@code _} and any char outside {@code [a-z0-9-]} to {@code -}, trimmed of {@code -}. */
  static String normalizeStatic(String raw) {
    String lower = raw.toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      if (ok) {
        sb.append(c);
      } else if (c == '_' && i > 0 && lower.charAt(i - 1) == '_') {
        continue; // a run of '_' becomes a single '-'
      } else {
        sb.append('-');
      }
    }
    int s = 0;
    int e = sb.length();
    while (s < e && sb.charAt(s) == '-') {
      s++;
    }
    while (e > s && sb.charAt(e - 1) == '-') {
      e--;
    }
    return s == e ? null : sb.substring(s, e);
  }

  /** Normalized route segments of a folder path relative to a prefix ("My_Folder/[id]" -> [my-folder, :id]). */
  static List<String> folderSegments(List<String> folderNames) {
    List<String> out = new ArrayList<>(folderNames.size());
    for (String f : folderNames) {
      String s = normalizeToken(f);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** Splits on '.' outside {@code [...]} ("get.[[...opt]]" -> [get, [[...opt]]]). */
  static List<String> splitOutsideBrackets(String base) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < base.length(); i++) {
      char c = base.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']' && depth > 0) {
        depth--;
      } else if (c == '.' && depth == 0) {
        out.add(base.substring(start, i));
        start = i + 1;
      }
    }
    out.add(base.substring(start));
    return out;
  }

  private static boolean isExplicitRouteFile(List<String> tokens) {
    for (String raw : tokens) {
      String t = raw.trim();
      if (ENTRY_WORDS.contains(t.toLowerCase(Locale.ROOT))) {
        return true;
      }
      if (OPTIONAL_CATCH_ALL.matcher(t).matches() || CATCH_ALL.matcher(t).matches() || PARAM.matcher(t).matches()) {
        return true;
      }
    }
    return false;
  }

  private static String join(List<String> folder, List<String> tokens) {
    StringBuilder sb = new StringBuilder();
    for (String s : folder) {
      sb.append('/').append(s);
    }
    for (String s : tokens) {
      sb.append('/').append(s);
    }
    return sb.isEmpty() ? null : RoutePaths.normalize(sb.toString());
  }
}
