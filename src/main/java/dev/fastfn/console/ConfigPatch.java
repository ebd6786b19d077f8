package dev.fastfn.console;

import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated change to {@code fn.config.json} from {@code PUT /_fn/function-config} (and the config
 * part of a create). Keys may be top-level or under {@code invoke}; when both are given the
 * {@code invoke} value wins. Every value is validated before anything is applied; an unknown key is a
 * 400 naming it (Q9), never silently dropped. {@code null} removes a setting.
 *
 * <p>Where things are stored (the layout discovery reads): limits, {@code include_debug_headers},
 * {@code group}, {@code response}, {@code schedule}, {@code shared_deps}, {@code worker_pool},
 * {@code keep_warm}, {@code edge} and {@code force-url} at the top level; {@code methods},
 * {@code routes}, {@code allow_hosts}, {@code summary}, {@code query}, {@code body},
 * {@code content_type}, {@code default_method}, {@code handler} and {@code adapter} under
 * {@code invoke}.
 */
final class ConfigPatch {
  private static final Set<String> INVOKE_KEYS = Set.of("methods", "routes", "route", "allow_hosts", "summary",
      "query", "body", "content_type", "default_method", "handler", "adapter", "force-url", "force_url", "forceUrl");
  private static final Set<String> TOP_ONLY = Set.of("timeout_ms", "max_concurrency", "max_body_bytes",
      "include_debug_headers", "group", "response", "schedule", "shared_deps", "sharedDeps", "deps", "worker_pool",
      "keep_warm", "edge", "invoke");
  private static final Set<String> WORKER_POOL_KEYS = Set.of("enabled", "max_workers", "max_queue", "queue_timeout_ms",
      "queue_poll_ms", "overflow_status", "min_warm", "idle_ttl_seconds");
  private static final Set<String> KEEP_WARM_KEYS = Set.of("enabled", "min_warm", "ping_every_seconds",
      "idle_ttl_seconds");
  private static final Set<String> EDGE_KEYS = Set.of("base_url", "allow_hosts", "allow_private", "max_response_bytes");
  private static final Set<String> ADAPTERS = Set.of("native", "none", "default", "aws-lambda", "lambda", "apigw-v2",
      "api-gateway-v2", "cloudflare-worker", "cloudflare-workers", "worker", "workers");
  private static final Pattern HOST = Pattern.compile("[a-z0-9*._:\\[\\]-]+");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final int MAX_ROUTES = 32;

  /** Top-level changes; a null value removes the key. */
  private final Map<String, JsonNode> top;
  /** Changes under invoke; a null value removes the key. */
  private final Map<String, JsonNode> invoke;

  private ConfigPatch(Map<String, JsonNode> top, Map<String, JsonNode> invoke) {
    this.top = top;
    this.invoke = invoke;
  }

  boolean isEmpty() {
    return top.isEmpty() && invoke.isEmpty();
  }

  /** Validates a request body; throws 400 on the first problem. */
  static ConfigPatch parse(ObjectNode body) {
    Set<String> allowedTop = new LinkedHashSet<>(TOP_ONLY);
    allowedTop.addAll(INVOKE_KEYS);
    ConfigValues.onlyKeys(body, allowedTop, "");
    JsonNode inv = body.get("invoke");
    if (inv != null && !inv.isNull()) {
      ConfigValues.object(inv, "invoke");
      ConfigValues.onlyKeys(inv, INVOKE_KEYS, "invoke.");
    }
    // invoke.* wins over the same key at the top level
    ObjectNode merged = HttpJson.object();
    for (String k : INVOKE_KEYS) {
      if (body.has(k)) {
        merged.set(k, body.get(k));
      }
    }
    if (inv != null && inv.isObject()) {
      boolean invokeRoutes = inv.has("routes") || inv.has("route");
      if (invokeRoutes) {
        merged.remove("routes");
        merged.remove("route");
      }
      for (String k : inv.propertyNames()) {
        merged.set(k, inv.get(k));
      }
    }
    Map<String, JsonNode> top = new LinkedHashMap<>();
    Map<String, JsonNode> invoke = new LinkedHashMap<>();
    limits(body, top);
    if (body.has("include_debug_headers")) {
      top.put("include_debug_headers", nullable(body.get("include_debug_headers"),
          v -> HttpJson.MAPPER.getNodeFactory().booleanNode(ConfigValues.bool(v, "include_debug_headers"))));
    }
    if (body.has("group")) {
      top.put("group", nullable(body.get("group"), v -> {
        String g = ConfigValues.string(v, "group", 80);
        return g.isEmpty() ? null : HttpJson.MAPPER.getNodeFactory().stringNode(g);
      }));
    }
    if (body.has("response")) {
      top.put("response", nullable(body.get("response"), ConfigPatch::response));
    }
    if (body.has("schedule")) {
      top.put("schedule", nullable(body.get("schedule"), ScheduleValidator::validate));
    }
    sharedDeps(body, top);
    if (body.has("worker_pool")) {
      top.put("worker_pool", nullable(body.get("worker_pool"), ConfigPatch::workerPool));
    }
    if (body.has("keep_warm")) {
      top.put("keep_warm", nullable(body.get("keep_warm"), ConfigPatch::keepWarm));
    }
    if (body.has("edge")) {
      top.put("edge", nullable(body.get("edge"), ConfigPatch::edge));
    }
    invokeKeys(merged, top, invoke);
    return new ConfigPatch(top, invoke);
  }

  /** The merged config: {@code existing} (not modified) with this patch applied. */
  ObjectNode applyTo(ObjectNode existing) {
    ObjectNode out = existing.deepCopy();
    for (Map.Entry<String, JsonNode> e : top.entrySet()) {
      if (e.getKey().equals("force-url")) {
        out.remove(List.of("force_url", "forceUrl"));
        if (out.get("invoke") instanceof ObjectNode oi) {
          oi.remove(List.of("force-url", "force_url", "forceUrl"));
        }
      }
      if (e.getValue() == null) {
        out.remove(e.getKey());
      } else {
        out.set(e.getKey(), e.getValue());
      }
    }
    if (!invoke.isEmpty()) {
      ObjectNode inv = out.get("invoke") instanceof ObjectNode o ? o : HttpJson.object();
      for (Map.Entry<String, JsonNode> e : invoke.entrySet()) {
        if (e.getKey().equals("routes")) {
          inv.remove("route"); // one list of routes from now on
        }
        if (e.getValue() == null) {
          inv.remove(e.getKey());
        } else {
          inv.set(e.getKey(), e.getValue());
        }
      }
      if (inv.isEmpty()) {
        out.remove("invoke");
      } else {
        out.set("invoke", inv);
      }
    }
    return out;
  }

  private static void limits(ObjectNode body, Map<String, JsonNode> top) {
    var f = HttpJson.MAPPER.getNodeFactory();
    if (body.has("timeout_ms")) {
      top.put("timeout_ms", nullable(body.get("timeout_ms"),
          v -> f.numberNode(ConfigValues.number(v, "timeout_ms", 1, Integer.MAX_VALUE))));
    }
    if (body.has("max_concurrency")) {
      top.put("max_concurrency", nullable(body.get("max_concurrency"),
          v -> f.numberNode(ConfigValues.number(v, "max_concurrency", 0, Integer.MAX_VALUE))));
    }
    if (body.has("max_body_bytes")) {
      top.put("max_body_bytes", nullable(body.get("max_body_bytes"),
          v -> f.numberNode(ConfigValues.number(v, "max_body_bytes", 1, Long.MAX_VALUE / 2))));
    }
  }

  private static void invokeKeys(ObjectNode m, Map<String, JsonNode> top, Map<String, JsonNode> invoke) {
    var f = HttpJson.MAPPER.getNodeFactory();
    if (m.has("methods")) {
      invoke.put("methods", nullable(m.get("methods"), ConfigPatch::methods));
    }
    if (m.has("routes") || m.has("route")) {
      List<JsonNode> given = new ArrayList<>();
      if (m.has("route")) {
        given.add(m.get("route"));
      }
      if (m.has("routes")) {
        given.add(m.get("routes"));
      }
      ArrayNode routes = routes(given);
      if (routes != null) {
        invoke.put("routes", routes.isEmpty() ? null : routes);
      }
    }
    if (m.has("allow_hosts")) {
      invoke.put("allow_hosts", nullable(m.get("allow_hosts"), ConfigPatch::allowHosts));
    }
    if (m.has("summary")) {
      invoke.put("summary", nullable(m.get("summary"), v -> f.stringNode(ConfigValues.string(v, "invoke.summary", 500))));
    }
    if (m.has("query")) {
      invoke.put("query", nullable(m.get("query"), v -> {
        ConfigValues.object(v, "invoke.query");
        return v.deepCopy();
      }));
    }
    if (m.has("body")) {
      invoke.put("body", nullable(m.get("body"), JsonNode::deepCopy));
    }
    if (m.has("content_type")) {
      invoke.put("content_type", nullable(m.get("content_type"),
          v -> f.stringNode(ConfigValues.string(v, "invoke.content_type", 200))));
    }
    if (m.has("default_method")) {
      invoke.put("default_method", nullable(m.get("default_method"), v -> {
        String s = ConfigValues.string(v, "invoke.default_method", 10).toUpperCase(Locale.ROOT);
        if (!FunctionPolicy.ALL_METHODS.contains(s)) {
          throw new FnHttpException.BadRequest("invoke.default_method must be one of GET, POST, PUT, PATCH, DELETE");
        }
        return f.stringNode(s);
      }));
    }
    if (m.has("handler")) {
      invoke.put("handler", nullable(m.get("handler"), v -> {
        String s = ConfigValues.string(v, "invoke.handler", 100);
        if (s.isEmpty()) {
          return null;
        }
        if (!IDENTIFIER.matcher(s).matches()) {
          throw new FnHttpException.BadRequest("invoke.handler must match ^[A-Za-z_][A-Za-z0-9_]*$");
        }
        return f.stringNode(s);
      }));
    }
    if (m.has("adapter")) {
      invoke.put("adapter", nullable(m.get("adapter"), v -> {
        String s = ConfigValues.string(v, "invoke.adapter", 40).toLowerCase(Locale.ROOT);
        if (!ADAPTERS.contains(s)) {
          throw new FnHttpException.BadRequest("invoke.adapter must be native, aws-lambda or cloudflare-worker");
        }
        return f.stringNode(s);
      }));
    }
    for (String alias : List.of("force-url", "force_url", "forceUrl")) {
      if (m.has(alias)) {
        top.put("force-url", nullable(m.get(alias), v -> f.booleanNode(ConfigValues.bool(v, alias))));
      }
    }
  }

  /** Methods as an array or a "get, post" string; unknown names are refused (Q9). */
  static ArrayNode methods(JsonNode v) {
    List<String> raw = new ArrayList<>();
    if (v.isArray()) {
      for (JsonNode m : v) {
        if (!m.isString()) {
          throw new FnHttpException.BadRequest("methods entries must be strings (got " + m + ")");
        }
        raw.add(m.stringValue());
      }
    } else if (v.isString()) {
      for (String part : v.stringValue().split("[\\s,]+")) {
        if (!part.isEmpty()) {
          raw.add(part);
        }
      }
    } else {
      throw new FnHttpException.BadRequest("methods must be an array of HTTP methods");
    }
    Set<String> out = new LinkedHashSet<>();
    for (String m : raw) {
      String u = m.trim().toUpperCase(Locale.ROOT);
      if (!FunctionPolicy.ALL_METHODS.contains(u)) {
        throw new FnHttpException.BadRequest(
            "methods: unsupported HTTP method '" + m.trim() + "' (allowed: GET, POST, PUT, PATCH, DELETE)");
      }
      out.add(u);
    }
    if (out.isEmpty()) {
      throw new FnHttpException.BadRequest("methods must include at least one of GET, POST, PUT, PATCH, DELETE");
    }
    ArrayNode a = HttpJson.MAPPER.createArrayNode();
    out.forEach(a::add);
    return a;
  }

  /** Normalized, deduplicated routes; null when every given value was null (no change). */
  static ArrayNode routes(List<JsonNode> values) {
    Set<String> out = new LinkedHashSet<>();
    boolean any = false;
    for (JsonNode v : values) {
      if (v == null || v.isNull()) {
        continue;
      }
      any = true;
      List<JsonNode> items = new ArrayList<>();
      if (v.isArray()) {
        v.forEach(items::add);
      } else {
        items.add(v);
      }
      for (JsonNode r : items) {
        String n = r.isString() ? dev.fastfn.discovery.RoutePaths.normalize(r.stringValue()) : null;
        if (n == null) {
          throw new FnHttpException.BadRequest(
              "invoke.routes must contain valid URL paths (absolute, non-reserved); bad entry: " + r);
        }
        out.add(n);
      }
    }
    if (!any) {
      return null;
    }
    if (out.size() > MAX_ROUTES) {
      throw new FnHttpException.BadRequest("invoke.routes allows at most " + MAX_ROUTES + " routes");
    }
    ArrayNode a = HttpJson.MAPPER.createArrayNode();
    out.forEach(a::add);
    return a;
  }

  private static JsonNode allowHosts(JsonNode v) {
    List<String> raw = new ArrayList<>();
    if (v.isString()) {
      raw.addAll(List.of(v.stringValue().split(",")));
    } else if (v.isArray()) {
      for (JsonNode h : v) {
        if (!h.isString()) {
          throw new FnHttpException.BadRequest("invoke.allow_hosts must be an array of host strings or null");
        }
        raw.add(h.stringValue());
      }
    } else {
      throw new FnHttpException.BadRequest("invoke.allow_hosts must be an array of host strings or null");
    }
    Set<String> out = new LinkedHashSet<>();
    for (String h : raw) {
      String t = h.trim().toLowerCase(Locale.ROOT);
      if (t.isEmpty()) {
        continue;
      }
      if (t.length() > 200) {
        throw new FnHttpException.BadRequest("invoke.allow_hosts host length must be <= 200");
      }
      if (t.contains(" ") || t.contains("/")) {
        throw new FnHttpException.BadRequest("invoke.allow_hosts host entries may not include spaces or '/'");
      }
      if (!HOST.matcher(t).matches()) {
        throw new FnHttpException.BadRequest("invoke.allow_hosts contains invalid host characters: " + t);
      }
      out.add(t);
    }
    if (out.isEmpty()) {
      return null;
    }
    ArrayNode a = HttpJson.MAPPER.createArrayNode();
    out.forEach(a::add);
    return a;
  }

  private static void sharedDeps(ObjectNode body, Map<String, JsonNode> top) {
    String key = null;
    for (String k : List.of("shared_deps", "sharedDeps", "deps")) {
      if (body.has(k)) {
        if (key != null) {
          throw new FnHttpException.BadRequest("give shared_deps once (also got " + k + ")");
        }
        key = k;
      }
    }
    if (key == null) {
      return;
    }
    JsonNode v = body.get(key);
    if (v.isNull()) {
      top.put("shared_deps", null);
      return;
    }
    List<String> raw = new ArrayList<>();
    if (v.isString()) {
      raw.addAll(List.of(v.stringValue().split("[,\\n]")));
    } else if (v.isArray()) {
      for (JsonNode e : v) {
        if (!e.isString()) {
          throw new FnHttpException.BadRequest("shared_deps must be an array of strings, a string, or null");
        }
        raw.add(e.stringValue());
      }
    } else {
      throw new FnHttpException.BadRequest("shared_deps must be an array of strings, a string, or null");
    }
    Set<String> out = new LinkedHashSet<>();
    for (String r : raw) {
      String t = r.trim();
      if (t.isEmpty()) {
        continue;
      }
      if (!ConsoleNames.isPackName(t)) {
        throw new FnHttpException.BadRequest("shared_deps entries must match ^[a-zA-Z0-9_-]+$ (got '" + t + "')");
      }
      out.add(t);
    }
    ArrayNode a = HttpJson.MAPPER.createArrayNode();
    out.forEach(a::add);
    top.put("shared_deps", a);
  }

  private static JsonNode response(JsonNode v) {
    ConfigValues.object(v, "response");
    ConfigValues.onlyKeys(v, Set.of("include_debug_headers"), "response.");
    ObjectNode out = HttpJson.object();
    if (v.has("include_debug_headers") && !v.get("include_debug_headers").isNull()) {
      out.put("include_debug_headers", ConfigValues.bool(v.get("include_debug_headers"),
          "response.include_debug_headers"));
    }
    return out.isEmpty() ? null : out;
  }

  private static JsonNode workerPool(JsonNode v) {
    ConfigValues.object(v, "worker_pool");
    ConfigValues.onlyKeys(v, WORKER_POOL_KEYS, "worker_pool.");
    ObjectNode out = HttpJson.object();
    for (String k : v.propertyNames()) {
      JsonNode x = v.get(k);
      if (x.isNull()) {
        continue;
      }
      String name = "worker_pool." + k;
      switch (k) {
        case "enabled" -> out.put(k, ConfigValues.bool(x, name));
        case "overflow_status" -> {
          long s = ConfigValues.number(x, name, 0, 999);
          if (s != 429 && s != 503) {
            throw new FnHttpException.BadRequest("worker_pool.overflow_status must be 429 or 503");
          }
          out.put(k, s);
        }
        case "idle_ttl_seconds", "queue_poll_ms" -> out.put(k, ConfigValues.number(x, name, 1, Integer.MAX_VALUE));
        default -> out.put(k, ConfigValues.number(x, name, 0, Integer.MAX_VALUE));
      }
    }
    return out;
  }

  private static JsonNode keepWarm(JsonNode v) {
    ConfigValues.object(v, "keep_warm");
    ConfigValues.onlyKeys(v, KEEP_WARM_KEYS, "keep_warm.");
    ObjectNode out = HttpJson.object();
    for (String k : v.propertyNames()) {
      JsonNode x = v.get(k);
      if (x.isNull()) {
        continue;
      }
      String name = "keep_warm." + k;
      switch (k) {
        case "enabled" -> out.put(k, ConfigValues.bool(x, name));
        case "min_warm" -> out.put(k, ConfigValues.number(x, name, 0, 1000));
        default -> out.put(k, ConfigValues.number(x, name, 1, Integer.MAX_VALUE));
      }
    }
    return out;
  }

  private static JsonNode edge(JsonNode v) {
    ConfigValues.object(v, "edge");
    ConfigValues.onlyKeys(v, EDGE_KEYS, "edge.");
    ObjectNode out = HttpJson.object();
    JsonNode base = v.get("base_url");
    if (base != null && !base.isNull()) {
      String b = base.isString() ? base.stringValue().trim() : "";
      if (b.isEmpty()) {
        throw new FnHttpException.BadRequest("edge.base_url must be a non-empty string");
      }
      try {
        URI u = new URI(b);
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
          throw new FnHttpException.BadRequest("edge.base_url must be an http(s) URL");
        }
      } catch (URISyntaxException e) {
        throw new FnHttpException.BadRequest("edge.base_url must be an http(s) URL");
      }
      out.put("base_url", b);
    }
    JsonNode hosts = v.get("allow_hosts");
    if (hosts != null && !hosts.isNull()) {
      if (!hosts.isArray()) {
        throw new FnHttpException.BadRequest("edge.allow_hosts must be an array");
      }
      Set<String> hs = new LinkedHashSet<>();
      for (JsonNode h : hosts) {
        String t = h.isString() ? h.stringValue().trim() : h.toString();
        if (!t.isEmpty()) {
          hs.add(t);
        }
      }
      ArrayNode a = out.putArray("allow_hosts");
      hs.forEach(a::add);
    }
    JsonNode priv = v.get("allow_private");
    out.put("allow_private", priv != null && !priv.isNull() && ConfigValues.bool(priv, "edge.allow_private"));
    JsonNode max = v.get("max_response_bytes");
    if (max != null && !max.isNull()) {
      out.put("max_response_bytes", ConfigValues.number(max, "edge.max_response_bytes", 1, Long.MAX_VALUE / 2));
    }
    return out;
  }

  private static JsonNode nullable(JsonNode v, java.util.function.Function<JsonNode, JsonNode> f) {
    return v == null || v.isNull() ? null : f.apply(v);
  }
}
