package dev.fastfn.discovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads {@code fn.config.json} into an {@link FnConfig} with the normalization of routing.md §5.1.
 * Never throws on bad content: unparseable files become "no config" with an error (row 33), and
 * values of the wrong type or out of range are dropped and described in {@link FnConfig#errors()}
 * (the reference drops them silently; we report them). Stateless and thread-safe.
 */
final class FnConfigParser {
  static final String FILE_NAME = "fn.config.json";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final long MAX_FILE_BYTES = 1 << 20;
  private static final Pattern SHARED_DEP = Pattern.compile("[a-zA-Z0-9_-]+");
  private static final Pattern HOST = Pattern.compile("[a-z0-9*\\-._:\\[\\]]+");
  private static final Set<String> METHODS = Set.copyOf(FunctionPolicy.ALL_METHODS);
  private static final Map<String, String> ADAPTERS = Map.ofEntries(
      Map.entry("native", "native"), Map.entry("none", "native"), Map.entry("default", "native"),
      Map.entry("aws-lambda", "aws-lambda"), Map.entry("lambda", "aws-lambda"), Map.entry("apigw-v2", "aws-lambda"),
      Map.entry("api-gateway-v2", "aws-lambda"),
      Map.entry("cloudflare-worker", "cloudflare-worker"), Map.entry("cloudflare-workers", "cloudflare-worker"),
      Map.entry("worker", "cloudflare-worker"), Map.entry("workers", "cloudflare-worker"));
  private static final List<String> HOME_KEYS = List.of("function", "route", "path", "target", "home-route", "home_route");
  private static final List<String> HOME_REDIRECT_KEYS = List.of("redirect", "url", "location");

  private FnConfigParser() {}

  /** Reads {@code file}; a missing file or a symlink is "no config" without error. */
  static FnConfig read(Path file, String relName) {
    if (!FileKinds.isFile(file)) {
      return FnConfig.absent(relName, List.of());
    }
    String text;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        return FnConfig.absent(relName, List.of("file is larger than 1 MiB"));
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException e) {
      return FnConfig.absent(relName, List.of("cannot read: " + e.getMessage()));
    }
    return parse(text, relName);
  }

  /** Parses config text; see the class contract. */
  static FnConfig parse(String text, String relName) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JacksonException e) {
      return FnConfig.absent(relName, List.of("invalid JSON: " + describe(e)));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return FnConfig.absent(relName, text.isBlank() ? List.of() : List.of("must be a JSON object"));
    }
    if (!root.isObject()) {
      return FnConfig.absent(relName, List.of("must be a JSON object"));
    }
    if (root.isEmpty()) {
      return FnConfig.absent(relName, List.of()); // "{}" counts as no config (§2.1)
    }
    return new Reader(relName, root).read();
  }

  /** "Unexpected character ('i' (code 105)) at line 1, column 2". */
  static String describe(JacksonException e) {
    String msg = e.getOriginalMessage();
    if (msg == null) {
      msg = e.getClass().getSimpleName();
    }
    int nl = msg.indexOf('\n');
    if (nl >= 0) {
      msg = msg.substring(0, nl);
    }
    var loc = e.getLocation();
    if (loc != null && loc.getLineNr() > 0) {
      msg = msg + " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }
    return msg;
  }

  /** Normalizes a methods value: array of names or a CSV/space string; invalid names dropped. */
  static List<String> methodList(JsonNode node) {
    List<String> raw = new ArrayList<>();
    if (node.isArray()) {
      for (JsonNode m : node) {
        if (m.isString()) {
          raw.add(m.stringValue());
        }
      }
    } else if (node.isString()) {
      raw.addAll(List.of(node.stringValue().split("[^A-Za-z]+")));
    }
    Set<String> out = new LinkedHashSet<>();
    for (String m : raw) {
      String u = m.trim().toUpperCase(Locale.ROOT);
      if (METHODS.contains(u)) {
        out.add(u);
      }
    }
    return List.copyOf(out);
  }

  /** One pass over a config object, collecting errors. */
  private static final class Reader {
    private final String file;
    private final JsonNode root;
    private final List<String> errors = new ArrayList<>();

    Reader(String file, JsonNode root) {
      this.file = file;
      this.root = root;
    }

    FnConfig read() {
      JsonNode invoke = root.get("invoke");
      if (invoke != null && !invoke.isNull() && !invoke.isObject()) {
        errors.add("invoke must be an object");
        invoke = null;
      }
      if (invoke != null && invoke.isNull()) {
        invoke = null;
      }
      boolean explicit = nonEmptyString(root.get("runtime"))
          || nonEmptyString(root.get("name"))
          || nonEmptyString(root.get("entrypoint"))
          || (invoke != null && invoke.path("routes").isArray() && invoke.path("routes").size() > 0);

      String runtime = string(root, "runtime");
      String name = string(root, "name");
      if (name != null && !SafeNames.isFunctionName(name)) {
        errors.add("name '" + name + "' is not a valid function name");
        name = null;
      }
      String entrypoint = string(root, "entrypoint");
      if (entrypoint != null && !SafeNames.isRelativePath(entrypoint)) {
        errors.add("entrypoint '" + entrypoint + "' is not a safe relative path");
        entrypoint = null;
      }
      Long timeout = number(root, "timeout_ms", 1, Integer.MAX_VALUE);
      Long maxConc = number(root, "max_concurrency", 0, Integer.MAX_VALUE);
      Long maxBody = number(root, "max_body_bytes", 1, Long.MAX_VALUE);
      Boolean debug = bool(root, "include_debug_headers");
      JsonNode response = root.get("response");
      if (response != null && response.isObject()) {
        Boolean rd = bool(response, "include_debug_headers", "response.");
        if (rd != null) {
          debug = (debug != null && debug) || rd;
        }
      }
      Boolean force = forceFlag(root);
      List<String> methods = null;
      List<String> routes = null;
      List<String> hosts = null;
      String summary = null;
      JsonNode query = null;
      JsonNode body = null;
      String contentType = null;
      String defaultMethod = null;
      String handler = null;
      String adapter = null;
      if (invoke != null) {
        methods = methods(invoke);
        routes = routes(invoke);
        hosts = hosts(invoke);
        Boolean f = forceFlag(invoke);
        if (f != null) {
          force = (force != null && force) || f;
        }
        summary = string(invoke, "summary");
        query = object(invoke, "query");
        JsonNode b = invoke.get("body");
        if (b != null && !b.isNull()) {
          body = b.deepCopy();
        }
        contentType = string(invoke, "content_type");
        defaultMethod = string(invoke, "default_method");
        if (defaultMethod != null) {
          defaultMethod = defaultMethod.toUpperCase(Locale.ROOT);
        }
        // A bad handler or adapter name is kept, not dropped: the worker then fails every call
        // with the cause (runtimes.md §2.2) instead of calling a default handler the wrong way.
        handler = string(invoke, "handler");
        if (handler != null && !handler.isBlank() && !SafeNames.isIdentifier(handler)) {
          errors.add("invoke.handler '" + handler + "' is not an identifier; calls fail until it is fixed");
        }
        adapter = string(invoke, "adapter");
        if (adapter != null) {
          String a = ADAPTERS.get(adapter.toLowerCase(Locale.ROOT).strip());
          if (a == null) {
            errors.add("invoke.adapter '" + adapter + "' is unknown (native, aws-lambda, cloudflare-worker); "
                + "calls fail until it is fixed");
          }
          adapter = a != null ? a : adapter;
        }
      }
      FnConfig.WorkerPoolConfig pool = workerPool();
      FunctionPolicy.KeepWarmPolicy keepWarm = keepWarm();
      JsonNode schedule = object(root, "schedule");
      JsonNode edge = object(root, "edge");
      List<String> sharedDeps = sharedDeps();
      String home = home(invoke);
      FnConfig.Home rootHome = rootHome(invoke);
      String assets = assetsDirectory();
      List<String> ignore = ignoreDirs();
      return new FnConfig(file, true, errors, explicit, runtime, name, entrypoint,
          timeout == null ? null : timeout.intValue(),
          maxConc == null ? null : maxConc.intValue(),
          maxBody, debug, methods, routes, hosts, force, summary, query, body, contentType, defaultMethod,
          handler, adapter, pool, keepWarm, schedule, edge, sharedDeps, home, rootHome, assets, ignore);
    }

    private List<String> methods(JsonNode invoke) {
      JsonNode m = invoke.get("methods");
      if (m == null || m.isNull()) {
        return null;
      }
      if (!m.isArray() && !m.isString()) {
        errors.add("invoke.methods must be an array or a string");
        return null;
      }
      List<String> out = methodList(m);
      return out.isEmpty() ? null : out; // empty -> default [GET]
    }

    private List<String> routes(JsonNode invoke) {
      List<String> raw = new ArrayList<>();
      boolean any = false;
      for (String key : List.of("routes", "route")) {
        JsonNode r = invoke.get(key);
        if (r == null || r.isNull()) {
          continue;
        }
        any = true;
        if (r.isString()) {
          raw.add(r.stringValue());
        } else if (r.isArray()) {
          for (JsonNode e : r) {
            if (e.isString()) {
              raw.add(e.stringValue());
            } else {
              errors.add("invoke." + key + " entries must be strings");
            }
          }
        } else {
          errors.add("invoke." + key + " must be an array of paths");
        }
      }
      if (!any) {
        return null;
      }
      Set<String> out = new LinkedHashSet<>();
      for (String r : raw) {
        String n = RoutePaths.normalize(r);
        if (n == null) {
          errors.add("invoke.routes entry '" + r + "' is not a valid route");
        } else {
          out.add(n);
        }
      }
      return out.isEmpty() ? null : List.copyOf(out);
    }

    private List<String> hosts(JsonNode invoke) {
      JsonNode h = invoke.get("allow_hosts");
      if (h == null || h.isNull()) {
        return null;
      }
      List<String> raw = new ArrayList<>();
      if (h.isArray()) {
        for (JsonNode e : h) {
          if (e.isString()) {
            raw.add(e.stringValue());
          } else {
            errors.add("invoke.allow_hosts entries must be strings");
          }
        }
      } else if (h.isString()) {
        raw.addAll(List.of(h.stringValue().split(",")));
      } else {
        errors.add("invoke.allow_hosts must be an array or a string");
        return null;
      }
      Set<String> out = new LinkedHashSet<>();
      for (String r : raw) {
        String v = r.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
          continue;
        }
        if (v.length() > 200 || !HOST.matcher(v).matches()) {
          errors.add("invoke.allow_hosts entry '" + r.trim() + "' is not a host name");
        } else {
          out.add(v);
        }
      }
      return out.isEmpty() ? null : List.copyOf(out);
    }

    private Boolean forceFlag(JsonNode obj) {
      Boolean out = null;
      for (String key : List.of("force-url", "force_url", "forceUrl")) {
        Boolean b = bool(obj, key);
        if (b != null) {
          out = (out != null && out) || b;
        }
      }
      return out;
    }

    private FnConfig.WorkerPoolConfig workerPool() {
      JsonNode wp = root.get("worker_pool");
      if (wp == null || wp.isNull()) {
        return null;
      }
      if (!wp.isObject()) {
        errors.add("worker_pool must be an object");
        return null;
      }
      Long status = number(wp, "overflow_status", 0, 999, "worker_pool.");
      if (status != null && status != 429 && status != 503) {
        errors.add("worker_pool.overflow_status must be 429 or 503");
        status = null;
      }
      return new FnConfig.WorkerPoolConfig(
          bool(wp, "enabled", "worker_pool."),
          intOrNull(number(wp, "max_workers", 0, Integer.MAX_VALUE, "worker_pool.")),
          intOrNull(number(wp, "max_queue", 0, Integer.MAX_VALUE, "worker_pool.")),
          intOrNull(number(wp, "queue_timeout_ms", 0, Integer.MAX_VALUE, "worker_pool.")),
          intOrNull(number(wp, "queue_poll_ms", 1, Integer.MAX_VALUE, "worker_pool.")),
          intOrNull(status),
          intOrNull(number(wp, "min_warm", 0, Integer.MAX_VALUE, "worker_pool.")),
          intOrNull(number(wp, "idle_ttl_seconds", 1, Integer.MAX_VALUE, "worker_pool.")));
    }

    private FunctionPolicy.KeepWarmPolicy keepWarm() {
      JsonNode kw = root.get("keep_warm");
      if (kw == null || kw.isNull()) {
        return null;
      }
      if (!kw.isObject()) {
        errors.add("keep_warm must be an object");
        return null;
      }
      Boolean enabled = bool(kw, "enabled", "keep_warm.");
      Long minWarm = number(kw, "min_warm", 0, Integer.MAX_VALUE, "keep_warm.");
      Long ping = number(kw, "ping_every_seconds", 1, Integer.MAX_VALUE, "keep_warm.");
      Long idle = number(kw, "idle_ttl_seconds", 1, Integer.MAX_VALUE, "keep_warm.");
      return new FunctionPolicy.KeepWarmPolicy(
          enabled != null && enabled,
          minWarm == null ? 1 : minWarm.intValue(),
          ping == null ? 45 : ping.intValue(),
          idle == null ? 300 : idle.intValue());
    }

    private List<String> sharedDeps() {
      JsonNode sd = root.get("shared_deps");
      if (sd == null || sd.isNull()) {
        return null;
      }
      if (!sd.isArray()) {
        errors.add("shared_deps must be an array of pack names");
        return null;
      }
      Set<String> out = new LinkedHashSet<>();
      for (JsonNode e : sd) {
        String v = e.isString() ? e.stringValue().trim() : null;
        if (v != null && SHARED_DEP.matcher(v).matches()) {
          out.add(v);
        } else {
          errors.add("shared_deps entry " + e + " is not a pack name");
        }
      }
      return List.copyOf(out);
    }

    /** Where a home setting may be, in order: root {@code home}, then {@code invoke.home*}. */
    private List<JsonNode> homeCandidates(JsonNode invoke) {
      List<JsonNode> candidates = new ArrayList<>();
      candidates.add(root.get("home"));
      if (invoke != null) {
        candidates.add(invoke.get("home"));
        candidates.add(invoke.get("home-route"));
        candidates.add(invoke.get("home_route"));
      }
      return candidates;
    }

    /** Folder home alias target (§7.2): the function/route form only; redirects are dropped. */
    private String home(JsonNode invoke) {
      for (JsonNode h : homeCandidates(invoke)) {
        if (h == null || h.isNull()) {
          continue;
        }
        if (h.isString()) {
          String v = h.stringValue().trim();
          String lower = v.toLowerCase(Locale.ROOT);
          if (v.isEmpty() || lower.startsWith("http://") || lower.startsWith("https://")) {
            continue;
          }
          return v;
        }
        if (h.isObject()) {
          for (String k : HOME_KEYS) {
            JsonNode v = h.get(k);
            if (v != null && v.isString() && !v.stringValue().isBlank()) {
              return v.stringValue().trim();
            }
          }
        }
      }
      return null;
    }

    /**
     * The {@code home} setting as §7.1 reads it from a root config: {@code home} (a string is the
     * path form), else the first of {@code invoke.home}, {@code invoke.home-route},
     * {@code invoke.home_route} that sets anything. Null when none does.
     */
    private FnConfig.Home rootHome(JsonNode invoke) {
      for (JsonNode h : homeCandidates(invoke)) {
        String function = h != null && h.isString() ? nonBlank(h) : firstNonBlank(h, HOME_KEYS);
        String redirect = firstNonBlank(h, HOME_REDIRECT_KEYS);
        if (function != null || redirect != null) {
          return new FnConfig.Home(function, redirect);
        }
      }
      return null;
    }

    private static String firstNonBlank(JsonNode obj, List<String> keys) {
      if (obj == null || !obj.isObject()) {
        return null;
      }
      for (String k : keys) {
        String v = nonBlank(obj.get(k));
        if (v != null) {
          return v;
        }
      }
      return null;
    }

    private static String nonBlank(JsonNode v) {
      return v != null && v.isString() && !v.stringValue().isBlank() ? v.stringValue().trim() : null;
    }

    private String assetsDirectory() {
      JsonNode a = root.get("assets");
      if (a == null || !a.isObject()) {
        return null;
      }
      JsonNode d = a.get("directory");
      if (d == null || !d.isString()) {
        return null;
      }
      String v = d.stringValue().trim();
      return SafeNames.isRelativePath(v) ? v : null;
    }

    private List<String> ignoreDirs() {
      List<String> raw = new ArrayList<>();
      for (String key : List.of("zero_config", "discovery", "routing")) {
        JsonNode block = root.get(key);
        if (block != null && block.isObject()) {
          addNames(block.get("ignore_dirs"), raw);
          break;
        }
      }
      addNames(root.get("zero_config_ignore_dirs"), raw);
      List<String> out = new ArrayList<>();
      for (String r : raw) {
        String v = r.trim().toLowerCase(Locale.ROOT);
        if (!v.isEmpty() && !v.contains("/") && !v.contains("\\") && !v.equals(".") && !v.equals("..")) {
          out.add(v);
        }
      }
      return out;
    }

    private static void addNames(JsonNode n, List<String> out) {
      if (n == null) {
        return;
      }
      if (n.isArray()) {
        for (JsonNode e : n) {
          if (e.isString()) {
            out.add(e.stringValue());
          }
        }
      } else if (n.isString()) {
        out.addAll(List.of(n.stringValue().split(",")));
      }
    }

    private static boolean nonEmptyString(JsonNode n) {
      return n != null && n.isString() && !n.stringValue().trim().isEmpty();
    }

    private String string(JsonNode obj, String key) {
      JsonNode n = obj.get(key);
      if (n == null || n.isNull()) {
        return null;
      }
      if (!n.isString()) {
        errors.add(qualified(obj, key) + " must be a string");
        return null;
      }
      String v = n.stringValue().trim();
      return v.isEmpty() ? null : v;
    }

    private JsonNode object(JsonNode obj, String key) {
      JsonNode n = obj.get(key);
      if (n == null || n.isNull()) {
        return null;
      }
      if (!n.isObject()) {
        errors.add(qualified(obj, key) + " must be an object");
        return null;
      }
      return n.deepCopy();
    }

    private Boolean bool(JsonNode obj, String key) {
      return bool(obj, key, obj == root ? "" : "invoke.");
    }

    private Boolean bool(JsonNode obj, String key, String prefix) {
      JsonNode n = obj.get(key);
      if (n == null || n.isNull()) {
        return null;
      }
      if (!n.isBoolean()) {
        errors.add(prefix + key + " must be true or false");
        return null;
      }
      return n.booleanValue();
    }

    private Long number(JsonNode obj, String key, long min, long max) {
      return number(obj, key, min, max, "");
    }

    /** A JSON number or numeric string (the reference uses tonumber), truncated, within [min, max]. */
    private Long number(JsonNode obj, String key, long min, long max, String prefix) {
      JsonNode n = obj.get(key);
      if (n == null || n.isNull()) {
        return null;
      }
      Double v = null;
      if (n.isNumber()) {
        v = n.doubleValue();
      } else if (n.isString()) {
        try {
          v = Double.parseDouble(n.stringValue().trim());
        } catch (NumberFormatException e) {
          v = null;
        }
      }
      String bound = min == 0 ? ">= 0" : "> " + (min - 1);
      if (v == null || v.isNaN() || v.isInfinite()) {
        errors.add(prefix + key + " must be a number " + bound + " (got " + n + ")");
        return null;
      }
      long l = v >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.floor(v);
      if (l < min || l > max) {
        errors.add(prefix + key + " must be a number " + bound + " (got " + n + ")");
        return null;
      }
      return l;
    }

    private String qualified(JsonNode obj, String key) {
      return obj == root ? key : "invoke." + key;
    }

    private static Integer intOrNull(Long l) {
      return l == null ? null : l.intValue();
    }
  }

  /** A JSON string node, for body values given as text (hints). */
  static JsonNode text(String s) {
    return JsonNodeFactory.instance.stringNode(s);
  }

  /** Parses JSON text or returns null (hint values). */
  static JsonNode tryJson(String s) {
    try {
      JsonNode n = JSON.readTree(s);
      return n == null || n.isMissingNode() ? null : n;
    } catch (JacksonException e) {
      return null;
    }
  }

  static JsonMapper mapper() {
    return JSON;
  }
}
