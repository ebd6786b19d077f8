package dev.fastfn.console;

import dev.fastfn.gateway.FnHttpException;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Typed reads of config PUT values; every failure is a 400 naming the key. */
final class ConfigValues {
  private ConfigValues() {}

  /** A JSON number or numeric string, floored, at least {@code min}. */
  static long number(JsonNode v, String key, long min, long max) {
    Double d = null;
    if (v.isNumber()) {
      d = v.doubleValue();
    } else if (v.isString()) {
      try {
        d = Double.parseDouble(v.stringValue().trim());
      } catch (NumberFormatException e) {
        d = null;
      }
    }
    String bound = min == 0 ? ">= 0" : min == 1 ? "> 0" : ">= " + min;
    if (d == null || d.isNaN() || d.isInfinite()) {
      throw new FnHttpException.BadRequest(key + " must be a number " + bound + " (got " + v + ")");
    }
    double floored = Math.floor(d);
    if (floored < min) {
      throw new FnHttpException.BadRequest(key + " must be " + bound + " (got " + v + ")");
    }
    if (floored > max) {
      throw new FnHttpException.BadRequest(key + " must be <= " + max + " (got " + v + ")");
    }
    return (long) floored;
  }

  static boolean bool(JsonNode v, String key) {
    if (!v.isBoolean()) {
      throw new FnHttpException.BadRequest(key + " must be true or false (got " + v + ")");
    }
    return v.booleanValue();
  }

  static String string(JsonNode v, String key, int maxLen) {
    if (!v.isString()) {
      throw new FnHttpException.BadRequest(key + " must be a string (got " + v + ")");
    }
    String s = v.stringValue().trim();
    if (s.length() > maxLen) {
      throw new FnHttpException.BadRequest(key + " must be at most " + maxLen + " characters");
    }
    return s;
  }

  static void object(JsonNode v, String key) {
    if (!v.isObject()) {
      throw new FnHttpException.BadRequest(key + " must be an object (got " + v + ")");
    }
  }

  /** 400 naming every key of {@code obj} that is not in {@code allowed}. */
  static void onlyKeys(JsonNode obj, Set<String> allowed, String prefix) {
    Set<String> unknown = new TreeSet<>();
    for (String k : obj.propertyNames()) {
      if (!allowed.contains(k)) {
        unknown.add(prefix + k);
      }
    }
    if (!unknown.isEmpty()) {
      throw new FnHttpException.BadRequest("unknown config key(s): " + String.join(", ", unknown));
    }
  }
}
