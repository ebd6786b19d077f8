package dev.fastfn.discovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validation of names and paths that come from clients or config files, before any filesystem
 * access (D13, console-api.md §3.4). Everything here is a pure check except
 * {@link #resolveInside}, which also resolves symlinks of the part of the path that exists.
 */
public final class SafeNames {
  private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern FILE_TARGET_CHARS = Pattern.compile("[a-zA-Z0-9_/\\[\\].-]+");
  private static final Pattern FILE_TARGET_EXT = Pattern.compile(".*\\.[A-Za-z0-9]+");
  private static final Pattern FILE_PATH_CHARS = Pattern.compile("[A-Za-z0-9_./ \\-\\[\\]]+");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final int MAX_NAME = 200;

  private SafeNames() {}

  /**
   * A function name as the console creates and addresses it: {@code greet}, {@code api/users};
   * segments of {@code [A-Za-z0-9_-]}, none starting with {@code _} (private, D8).
   */
  public static boolean isFunctionName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME || !FUNCTION_NAME.matcher(name).matches()) {
      return false;
    }
    for (String seg : name.split("/")) {
      if (seg.startsWith("_")) {
        return false;
      }
    }
    return true;
  }

  /** A version label ({@code v2}, {@code 1.0}): {@code [A-Za-z0-9_.-]}, not starting with '.' or '_'. */
  public static boolean isVersion(String version) {
    return version != null
        && !version.isEmpty()
        && version.length() <= 100
        && VERSION.matcher(version).matches()
        && !version.startsWith(".")
        && !version.startsWith("_");
  }

  /**
   * A file-route target name ({@code items/[id].js}, {@code get.hello.py}): contains '/' or ends in
   * {@code .<alnum>}, chars {@code [a-zA-Z0-9_/\[\].-]}, relative, no empty, '.' or '..' segment.
   */
  public static boolean isFileTarget(String name) {
    if (name == null || name.isEmpty() || name.length() > 1000) {
      return false;
    }
    if (!name.contains("/") && !FILE_TARGET_EXT.matcher(name).matches()) {
      return false;
    }
    return FILE_TARGET_CHARS.matcher(name).matches() && isRelativePath(name);
  }

  /**
   * A path of a file inside a function folder as the console's code/file APIs accept it
   * (console-api.md §3.4): {@code [A-Za-z0-9_./ \-\[\]]}, relative, no '..', no NUL, no empty or '.'
   * segments.
   */
  public static boolean isFilePath(String path) {
    return path != null
        && path.length() <= 1000
        && FILE_PATH_CHARS.matcher(path).matches()
        && !path.contains("..")
        && isRelativePath(path);
  }

  /**
   * A generic safe relative path: not blank, not absolute, no backslash or NUL, no empty, '.' or '..'
   * segment. Used for {@code entrypoint} and {@code assets.directory}.
   */
  public static boolean isRelativePath(String path) {
    if (path == null || path.isBlank() || path.startsWith("/") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
      return false;
    }
    if (path.length() > 1 && path.charAt(1) == ':') {
      return false; // Windows drive letter
    }
    for (String seg : path.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** {@code invoke.handler}: a JavaScript/Python identifier. */
  public static boolean isIdentifier(String s) {
    return s != null && s.length() <= 100 && IDENTIFIER.matcher(s).matches();
  }

  /**
   * Resolves {@code rel} under {@code dir} if it is a safe relative path that stays inside
   * {@code dir}, also after resolving the symlinks of its existing part. The file need not exist.
   */
  public static Optional<Path> resolveInside(Path dir, String rel) {
    if (!isRelativePath(rel)) {
      return Optional.empty();
    }
    Path base = dir.toAbsolutePath().normalize();
    Path candidate = base.resolve(rel).normalize();
    if (!candidate.startsWith(base) || candidate.equals(base)) {
      return Optional.empty();
    }
    return isInside(base, candidate) ? Optional.of(candidate) : Optional.empty();
  }

  /**
   * True when {@code candidate} (absolute) stays inside {@code dir} after resolving symlinks of its
   * deepest existing ancestor. False on I/O errors.
   */
  public static boolean isInside(Path dir, Path candidate) {
    try {
      Path realDir = Files.exists(dir) ? dir.toRealPath() : dir.toAbsolutePath().normalize();
      Path existing = candidate.toAbsolutePath().normalize();
      Path rest = existing.getFileSystem().getPath("");
      while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        rest = existing.getFileName().resolve(rest);
        existing = existing.getParent();
      }
      if (existing == null) {
        return false;
      }
      Path real = existing.toRealPath().resolve(rest).normalize();
      return real.startsWith(realDir);
    } catch (IOException | SecurityException e) {
      return false;
    }
  }
}
