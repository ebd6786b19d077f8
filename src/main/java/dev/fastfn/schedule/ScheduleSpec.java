package dev.fastfn.schedule;

import dev.fastfn.discovery.FunctionPolicy;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated {@code schedule} object of {@code fn.config.json}. {@link #parse} is the one validator:
 * discovery output is checked with it by the scheduler, and the console calls it before writing a
 * config. Fields (platform.md §3.1, with IANA time zones per D12):
 *
 * <ul>
 *   <li>{@code enabled}: boolean, default false; a schedule runs only when true
 *   <li>{@code every_seconds} (number >= 1, floored) or {@code cron} (see {@link CronExpressions});
 *       when both are given every_seconds wins; an enabled schedule needs one of them
 *   <li>{@code timezone} (alias {@code tz}): IANA name, {@code UTC}/{@code Z}, {@code local}
 *       (server zone) or a fixed offset {@code ±HH:MM}; default UTC; only used by cron
 *   <li>{@code method} (default GET), {@code query} and {@code headers} (objects of strings or lists of
 *       strings), {@code body} (string; other JSON is sent as JSON text), {@code context} (object)
 *   <li>{@code retry}: true, false, or {@code {enabled, max_attempts (1..10), base_delay_seconds,
 *       max_delay_seconds (0..3600), jitter (0..0.5)}}, values clamped as in the reference
 * </ul>
 * Any other key is an error naming it.
 *
 * @param schedule when it fires; null when neither every_seconds nor cron is set
 * @param configured the object as configured (method upper-cased, {@code tz} renamed to {@code timezone}),
 *     shown by {@code GET /_fn/schedules}
 */
public record ScheduleSpec(
    boolean enabled,
    Schedule schedule,
    String method,
    Map<String, Object> query,
    Map<String, Object> headers,
    String body,
    JsonNode context,
    RetryPolicy retry,
    ObjectNode configured) {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> KEYS = Set.of("enabled", "every_seconds", "cron", "timezone", "tz", "method",
      "query", "headers", "body", "context", "retry");
  private static final Pattern OFFSET = Pattern.compile("^([+-])(\\d{2}):?(\\d{2})$");

  public ScheduleSpec {
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
    context = context == null ? null : context.deepCopy();
    configured = configured.deepCopy();
  }

  /** Result of {@link #parse}. */
  public sealed interface Parsed {
    record Valid(ScheduleSpec spec) implements Parsed {}

    /** @param error message for a 400 or the schedules listing; cron problems contain "cron" */
    record Invalid(String error) implements Parsed {}
  }

  /** True when the schedule will run. */
  public boolean active() {
    return enabled && schedule != null;
  }

  /** Validates a {@code schedule} value. */
  public static Parsed parse(JsonNode node) {
    try {
      return new Parsed.Valid(parseOrThrow(node));
    } catch (IllegalArgumentException e) {
      return new Parsed.Invalid(e.getMessage());
    }
  }

  private static ScheduleSpec parseOrThrow(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("schedule must be an object");
    }
    for (String key : node.propertyNames()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("schedule: unknown key '" + key + "'");
      }
    }
    ObjectNode configured = ((ObjectNode) node).deepCopy();
    JsonNode enabledNode = node.get("enabled");
    if (enabledNode != null && !enabledNode.isNull() && !enabledNode.isBoolean()) {
      throw new IllegalArgumentException("schedule.enabled must be true or false");
    }
    boolean enabled = enabledNode != null && enabledNode.asBoolean(false);
    JsonNode tzNode = node.has("timezone") ? node.get("timezone") : node.get("tz");
    ZoneId zone = zone(tzNode);
    if (node.has("tz") && !node.has("timezone")) {
      configured.set("timezone", configured.remove("tz"));
    }
    Schedule schedule = null;
    JsonNode every = node.get("every_seconds");
    JsonNode cron = node.get("cron");
    if (every != null && !every.isNull()) {
      if (!every.isNumber() || every.asDouble() < 1) {
        throw new IllegalArgumentException("schedule.every_seconds must be a number >= 1");
      }
      schedule = new Schedule.Every((long) Math.floor(every.asDouble()));
    }
    if (cron != null && !cron.isNull()) {
      if (!cron.isString() || cron.asString().isBlank()) {
        throw new IllegalArgumentException("schedule.cron must be a non-empty string");
      }
      Schedule.Cron c = new Schedule.Cron(cron.asString().trim(), zone, CronExpressions.parse(cron.asString()));
      if (schedule == null) {
        schedule = c;
      }
    }
    if (enabled && schedule == null) {
      throw new IllegalArgumentException("an enabled schedule needs every_seconds or cron");
    }
    String method = "GET";
    JsonNode m = node.get("method");
    if (m != null && !m.isNull()) {
      method = m.isString() ? m.asString().trim().toUpperCase(Locale.ROOT) : "";
      if (!FunctionPolicy.ALL_METHODS.contains(method)) {
        throw new IllegalArgumentException("schedule.method must be one of " + String.join(", ", FunctionPolicy.ALL_METHODS));
      }
      configured.put("method", method);
    }
    Map<String, Object> query = table(node.get("query"), "query");
    Map<String, Object> headers = new LinkedHashMap<>();
    table(node.get("headers"), "headers").forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    JsonNode bodyNode = node.get("body");
    String body = bodyNode == null || bodyNode.isNull() ? ""
        : bodyNode.isString() ? bodyNode.asString() : JSON.writeValueAsString(bodyNode);
    JsonNode context = node.get("context");
    if (context != null && !context.isNull() && !context.isObject()) {
      throw new IllegalArgumentException("schedule.context must be an object");
    }
    return new ScheduleSpec(enabled, schedule, method, query, headers, body,
        context == null || context.isNull() ? null : context, retry(node.get("retry")), configured);
  }

  private static ZoneId zone(JsonNode tz) {
    if (tz == null || tz.isNull()) {
      return ZoneOffset.UTC;
    }
    if (!tz.isString() || tz.asString().isBlank()) {
      throw new IllegalArgumentException("schedule.timezone must be a non-empty string");
    }
    String s = tz.asString().trim();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals("utc") || s.equals("Z")) {
      return ZoneOffset.UTC;
    }
    if (lower.equals("local")) {
      return ZoneId.systemDefault();
    }
    Matcher off = OFFSET.matcher(s);
    if (off.matches()) {
      int h = Integer.parseInt(off.group(2));
      int mm = Integer.parseInt(off.group(3));
      if (h > 23 || mm > 59) {
        throw new IllegalArgumentException("schedule.timezone: invalid offset '" + s + "'");
      }
      int sign = off.group(1).equals("-") ? -1 : 1;
      return ZoneOffset.ofHoursMinutes(sign * h, sign * mm);
    }
    try {
      return ZoneId.of(s);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("schedule.timezone: unknown time zone '" + s + "'");
    }
  }

  private static Map<String, Object> table(JsonNode v, String field) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject()) {
      throw new IllegalArgumentException("schedule." + field + " must be an object");
    }
    for (var e : v.properties()) {
      JsonNode val = e.getValue();
      if (val.isNull()) {
        continue;
      }
      if (val.isObject() || val.isArray() && val.valueStream().anyMatch(JsonNode::isContainer)) {
        throw new IllegalArgumentException("schedule." + field + " values must be strings or lists of strings");
      }
      out.put(e.getKey(), val.isArray() ? val.valueStream().map(JsonNode::asString).toList() : val.asString());
    }
    return out;
  }

  private static RetryPolicy retry(JsonNode r) {
    if (r == null || r.isNull() || r.isBoolean() && !r.asBoolean()) {
      return RetryPolicy.NONE;
    }
    if (r.isBoolean()) {
      return RetryPolicy.DEFAULTS;
    }
    if (!r.isObject()) {
      throw new IllegalArgumentException("schedule.retry must be true, false or an object");
    }
    JsonNode en = r.get("enabled");
    if (en != null && !en.isNull() && !en.isBoolean()) {
      throw new IllegalArgumentException("schedule.retry.enabled must be true or false");
    }
    if (en != null && en.isBoolean() && !en.asBoolean()) {
      return RetryPolicy.NONE;
    }
    RetryPolicy d = RetryPolicy.DEFAULTS;
    int max = (int) Math.round(clamp(number(r, List.of("max_attempts", "maxAttempts", "attempts"), d.maxAttempts()), 1, 10));
    double base = clamp(number(r, List.of("base_delay_seconds", "baseDelaySeconds", "delay_seconds", "delaySeconds"),
        d.baseDelaySeconds()), 0, 3600);
    double maxDelay = Math.max(base, clamp(number(r, List.of("max_delay_seconds", "maxDelaySeconds"),
        d.maxDelaySeconds()), 0, 3600));
    double jitter = clamp(number(r, List.of("jitter"), d.jitter()), 0, 0.5);
    return new RetryPolicy(true, max, base, maxDelay, jitter);
  }

  private static double number(JsonNode r, List<String> names, double def) {
    for (String n : names) {
      JsonNode v = r.get(n);
      if (v != null && !v.isNull()) {
        if (!v.isNumber()) {
          throw new IllegalArgumentException("schedule.retry." + names.get(0) + " must be a number");
        }
        return v.asDouble();
      }
    }
    return def;
  }

  private static double clamp(double v, double min, double max) {
    return Math.max(min, Math.min(max, v));
  }
}
