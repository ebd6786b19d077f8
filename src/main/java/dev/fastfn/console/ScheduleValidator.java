package dev.fastfn.console;

import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import dev.fastfn.schedule.ScheduleSpec;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates and normalizes a {@code schedule} object for fn.config.json (console-api.md §4.9 with D12
 * and Q12): {@code enabled}, {@code every_seconds} (&gt; 0) or {@code cron} (5/6 fields in range, or a
 * macro), {@code timezone} (UTC, local, Z, ±HH:MM or an IANA zone), {@code method}, {@code query},
 * {@code headers}, {@code context} (objects), {@code body} (a string; other JSON is serialized) and
 * {@code retry}. Unknown keys are refused. Pure.
 */
final class ScheduleValidator {
  private static final Set<String> KEYS = Set.of("enabled", "every_seconds", "cron", "timezone", "retry", "method",
      "query", "headers", "body", "context");
  private static final Set<String> RETRY_KEYS = Set.of("enabled", "max_attempts", "base_delay_seconds",
      "max_delay_seconds", "jitter");
  private static final Pattern OFFSET = Pattern.compile("[+-]\\d\\d:?\\d\\d");

  private ScheduleValidator() {}

  static ObjectNode validate(JsonNode s) {
    if (!s.isObject()) {
      throw new FnHttpException.BadRequest("schedule must be an object");
    }
    ConfigValues.onlyKeys(s, KEYS, "schedule.");
    ObjectNode out = HttpJson.object();
    if (s.has("enabled") && !s.get("enabled").isNull()) {
      out.put("enabled", ConfigValues.bool(s.get("enabled"), "schedule.enabled"));
    }
    JsonNode every = s.get("every_seconds");
    if (every != null && !every.isNull()) {
      out.put("every_seconds", ConfigValues.number(every, "schedule.every_seconds", 1, 10L * 365 * 24 * 3600));
    }
    JsonNode cron = s.get("cron");
    if (cron != null && !cron.isNull()) {
      if (!cron.isString()) {
        throw new FnHttpException.BadRequest("schedule.cron must be a string or null");
      }
      String c = cron.stringValue().trim();
      if (c.isEmpty()) {
        throw new FnHttpException.BadRequest("schedule.cron must be a non-empty string");
      }
      String err = CronSyntax.check(c);
      if (err != null) {
        throw new FnHttpException.BadRequest("schedule.cron is invalid: " + err);
      }
      out.put("cron", c);
    }
    if (out.has("every_seconds") && out.has("cron")) {
      throw new FnHttpException.BadRequest("schedule takes every_seconds or cron, not both");
    }
    if (out.path("enabled").asBoolean(false) && !out.has("every_seconds") && !out.has("cron")) {
      throw new FnHttpException.BadRequest("an enabled schedule needs every_seconds or cron");
    }
    JsonNode tz = s.get("timezone");
    if (tz != null && !tz.isNull()) {
      out.put("timezone", timezone(tz));
    }
    JsonNode retry = s.get("retry");
    if (retry != null) {
      out.set("retry", retry(retry));
    }
    JsonNode method = s.get("method");
    if (method != null && !method.isNull()) {
      String m = method.isString() ? method.stringValue().trim().toUpperCase(Locale.ROOT) : "";
      if (!FunctionPolicy.ALL_METHODS.contains(m)) {
        throw new FnHttpException.BadRequest("schedule.method must be a valid HTTP method (GET, POST, PUT, PATCH, DELETE)");
      }
      out.put("method", m);
    }
    for (String k : new String[] {"query", "headers", "context"}) {
      JsonNode v = s.get(k);
      if (v != null && !v.isNull()) {
        if (!v.isObject()) {
          throw new FnHttpException.BadRequest("schedule." + k + " must be an object");
        }
        out.set(k, v.deepCopy());
      }
    }
    JsonNode body = s.get("body");
    if (body != null && !body.isNull()) {
      out.put("body", body.isString() ? body.stringValue() : HttpJson.MAPPER.writeValueAsString(body));
    }
    // The scheduler must be able to run whatever the console accepts: same parser, same verdict.
    if (ScheduleSpec.parse(out) instanceof ScheduleSpec.Parsed.Invalid invalid) {
      throw new FnHttpException.BadRequest(invalid.error());
    }
    return out;
  }

  private static String timezone(JsonNode tz) {
    if (!tz.isString()) {
      throw new FnHttpException.BadRequest("schedule.timezone must be a string or null");
    }
    String t = tz.stringValue().trim();
    if (t.isEmpty()) {
      throw new FnHttpException.BadRequest("schedule.timezone must be non-empty when set");
    }
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.equals("utc") || lower.equals("local") || t.equals("Z") || OFFSET.matcher(t).matches()) {
      return lower.equals("utc") ? "UTC" : lower.equals("local") ? "local" : t;
    }
    if (t.contains("/") || t.matches("[A-Za-z]+")) {
      try {
        return ZoneId.of(t).getId();
      } catch (DateTimeException e) {
        // fall through to the error below
      }
    }
    throw new FnHttpException.BadRequest(
        "schedule.timezone must be UTC, local, Z, a fixed offset (+HH:MM) or an IANA zone such as Europe/Madrid (got '"
            + t + "')");
  }

  private static JsonNode retry(JsonNode r) {
    if (r.isNull() || r.isBoolean()) {
      return r.deepCopy();
    }
    if (!r.isObject()) {
      throw new FnHttpException.BadRequest("schedule.retry must be a boolean, object, or null");
    }
    if (r.isEmpty()) {
      throw new FnHttpException.BadRequest("schedule.retry must include at least one field");
    }
    ConfigValues.onlyKeys(r, RETRY_KEYS, "schedule.retry.");
    ObjectNode out = HttpJson.object();
    if (r.has("enabled")) {
      out.put("enabled", ConfigValues.bool(r.get("enabled"), "schedule.retry.enabled"));
    }
    if (r.has("max_attempts")) {
      out.put("max_attempts", ConfigValues.number(r.get("max_attempts"), "schedule.retry.max_attempts", 1, 10));
    }
    if (r.has("base_delay_seconds")) {
      out.put("base_delay_seconds",
          ConfigValues.number(r.get("base_delay_seconds"), "schedule.retry.base_delay_seconds", 0, 3600));
    }
    if (r.has("max_delay_seconds")) {
      out.put("max_delay_seconds",
          ConfigValues.number(r.get("max_delay_seconds"), "schedule.retry.max_delay_seconds", 0, 3600));
    }
    if (out.has("base_delay_seconds") && out.has("max_delay_seconds")
        && out.get("max_delay_seconds").asLong() < out.get("base_delay_seconds").asLong()) {
      throw new FnHttpException.BadRequest("schedule.retry.max_delay_seconds must be >= base_delay_seconds");
    }
    if (r.has("jitter")) {
      JsonNode j = r.get("jitter");
      if (!j.isNumber() || j.doubleValue() < 0 || j.doubleValue() > 0.5) {
        throw new FnHttpException.BadRequest("schedule.retry.jitter must be a number from 0 to 0.5");
      }
      out.put("jitter", j.doubleValue());
    }
    return out;
  }
}
