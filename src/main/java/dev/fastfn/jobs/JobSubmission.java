package dev.fastfn.jobs;

import dev.fastfn.config.JobsSettings;
import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.discovery.RouteEntry;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated {@code POST /_fn/jobs} body. {@link #parse} checks, in this order (first failure wins,
 * platform.md §2.3 with our additions): jobs enabled (404), the body is an object (400), name (400),
 * version (400), runtime (400), the function exists (404) and is not ambiguous (409, D4), method (400,
 * then 405 + Allow from the policy), route and params (400), body size (413), query/headers/context
 * shapes (400), max_attempts and retry_delay_ms (400 when not integers; out-of-range values fall back or
 * are clamped), run_at / delay_ms (400).
 *
 * @param runAt when the job becomes due
 */
record JobSubmission(FunctionSpec fn, String method, JobRequest request, int maxAttempts, long retryDelayMs,
    Instant runAt) {

  static final long DEFAULT_RETRY_DELAY_MS = 1000;
  /** Longest retry base delay or start delay a client may ask for. */
  static final long MAX_DELAY_MS = Duration.ofDays(30).toMillis();
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._/\\-\\\\\\[\\]@]+$");
  private static final Pattern VERSION = Pattern.compile("^[a-zA-Z0-9_.-]+$");
  private static final Pattern RUNTIME = Pattern.compile("^[a-zA-Z0-9_-]+$");
  private static final BigDecimal MIN_LONG = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal MAX_LONG = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final Pattern PARAM = Pattern.compile("^(?::([A-Za-z0-9_]+)(\\*)?|\\{([A-Za-z0-9_]+)(\\*)?})$");

  static JobSubmission parse(JsonNode payload, Catalog catalog, JobsSettings settings, Instant now) {
    if (!settings.enabled()) {
      throw new FnHttpException.NotFound("jobs disabled");
    }
    if (!(payload instanceof ObjectNode body)) {
      // Exact string is public API (platform.md §2.3 step 1)
      throw new FnHttpException.BadRequest("payload must be an object");
    }
    String name = optionalString(body, "name");
    if (name == null) {
      throw new FnHttpException.BadRequest("name is required");
    }
    if (name.startsWith("/") || name.contains("..") || !NAME.matcher(name).matches()) {
      throw new FnHttpException.BadRequest("invalid name");
    }
    String version = optionalString(body, "version");
    if (version != null && !VERSION.matcher(version).matches()) {
      throw new FnHttpException.BadRequest("invalid version");
    }
    String runtimeName = optionalString(body, "runtime");
    if (runtimeName != null && !RUNTIME.matcher(runtimeName).matches()) {
      throw new FnHttpException.BadRequest("invalid runtime");
    }
    RuntimeKind runtime = null;
    if (runtimeName != null) {
      runtime = RuntimeKind.parse(runtimeName)
          .filter(catalog.runtimeOrder()::contains)
          .orElseThrow(() -> new FnHttpException.NotFound("unknown runtime: " + runtimeName));
    }
    FunctionSpec fn = switch (catalog.lookup(runtime, name, version)) {
      case Catalog.Lookup.Found f -> f.spec();
      case Catalog.Lookup.NotFound n -> throw new FnHttpException.NotFound("unknown function or version");
      case Catalog.Lookup.Ambiguous a -> throw new FnHttpException.Conflict(
          "function '" + name + "' exists in several runtimes (" + String.join(", ", a.runtimes())
              + "); pass runtime", Map.of("runtimes", a.runtimes()));
    };
    String method = optionalString(body, "method");
    method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
    if (!FunctionPolicy.ALL_METHODS.contains(method)) {
      throw new FnHttpException.BadRequest("unsupported method");
    }
    if (!fn.policy().methods().contains(method)) {
      throw new FnHttpException.MethodNotAllowed(fn.policy().methods());
    }
    Map<String, String> params = params(body.get("params"));
    String template = route(body.get("route"), catalog, fn, method);
    String path = template == null ? defaultPath(fn) : interpolate(template, params);
    String text = bodyText(body.get("body"));
    if (text.getBytes(StandardCharsets.UTF_8).length > fn.policy().maxBodyBytes()) {
      throw new FnHttpException.PayloadTooLarge();
    }
    Map<String, Object> query = stringTable(body.get("query"), "query");
    Map<String, Object> headers = new LinkedHashMap<>();
    stringTable(body.get("headers"), "headers").forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    headers.remove("x-fn-admin-token"); // D9: a gateway credential never reaches a handler
    JsonNode context = body.get("context");
    if (context != null && !context.isNull() && !context.isObject()) {
      throw new FnHttpException.BadRequest("context must be an object");
    }
    // platform.md §2.3 step 13: below 1 means 1; our cap (FN_JOBS_MAX_ATTEMPTS, documented) applies
    // silently too, so no message names a bound the reference does not have.
    int maxAttempts = (int) Math.clamp(integer(body, "max_attempts", 1), 1, settings.maxAttempts());
    long retryDelay = integer(body, "retry_delay_ms", DEFAULT_RETRY_DELAY_MS);
    if (retryDelay < 0) {
      retryDelay = DEFAULT_RETRY_DELAY_MS; // platform.md §2.3 step 13: negative means the default
    }
    if (retryDelay > MAX_DELAY_MS) {
      throw new FnHttpException.BadRequest("retry_delay_ms must be at most " + MAX_DELAY_MS + " (30 days)");
    }
    Instant runAt = runAt(body, now);
    JobRequest request = new JobRequest(path, template, query, headers, text,
        context == null || context.isNull() ? null : context, params);
    return new JobSubmission(fn, method, request, maxAttempts, retryDelay, runAt);
  }

  private static String optionalString(ObjectNode body, String key) {
    JsonNode v = body.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw new FnHttpException.BadRequest(key + " must be a string");
    }
    String s = v.asString().trim();
    return s.isEmpty() ? null : s;
  }

  private static long integer(ObjectNode body, String key, long def, long min, long max) {
    long n = integer(body, key, def);
    if (n < min || n > max) {
      throw new FnHttpException.BadRequest(key + " must be between " + min + " and " + max);
    }
    return n;
  }

  /** An integral number (2.0 counts), saturated to the long range; null or absent = {@code def}. */
  private static long integer(ObjectNode body, String key, long def) {
    JsonNode v = body.get(key);
    if (v == null || v.isNull()) {
      return def;
    }
    if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
      throw new FnHttpException.BadRequest(key + " must be an integer");
    }
    // Saturate instead of wrapping, so 1e30 clamps like any other large value.
    return v.decimalValue().max(MIN_LONG).min(MAX_LONG).longValue();
  }

  /** run_at (epoch ms or ISO-8601 with offset) or delay_ms; neither = now. A past run_at runs at once. */
  private static Instant runAt(ObjectNode body, Instant now) {
    JsonNode at = body.get("run_at");
    boolean hasAt = at != null && !at.isNull();
    boolean hasDelay = body.hasNonNull("delay_ms");
    if (hasAt && hasDelay) {
      throw new FnHttpException.BadRequest("give run_at or delay_ms, not both");
    }
    if (hasDelay) {
      return now.plusMillis(integer(body, "delay_ms", 0, 0, MAX_DELAY_MS));
    }
    if (!hasAt) {
      return now;
    }
    Instant when;
    if (at.isNumber()) {
      when = Instant.ofEpochMilli(integer(body, "run_at", 0, 0, Long.MAX_VALUE / 2));
    } else if (at.isString()) {
      try {
        when = OffsetDateTime.parse(at.asString().trim()).toInstant();
      } catch (DateTimeParseException e) {
        throw new FnHttpException.BadRequest("run_at must be epoch milliseconds or an ISO-8601 time with offset");
      }
    } else {
      throw new FnHttpException.BadRequest("run_at must be epoch milliseconds or an ISO-8601 time with offset");
    }
    if (when.isAfter(now.plusMillis(MAX_DELAY_MS))) {
      throw new FnHttpException.BadRequest("run_at is more than 30 days ahead");
    }
    return when.isBefore(now) ? now : when;
  }

  private static Map<String, String> params(JsonNode v) {
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject()) {
      throw new FnHttpException.BadRequest("params must be a JSON object");
    }
    for (var e : v.properties()) {
      if (e.getKey().isEmpty()) {
        throw new FnHttpException.BadRequest("params keys must be non-empty strings");
      }
      JsonNode val = e.getValue();
      if (val.isNull()) {
        continue;
      }
      if (val.isContainer()) {
        throw new FnHttpException.BadRequest("params values must be strings, numbers or booleans");
      }
      out.put(e.getKey(), val.asString());
    }
    return out;
  }

  /**
   * The route template: the given {@code route}, else the first (in sort order) mapped public route of
   * this function that admits the method, else null (the path is then "/name").
   */
  private static String route(JsonNode v, Catalog catalog, FunctionSpec fn, String method) {
    if (v != null && !v.isNull()) {
      if (!v.isString()) {
        throw new FnHttpException.BadRequest("route must be a string when provided");
      }
      return normalizeRoute(v.asString());
    }
    TreeSet<String> candidates = new TreeSet<>();
    for (var e : catalog.mappedRoutes().entrySet()) {
      for (RouteEntry r : e.getValue()) {
        if (r.functionKey().equals(fn.key()) && r.methods().contains(method)) {
          candidates.add(e.getKey());
        }
      }
    }
    return candidates.isEmpty() ? null : candidates.first();
  }

  static String normalizeRoute(String raw) {
    String r = raw.trim().replaceAll("/{2,}", "/");
    if (!r.startsWith("/") || r.contains("..")) {
      throw new FnHttpException.BadRequest("invalid route");
    }
    if (r.length() > 1 && r.endsWith("/")) {
      r = r.substring(0, r.length() - 1);
    }
    if (r.equals("/_fn") || r.startsWith("/_fn/") || r.equals("/console") || r.startsWith("/console/")) {
      throw new FnHttpException.BadRequest("invalid route");
    }
    return r;
  }

  /** Fills {@code :name}, {@code {name}} (URL-escaped) and {@code :name*} (per segment) from params. */
  static String interpolate(String template, Map<String, String> params) {
    List<String> missing = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    for (String seg : template.split("/", -1)) {
      if (out.length() > 0 || !seg.isEmpty()) {
        out.append('/');
      }
      var m = PARAM.matcher(seg);
      if (!m.matches()) {
        out.append(seg);
        continue;
      }
      String name = m.group(1) != null ? m.group(1) : m.group(3);
      boolean rest = m.group(2) != null || m.group(4) != null;
      String value = params.get(name);
      if (value == null || value.isEmpty()) {
        missing.add(name);
        continue;
      }
      if (rest) {
        List<String> parts = new ArrayList<>();
        for (String p : value.split("/")) {
          parts.add(escape(p));
        }
        out.append(String.join("/", parts));
      } else {
        out.append(escape(value));
      }
    }
    if (!missing.isEmpty()) {
      throw new FnHttpException.BadRequest("missing required path params: " + String.join(", ", missing));
    }
    String s = out.toString();
    return s.isEmpty() ? "/" : s.startsWith("/") ? s.replaceAll("/{2,}", "/") : "/" + s;
  }

  private static String escape(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String defaultPath(FunctionSpec fn) {
    return "/" + fn.name() + (fn.version() == null ? "" : "@" + fn.version());
  }

  /** null = "", strings as they are, anything else as JSON text (platform.md §2.3 step 11). */
  private static String bodyText(JsonNode v) {
    if (v == null || v.isNull()) {
      return "";
    }
    if (v.isString()) {
      return v.asString();
    }
    return HttpJson.MAPPER.writeValueAsString(v);
  }

  /** An object whose values are scalars (stringified) or lists of scalars; null = empty. */
  private static Map<String, Object> stringTable(JsonNode v, String field) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject()) {
      throw new FnHttpException.BadRequest(field + " must be an object");
    }
    for (var e : v.properties()) {
      JsonNode val = e.getValue();
      if (val.isNull()) {
        continue;
      }
      if (val.isArray()) {
        List<String> list = new ArrayList<>();
        for (JsonNode item : val) {
          if (item.isContainer()) {
            throw new FnHttpException.BadRequest(field + " values must be strings or lists of strings");
          }
          list.add(item.asString());
        }
        out.put(e.getKey(), list);
      } else if (val.isObject()) {
        throw new FnHttpException.BadRequest(field + " values must be strings or lists of strings");
      } else {
        out.put(e.getKey(), val.asString());
      }
    }
    return out;
  }
}
