package dev.fastfn.console;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.discovery.InvokeMeta;
import dev.fastfn.gateway.HttpJson;
import dev.fastfn.gateway.RuntimeStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the Function Detail object (console-api.md §4.8) of a discovered function: paths, effective
 * policy, masked env, metadata (endpoints, env, handler_file, invoke, schedule, shared_deps,
 * dependency_resolution, python/node manifests) and optionally the code. Never includes the raw
 * fn.config.json nor the env file path (A11.1). Reads files; stateless.
 */
final class FunctionDetails {
  static final int CODE_LIMIT = 2 * 1024 * 1024;
  private static final String DEPENDENCY_RESOLUTION = "dependency_resolution";
  private final FastfnConfig config;
  private final RuntimeStatus runtimes;
  private final ScheduleStates schedules;

  FunctionDetails(FastfnConfig config, RuntimeStatus runtimes, ScheduleStates schedules) {
    this.config = config;
    this.runtimes = runtimes;
    this.schedules = schedules;
  }

  /**
   * @param baseUrl "http://host:port" used in example URLs
   */
  ObjectNode build(Catalog catalog, FunctionLocator.Located loc, boolean includeCode, String baseUrl) {
    ObjectNode d = buildWithoutDependencies(catalog, loc, includeCode, baseUrl);
    addDependencies(d, loc.spec());
    return d;
  }

  /**
   * The detail with the parts a dependency preparation can still change (the python and node
   * manifests, {@code dependency_resolution}) left null, so a console write can build it while that
   * preparation runs; {@link #addDependencies} fills them in place.
   */
  ObjectNode buildWithoutDependencies(Catalog catalog, FunctionLocator.Located loc, boolean includeCode,
      String baseUrl) {
    FunctionSpec fn = loc.spec();
    Path dir = fn.functionDir();
    ObjectNode d = HttpJson.object();
    d.put("runtime", fn.runtime().id());
    d.put("name", fn.name());
    if (fn.version() != null) {
      d.put("version", fn.version());
    }
    d.put("function_dir", dir.toString());
    d.put("file_path", fn.entryFile().toString());
    d.put("config_path", dir.resolve(ConfigFile.NAME).toString());
    List<String> mapped = PolicyJson.mappedRoutes(catalog, fn);
    d.set("policy", PolicyJson.of(fn, mapped));
    TreeMap<String, EnvFile.Entry> env = EnvFile.read(dir);
    d.set("fn_env", EnvFile.masked(env));
    RuntimeStatus.State health = runtimes.of(fn.runtime());
    ObjectNode rh = d.putObject("runtime_health");
    rh.put("up", health.up());
    if (health.reason() != null) {
      rh.put("reason", health.reason());
    }
    if (fn.configError() != null) {
      d.put("config_error", fn.configError());
    }
    d.set("metadata", metadata(fn, env, mapped, baseUrl));
    if (includeCode) {
      putCode(d, fn.entryFile());
    }
    return d;
  }

  private ObjectNode metadata(FunctionSpec fn, Map<String, EnvFile.Entry> env, List<String> mapped, String baseUrl) {
    Path dir = fn.functionDir();
    ObjectNode raw = ConfigFile.read(dir).orElse(HttpJson.object());
    ObjectNode m = HttpJson.object();
    m.put("handler_file", fn.entryFile().getFileName().toString());
    ObjectNode resp = m.putObject("response");
    resp.put("include_debug_headers", raw.path("response").path("include_debug_headers").asBoolean(false)
        || raw.path("include_debug_headers").asBoolean(false));
    resp.put("effective_include_debug_headers", fn.policy().includeDebugHeaders());
    ObjectNode schedule = m.putObject("schedule");
    JsonNode configured = raw.get("schedule");
    if (configured != null && configured.isObject()) {
      schedule.set("configured", configured);
    }
    schedule.set("state", schedules.stateOf(fn.key()));
    ObjectNode envMeta = m.putObject("env");
    envMeta.put("exists", EnvFile.exists(dir));
    PolicyJson.array(envMeta, "keys", new ArrayList<>(new TreeMap<>(env).keySet()));
    ObjectNode shared = m.putObject("shared_deps");
    shared.put("packs_root", config.functionsRoot().resolve(".fastfn").resolve("packs").resolve(fn.runtime().id())
        .toString());
    Set<String> packs = new LinkedHashSet<>();
    JsonNode sd = raw.get("shared_deps");
    if (sd != null && sd.isArray()) {
      for (JsonNode p : sd) {
        if (p.isString() && ConsoleNames.isPackName(p.stringValue().trim())) {
          packs.add(p.stringValue().trim());
        }
      }
    }
    PolicyJson.array(shared, "configured", new ArrayList<>(packs));
    if (raw.path("group").isString()) {
      m.put("group", raw.get("group").stringValue());
    }
    m.putNull(DEPENDENCY_RESOLUTION); // placeholders keep the key order; see addDependencies
    ObjectNode invoke = invoke(fn, mapped, baseUrl);
    m.set("endpoints", endpoints(invoke, mapped, baseUrl));
    m.set("invoke", invoke);
    m.putNull("python");
    m.putNull("node");
    return m;
  }

  /** Fills the dependency parts of a detail from {@link #buildWithoutDependencies}. Reads files. */
  void addDependencies(ObjectNode detail, FunctionSpec fn) {
    Path dir = fn.functionDir();
    ObjectNode m = (ObjectNode) detail.get("metadata");
    m.set(DEPENDENCY_RESOLUTION, ManifestInfo.dependencyResolution(dir));
    m.set("python", ManifestInfo.python(dir, fn.entryFile(), config.deps()));
    m.set("node", ManifestInfo.node(dir, config.deps()));
  }

  private static ObjectNode invoke(FunctionSpec fn, List<String> mapped, String baseUrl) {
    InvokeMeta meta = fn.meta() == null ? InvokeMeta.EMPTY : fn.meta();
    ObjectNode inv = HttpJson.object();
    if (meta.summary() != null) {
      inv.put("summary", meta.summary());
    }
    List<String> methods = fn.policy().methods();
    PolicyJson.array(inv, "methods", methods);
    inv.put("default_method", meta.defaultMethod() != null ? meta.defaultMethod() : methods.get(0));
    if (fn.policy().handlerName() != null) {
      inv.put("handler", fn.policy().handlerName());
    }
    JsonNode query = meta.query() != null && meta.query().isObject() ? meta.query() : HttpJson.object();
    inv.set("query_example", query);
    JsonNode body = meta.body();
    inv.put("body_example", body == null ? "" : body.isString() ? body.stringValue()
        : HttpJson.MAPPER.writeValueAsString(body));
    if (meta.contentType() != null) {
      inv.put("content_type", meta.contentType());
    }
    String canonical = mapped.stream().sorted().findFirst()
        .orElse("/" + fn.name() + (fn.version() == null ? "" : "@" + fn.version()));
    List<String> configured = fn.policy().routes();
    String primary = configured.isEmpty() ? canonical : configured.get(0);
    inv.put("route", canonical);
    inv.put("canonical_route", canonical);
    if (!fn.policy().allowHosts().isEmpty()) {
      PolicyJson.array(inv, "allow_hosts", fn.policy().allowHosts());
    }
    Set<String> pub = new LinkedHashSet<>();
    pub.add(primary);
    pub.add(canonical);
    pub.addAll(configured);
    pub.addAll(mapped);
    PolicyJson.array(inv, "public_routes", new ArrayList<>(pub));
    PolicyJson.array(inv, "effective_public_routes", new ArrayList<>(pub));
    PolicyJson.array(inv, "mapped_public_routes", mapped);
    PolicyJson.array(inv, "effective_mapped_routes", mapped);
    if (!configured.isEmpty()) {
      PolicyJson.array(inv, "mapped_routes", configured);
    }
    String example = primary + queryString(query);
    inv.put("full_route_example", example);
    inv.put("curl_get_example", "curl -sS '" + baseUrl + example + "'");
    return inv;
  }

  private static ObjectNode endpoints(ObjectNode invoke, List<String> mapped, String baseUrl) {
    ObjectNode e = HttpJson.object();
    List<String> pub = new ArrayList<>();
    invoke.get("public_routes").forEach(n -> pub.add(n.stringValue()));
    String primary = pub.get(0);
    e.put("public_route", primary);
    Set<String> all = new LinkedHashSet<>();
    if (invoke.has("mapped_routes")) {
      invoke.get("mapped_routes").forEach(n -> all.add(n.stringValue()));
    }
    all.addAll(mapped);
    PolicyJson.array(e, "mapped_routes", new ArrayList<>(all));
    PolicyJson.array(e, "public_routes", pub);
    ArrayNode urls = e.putArray("public_urls");
    for (String r : pub) {
      if (!r.contains(":") && !r.contains("*")) {
        urls.add(baseUrl + r);
      }
    }
    e.put("preferred_public_route", primary);
    e.put("preferred_public_url", urls.isEmpty() ? baseUrl + primary : urls.get(0).stringValue());
    e.put("invoke_api", "/_fn/invoke");
    e.put("function_detail_api", "/_fn/function");
    e.put("config_api", "/_fn/function-config");
    e.put("env_api", "/_fn/function-env");
    return e;
  }

  /** "?a=1&b=x" from the scalar values of a query example, keys sorted; "" when none. */
  static String queryString(JsonNode query) {
    TreeMap<String, String> kv = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : query.properties()) {
      JsonNode v = e.getValue();
      if (v.isString() || v.isNumber() || v.isBoolean()) {
        kv.put(e.getKey(), v.isString() ? v.stringValue() : v.toString());
      }
    }
    if (kv.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("?");
    kv.forEach((k, v) -> {
      if (sb.length() > 1) {
        sb.append('&');
      }
      sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    });
    return sb.toString();
  }

  /** Puts {@code code} and {@code code_truncated} (code read up to 2 MiB). */
  static void putCode(ObjectNode d, Path entry) {
    try (InputStream in = Files.newInputStream(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      byte[] b = in.readNBytes(CODE_LIMIT + 1);
      boolean truncated = b.length > CODE_LIMIT;
      d.put("code", new String(b, 0, Math.min(b.length, CODE_LIMIT), StandardCharsets.UTF_8));
      d.put("code_truncated", truncated);
    } catch (IOException e) {
      d.put("code", "");
      d.put("code_truncated", false);
    }
  }
}
