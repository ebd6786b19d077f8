package dev.fastfn.console;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks cron expressions as fn.config.json {@code schedule.cron} accepts them: a macro
 * ({@code @yearly @annually @monthly @weekly @daily @midnight @hourly}) or 5 fields
 * (minute hour day-of-month month day-of-week), or 6 with seconds first. Fields take {@code *},
 * {@code ?} (day fields), numbers, names (JAN-DEC, SUN-SAT), ranges {@code a-b}, steps {@code /n}
 * and lists; every number must be within its field's range (Q12: {@code 75 * * * *} is refused).
 * Pure; returns an error message or null.
 */
final class CronSyntax {
  static final Set<String> MACROS = Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight",
      "@hourly");
  private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
      "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private record Field(String name, int min, int max, List<String> names, int nameBase, boolean question) {}

  private static final Field SECOND = new Field("second", 0, 59, List.of(), 0, false);
  private static final Field MINUTE = new Field("minute", 0, 59, List.of(), 0, false);
  private static final Field HOUR = new Field("hour", 0, 23, List.of(), 0, false);
  private static final Field DOM = new Field("day-of-month", 1, 31, List.of(), 0, true);
  private static final Field MONTH = new Field("month", 1, 12, MONTHS, 1, false);
  private static final Field DOW = new Field("day-of-week", 0, 7, DAYS, 0, true);
  private static final Map<Integer, List<Field>> LAYOUTS = Map.of(
      5, List.of(MINUTE, HOUR, DOM, MONTH, DOW),
      6, List.of(SECOND, MINUTE, HOUR, DOM, MONTH, DOW));

  private CronSyntax() {}

  /** Null when {@code expr} is acceptable, else why not. */
  static String check(String expr) {
    String e = expr.trim();
    if (e.startsWith("@")) {
      return MACROS.contains(e.toLowerCase(Locale.ROOT)) ? null
          : "unknown macro " + e + " (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)";
    }
    String[] parts = e.split("\\s+");
    List<Field> layout = LAYOUTS.get(parts.length);
    if (layout == null) {
      return "must have 5 or 6 fields (got " + parts.length + ")";
    }
    for (int i = 0; i < parts.length; i++) {
      String err = checkField(parts[i], layout.get(i));
      if (err != null) {
        return err;
      }
    }
    return null;
  }

  private static String checkField(String text, Field f) {
    if (text.equals("?")) {
      return f.question() ? null : "'?' is only allowed in the day fields";
    }
    for (String item : text.split(",", -1)) {
      String err = checkItem(item, f);
      if (err != null) {
        return err;
      }
    }
    return null;
  }

  private static String checkItem(String item, Field f) {
    if (item.isEmpty()) {
      return f.name() + " has an empty list item";
    }
    String base = item;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      base = item.substring(0, slash);
      String step = item.substring(slash + 1);
      if (!step.matches("\\d{1,3}") || Integer.parseInt(step) == 0 || Integer.parseInt(step) > f.max()) {
        return f.name() + " step '" + step + "' must be a number from 1 to " + f.max();
      }
    }
    if (base.equals("*")) {
      return null;
    }
    int dash = base.indexOf('-');
    if (dash > 0) {
      Integer lo = value(base.substring(0, dash), f);
      Integer hi = value(base.substring(dash + 1), f);
      if (lo == null || hi == null) {
        return f.name() + " value '" + base + "' is out of range " + f.min() + "-" + f.max();
      }
      if (lo > hi) {
        return f.name() + " range '" + base + "' is reversed";
      }
      return null;
    }
    return value(base, f) == null ? f.name() + " value '" + base + "' is out of range " + f.min() + "-" + f.max()
        : null;
  }

  private static Integer value(String s, Field f) {
    if (s.matches("\\d{1,4}")) {
      int v = Integer.parseInt(s);
      return v >= f.min() && v <= f.max() ? v : null;
    }
    int idx = f.names().indexOf(s.toUpperCase(Locale.ROOT));
    return idx < 0 ? null : idx + f.nameBase();
  }
}
