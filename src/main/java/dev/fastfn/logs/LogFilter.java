package dev.fastfn.logs;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * Line filters of {@code /_fn/logs} (platform.md §7), applied to any file: {@code runtime} keeps lines
 * containing {@code [<runtime>]}, {@code fn} keeps {@code [fn:<fn>@}, {@code version} keeps
 * {@code @<version> }, {@code stream} keeps {@code  stdout]} or {@code  stderr]}. Null filters match
 * everything.
 */
public record LogFilter(String runtime, String fn, String version, Stream stream) implements Predicate<String> {
  public LogFilter {
    runtime = blankToNull(runtime);
    fn = blankToNull(fn);
    version = blankToNull(version);
    stream = stream == null ? Stream.ALL : stream;
  }

  public static final LogFilter NONE = new LogFilter(null, null, null, Stream.ALL);

  /** {@code all}, {@code stdout} or {@code stderr}. */
  public enum Stream {
    ALL, STDOUT, STDERR;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Null or blank means ALL; an unknown name is null (the caller answers {@code invalid stream}). */
    public static Stream parse(String name) {
      if (name == null || name.isBlank()) {
        return ALL;
      }
      return switch (name.trim().toLowerCase(Locale.ROOT)) {
        case "all" -> ALL;
        case "stdout" -> STDOUT;
        case "stderr" -> STDERR;
        default -> null;
      };
    }
  }

  @Override
  public boolean test(String line) {
    if (runtime != null && !line.contains("[" + runtime + "]")) {
      return false;
    }
    if (fn != null && !line.contains("[fn:" + fn + "@")) {
      return false;
    }
    if (version != null && !line.contains("@" + version + " ")) {
      return false;
    }
    return switch (stream) {
      case ALL -> true;
      case STDOUT -> line.contains(" stdout]");
      case STDERR -> line.contains(" stderr]");
    };
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
