package dev.fastfn.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Parses cron text: 5 fields ({@code min hour dom mon dow}) or 6 ({@code sec min hour dom mon dow}),
 * lists, ranges, steps, month and weekday names (any case), weekday 7 = Sunday, {@code ?} = any, and
 * the macros {@code @yearly @annually @monthly @weekly @daily @midnight @hourly}. When both day fields
 * are restricted a day matches either (Vixie cron). Ranges must be ascending and values in range;
 * anything else is an error (we do not silently repair expressions, Q12).
 */
final class CronExpressions {
  private static final Map<String, String> MACROS = Map.of(
      "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
      "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
  private static final CronParser FIVE = new CronParser(definition(false));
  private static final CronParser SIX = new CronParser(definition(true));

  private CronExpressions() {}

  /** An evaluator for {@code expression}, or IllegalArgumentException with a message naming the cron. */
  static ExecutionTime parse(String expression) {
    String text = expression.trim();
    String expanded = text;
    if (text.startsWith("@")) {
      expanded = MACROS.get(text.toLowerCase(Locale.ROOT));
      if (expanded == null) {
        throw invalid(text, "unknown macro " + text
            + " (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)");
      }
    }
    String[] fields = expanded.split("\\s+");
    if (fields.length != 5 && fields.length != 6) {
      throw invalid(text, "cron must have 5 or 6 fields, got " + fields.length);
    }
    // '?' means "any" here; cron-utils would switch to Quartz semantics (AND of both day fields) for it.
    String normalized = String.join(" ", Arrays.stream(fields).map(f -> f.equals("?") ? "*" : f).toList())
        .toUpperCase(Locale.ROOT);
    Cron cron;
    try {
      cron = (fields.length == 5 ? FIVE : SIX).parse(normalized);
      cron.validate();
    } catch (IllegalArgumentException e) {
      String msg = String.valueOf(e.getMessage()).replace("Failed to parse cron expression. ", "")
          .replace("Failed to parse '" + normalized + "'. ", "");
      throw invalid(text, msg.isEmpty() ? "cannot parse" : Character.toLowerCase(msg.charAt(0)) + msg.substring(1));
    }
    ExecutionTime et = ExecutionTime.forCron(cron);
    // An expression that can never match (Feb 30) is a mistake, not a schedule.
    if (et.nextExecution(ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)).isEmpty()) {
      throw invalid(text, "it never fires");
    }
    return et;
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid cron '" + text + "': " + why);
  }

  private static CronDefinition definition(boolean seconds) {
    CronDefinitionBuilder b = CronDefinitionBuilder.defineCron();
    if (seconds) {
      b = b.withSeconds().withValidRange(0, 59).withStrictRange().and();
    }
    return b.withMinutes().withValidRange(0, 59).withStrictRange().and()
        .withHours().withValidRange(0, 23).withStrictRange().and()
        .withDayOfMonth().withValidRange(1, 31).withStrictRange().and()
        .withMonth().withValidRange(1, 12).withStrictRange().and()
        .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).withStrictRange().and()
        .instance();
  }
}
