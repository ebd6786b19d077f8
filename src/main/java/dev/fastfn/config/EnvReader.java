package dev.fastfn.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Typed reads of environment variables. Collects every problem instead of stopping at the first, so
 * one startup error names all bad variables ({@link #throwIfInvalid}). Values that are ignored rather
 * than fatal (an unknown boolean word, a runtime this build does not have) go to the warning sink.
 */
public final class EnvReader {
  private final Map<String, String> env;
  private final List<String> problems = new ArrayList<>();
  private final Consumer<String> warnings;

  public EnvReader(Map<String, String> env) {
    this(env, w -> { });
  }

  public EnvReader(Map<String, String> env, Consumer<String> warnings) {
    this.env = Map.copyOf(env);
    this.warnings = warnings;
  }

  /** Raw value, trimmed; null when unset or blank. */
  public String raw(String name) {
    String v = env.get(name);
    if (v == null) {
      return null;
    }
    v = v.trim();
    return v.isEmpty() ? null : v;
  }

  public String string(String name, String def) {
    String v = raw(name);
    return v == null ? def : v;
  }

  /**
   * Booleans: 1|true|yes|on and 0|false|no|off (any case); unset, blank or any other word gives the
   * default, with a warning. One rule for every flag, and the safe one: a typo in
   * FN_CONSOLE_WRITE_ENABLED leaves writes off rather than turning them on.
   */
  public boolean bool(String name, boolean def) {
    String v = raw(name);
    if (v == null) {
      return def;
    }
    switch (v.toLowerCase(Locale.ROOT)) {
      case "1", "true", "yes", "on" -> {
        return true;
      }
      case "0", "false", "no", "off" -> {
        return false;
      }
      default -> {
        warning(name + "='" + v + "' is not a boolean (1/0, true/false, yes/no, on/off); using the default ("
            + (def ? "on" : "off") + ")");
        return def;
      }
    }
  }

  public int intIn(String name, int def, int min, int max) {
    return (int) longIn(name, def, min, max);
  }

  public long longIn(String name, long def, long min, long max) {
    String v = raw(name);
    if (v == null) {
      return def;
    }
    try {
      long n = Long.parseLong(v);
      if (n < min || n > max) {
        problems.add(name + "='" + v + "' must be between " + min + " and " + max);
        return def;
      }
      return n;
    } catch (NumberFormatException e) {
      problems.add(name + "='" + v + "' is not an integer");
      return def;
    }
  }

  /** Seconds as a decimal number ("0.2", "2"). */
  public double seconds(String name, double def, double min) {
    String v = raw(name);
    if (v == null) {
      return def;
    }
    try {
      double d = Double.parseDouble(v);
      if (d < min) {
        problems.add(name + "='" + v + "' must be >= " + min);
        return def;
      }
      return d;
    } catch (NumberFormatException e) {
      problems.add(name + "='" + v + "' is not a number");
      return def;
    }
  }

  public List<String> csv(String name) {
    String v = raw(name);
    if (v == null) {
      return List.of();
    }
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Reports a value that is ignored, not fatal. */
  public void warning(String message) {
    warnings.accept(message);
  }

  /** Records a problem found by a caller-specific parser. */
  public void problem(String message) {
    problems.add(message);
  }

  public void throwIfInvalid() {
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(String.join("; ", problems));
    }
  }

  /** Startup configuration is invalid; the message names each variable. */
  public static final class InvalidConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
      super(message);
    }
  }
}
