package dev.fastfn.console;

import dev.fastfn.discovery.SafeNames;
import java.util.regex.Pattern;

/**
 * Validation of client-supplied identifiers before any filesystem access (D13, console-api.md §3.4).
 * Names, versions and paths use discovery's {@link SafeNames}, so the console accepts exactly what
 * discovery can find. Pure functions.
 */
final class ConsoleNames {
  private static final Pattern RUNTIME = Pattern.compile("[a-zA-Z0-9_-]+");
  private static final Pattern PACK = Pattern.compile("[a-zA-Z0-9_-]+");

  private ConsoleNames() {}

  static boolean isRuntime(String s) {
    return s != null && s.length() <= 40 && RUNTIME.matcher(s).matches();
  }

  /** A function name the console can create: {@code greet}, {@code api/users}; no '_' segments (D8). */
  static boolean isFunctionName(String s) {
    return SafeNames.isFunctionName(s);
  }

  /** A file-route target as the catalog names it ({@code items/[id].js}, {@code get.hello.py}). */
  static boolean isFileTarget(String s) {
    return SafeNames.isFileTarget(s);
  }

  /** A version label: never '.', '..' or starting with '.' or '_'. */
  static boolean isVersion(String s) {
    return SafeNames.isVersion(s);
  }

  /** A path inside a function folder for the file APIs. */
  static boolean isFilePath(String s) {
    return SafeNames.isFilePath(s);
  }

  static boolean isPackName(String s) {
    return s != null && s.length() <= 100 && PACK.matcher(s).matches();
  }
}
