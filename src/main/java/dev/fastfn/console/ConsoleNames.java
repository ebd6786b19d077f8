package dev.fastfn.console;

import java.util.regex.Pattern;

/**
 * Validation of client-supplied identifiers before any filesystem access (D13, console-api.md §3.4).
 * Pure functions.
 */
final class ConsoleNames {
  private static final Pattern RUNTIME = Pattern.compile("[a-zA-Z0-9_-]+");
  private static final Pattern NAME_SEGMENT = Pattern.compile("[A-Za-z0-9-][A-Za-z0-9_-]*");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Pattern FILE_TARGET_CHARS = Pattern.compile("[a-zA-Z0-9_/\\[\\].-]+");
  private static final Pattern FILE_TARGET_EXT = Pattern.compile(".*\\.[A-Za-z0-9]+");
  private static final Pattern FILE_PATH_CHARS = Pattern.compile("[A-Za-z0-9_./ \\-\\[\\]]+");
  private static final Pattern PACK = Pattern.compile("[a-zA-Z0-9_-]+");
  static final int MAX_NAME = 200;

  private ConsoleNames() {}

  static boolean isRuntime(String s) {
    return s != null && s.length() <= 40 && RUNTIME.matcher(s).matches();
  }

  /**
   * A function name the console can create: segments of {@code [A-Za-z0-9_-]} separated by '/', none
   * starting with '_' (private, D8) and none '.' or '..'.
   */
  static boolean isFunctionName(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_NAME) {
      return false;
    }
    for (String seg : s.split("/", -1)) {
      if (!NAME_SEGMENT.matcher(seg).matches()) {
        return false;
      }
    }
    return true;
  }

  /**
   * A file-route target as the catalog names it ({@code items/[id].js}, {@code get.hello.py}): has a
   * '/' or an extension, only {@code [a-zA-Z0-9_/\[\].-]}, relative, no empty, '.' or '..' segment.
   */
  static boolean isFileTarget(String s) {
    if (s == null || s.isEmpty() || s.length() > 1000) {
      return false;
    }
    if (!s.contains("/") && !FILE_TARGET_EXT.matcher(s).matches()) {
      return false;
    }
    return FILE_TARGET_CHARS.matcher(s).matches() && isRelativePath(s);
  }

  /** A version label: {@code [A-Za-z0-9_.-]}, starting with a letter or digit (so never '.' or '..'). */
  static boolean isVersion(String s) {
    return s != null && !s.isEmpty() && s.length() <= 100 && VERSION.matcher(s).matches();
  }

  /** A path inside a function folder for the file APIs. */
  static boolean isFilePath(String s) {
    return s != null && s.length() <= 1000 && FILE_PATH_CHARS.matcher(s).matches() && !s.contains("..")
        && isRelativePath(s);
  }

  static boolean isPackName(String s) {
    return s != null && s.length() <= 100 && PACK.matcher(s).matches();
  }

  /** Not blank, not absolute, no backslash or NUL, no empty, '.' or '..' segment. */
  static boolean isRelativePath(String path) {
    if (path == null || path.isBlank() || path.startsWith("/") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
      return false;
    }
    for (String seg : path.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
