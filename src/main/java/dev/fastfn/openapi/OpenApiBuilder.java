package dev.fastfn.openapi;

import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.discovery.InvokeMeta;
import dev.fastfn.discovery.RouteEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the OpenAPI 3.1 document for one {@link Catalog} snapshot (platform.md §6.2–6.4). Pure: no
 * I/O after construction, no clock, no shared mutable state, so one instance serves every request
 * thread. The same catalog and server URL always give the same document.
 *
 * <p>One path per public route (conflicted routes are not in {@code mappedRoutes}); one operation per
 * allowed method, the first claim on a route owning a method. Two routes that convert to the same
 * OpenAPI path ({@code /files/:path} and {@code /files/:path*}) merge, the earlier route keeping a
 * method it already declares. Operation ids follow {@code <method>_<runtime>_<name>_<version|default>}
 * with non-word characters replaced by {@code _}; duplicates get {@code _2}, {@code _3}, ... in the
 * catalog's route registration order, so ids stay unique (the reference emits duplicates, §6.3 step 6)
 * and a function's first route keeps the plain id.
 */
public final class OpenApiBuilder {
  public static final String OPENAPI_VERSION = "3.1.0";
  static final List<String> BODY_METHODS = List.of("post", "put", "patch", "delete");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final boolean includeInternal;
  private final ObjectNode internalPaths;

  /**
   * @param includeInternal add the {@code /_fn/*} operations (FN_OPENAPI_INCLUDE_INTERNAL)
   */
  public OpenApiBuilder(boolean includeInternal) {
    this.includeInternal = includeInternal;
    this.internalPaths = includeInternal ? InternalPaths.load() : NODES.objectNode();
  }

  /** The whole document; {@code serverUrl} becomes {@code servers[0].url}. */
  public ObjectNode build(Catalog catalog, String serverUrl) {
    ObjectNode doc = NODES.objectNode();
    doc.put("openapi", OPENAPI_VERSION);
    ObjectNode info = doc.putObject("info");
    info.put("title", "fastfn API");
    info.put("version", "1.0.0");
    info.put("description", "OpenAPI spec generated from discovered functions");
    doc.putArray("servers").addObject().put("url", serverUrl);
    ObjectNode paths = doc.putObject("paths");
    Set<String> operationIds = new HashSet<>();
    if (includeInternal) {
      for (var e : internalPaths.properties()) {
        paths.set(e.getKey(), e.getValue().deepCopy());
        for (var op : e.getValue().properties()) {
          operationIds.add(op.getValue().path("operationId").asString(""));
        }
      }
    }
    // Paths and merges follow lexicographic route order (§6.3); operation ids are handed out in the
    // catalog's registration order, so a function's first route keeps the plain id
    // ("/greet" before "/greet/*", the first of its invoke.routes before the others).
    List<PlannedOp> ops = new ArrayList<>();
    Map<String, Set<String>> methodsByPath = new HashMap<>();
    for (var e : new TreeMap<>(catalog.mappedRoutes()).entrySet()) {
      String route = e.getKey();
      if (catalog.conflicts().containsKey(route) || route.startsWith("/_fn/") || route.equals("/_fn")) {
        continue;
      }
      plan(route, e.getValue(), methodsByPath, ops);
    }
    Map<String, Integer> registration = new HashMap<>();
    for (String route : catalog.mappedRoutes().keySet()) {
      registration.putIfAbsent(route, registration.size());
    }
    Map<PlannedOp, String> ids = new IdentityHashMap<>();
    ops.stream().sorted(Comparator.comparingInt(o -> registration.getOrDefault(o.route(), Integer.MAX_VALUE)))
        .forEach(o -> ids.put(o, uniqueId(o, catalog, operationIds)));
    for (PlannedOp o : ops) {
      String path = o.template().path();
      ObjectNode item = paths.get(path) instanceof ObjectNode existing ? existing : paths.putObject(path);
      item.set(o.method(), operation(o, catalog.function(o.functionKey()), ids.get(o)));
    }
    ArrayNode tags = doc.putArray("tags");
    if (includeInternal) {
      tags.addObject().put("name", "internal").put("description", "Gateway internal endpoints");
    }
    tags.addObject().put("name", "functions").put("description", "Invocable functions");
    return doc;
  }

  /** One operation to emit: a method of a claim on a route, placed under the route's OpenAPI path. */
  private record PlannedOp(String route, PathTemplate template, String method, String functionKey) {}

  /** Adds the operations {@code route} contributes; a method already on the same OpenAPI path is skipped. */
  private static void plan(String route, List<RouteEntry> entries, Map<String, Set<String>> methodsByPath,
      List<PlannedOp> ops) {
    PathTemplate template = PathTemplate.of(route);
    if (template.path().startsWith("/_fn/")) {
      return; // internal paths take precedence
    }
    Set<String> taken = methodsByPath.computeIfAbsent(template.path(), p -> new HashSet<>());
    for (RouteEntry entry : entries) {
      for (String m : entry.methods()) {
        String method = m.toLowerCase(Locale.ROOT);
        if (taken.add(method)) {
          ops.add(new PlannedOp(route, template, method, entry.functionKey()));
        }
      }
    }
  }

  private ObjectNode operation(PlannedOp o, FunctionSpec fn, String operationId) {
    Identity id = Identity.of(fn, o.functionKey());
    String method = o.method();
    PathTemplate template = o.template();
    InvokeMeta meta = fn == null || fn.meta() == null ? InvokeMeta.EMPTY : fn.meta();
    String upper = method.toUpperCase(Locale.ROOT);
    ObjectNode op = NODES.objectNode();
    op.putArray("tags").add("functions");
    op.put("summary", meta.summary() != null && !meta.summary().isBlank()
        ? upper + " " + meta.summary().trim()
        : upper + " invoke " + id.runtime() + "/" + id.name() + (id.version() == null ? "" : "@" + id.version()));
    op.put("operationId", operationId);
    ArrayNode params = NODES.arrayNode();
    for (PathTemplate.Param p : template.params()) {
      ObjectNode param = params.addObject();
      param.put("name", p.name());
      param.put("in", "path");
      param.put("required", true);
      param.putObject("schema").put("type", "string");
      if (p.catchAll()) {
        param.put("description", "Catch-all path parameter; value may include '/' segments.");
      }
    }
    if (meta.query() != null && meta.query().isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      meta.query().properties().forEach(q -> sorted.put(q.getKey(), q.getValue()));
      for (var q : sorted.entrySet()) {
        params.add(queryParam(q.getKey(), q.getValue()));
      }
    }
    if (!params.isEmpty()) {
      op.set("parameters", params);
    }
    if (BODY_METHODS.contains(method)) {
      op.set("requestBody", requestBody(meta));
    }
    op.set("responses", Responses.forFunction());
    return op;
  }

  /** {@code <method>_<runtime>_<name>_<version|default>}, non-word chars as {@code _}, suffixed when taken. */
  private static String uniqueId(PlannedOp o, Catalog catalog, Set<String> used) {
    Identity who = Identity.of(catalog.function(o.functionKey()), o.functionKey());
    String raw = o.method() + "_" + who.runtime() + "_" + who.name() + "_"
        + (who.version() == null ? "default" : who.version());
    String base = raw.replaceAll("[^A-Za-z0-9_]", "_");
    String id = base;
    for (int n = 2; !used.add(id); n++) {
      id = base + "_" + n;
    }
    return id;
  }

  private static ObjectNode queryParam(String name, JsonNode example) {
    ObjectNode p = NODES.objectNode();
    p.put("name", name);
    p.put("in", "query");
    p.put("required", false);
    ObjectNode schema = p.putObject("schema");
    if (example.isBoolean()) {
      schema.put("type", "boolean");
      p.set("example", example);
    } else if (example.isIntegralNumber()) {
      schema.put("type", "integer");
      p.set("example", example);
    } else if (example.isNumber()) {
      schema.put("type", "number");
      p.set("example", example);
    } else if (example.isContainer()) {
      schema.put("type", "string");
      p.put("example", JSON.writeValueAsString(example));
    } else {
      schema.put("type", "string");
      if (!example.isNull()) {
        p.put("example", example.asString());
      }
    }
    return p;
  }

  /** platform.md §6.3 step 4, requestBody rules. Always optional. */
  private static ObjectNode requestBody(InvokeMeta meta) {
    ObjectNode body = NODES.objectNode();
    body.put("required", false);
    ObjectNode content = body.putObject("content");
    JsonNode example = meta.body();
    String contentType = meta.contentType() == null ? "" : meta.contentType().trim();
    if (example == null || example.isMissingNode() || example.isNull()) {
      ObjectNode json = content.putObject("application/json");
      ArrayNode oneOf = json.putObject("schema").putArray("oneOf");
      oneOf.addObject().put("type", "object").put("additionalProperties", true);
      oneOf.addObject().put("type", "array").putObject("items");
      oneOf.addObject().put("type", "string");
      oneOf.addObject().put("type", "number");
      oneOf.addObject().put("type", "boolean");
      oneOf.addObject().put("type", "null");
      ObjectNode examples = json.putObject("examples");
      examples.putObject("object").putObject("value").put("name", "World");
      examples.putObject("string").put("value", "raw-body");
      return body;
    }
    if (contentType.isEmpty() || contentType.toLowerCase(Locale.ROOT).contains("application/json")) {
      JsonNode value = decodeIfJson(example);
      ObjectNode json = content.putObject("application/json");
      json.set("schema", Schemas.fromExample(value));
      json.putObject("examples").putObject("primary").set("value", value);
      return body;
    }
    ObjectNode other = content.putObject(contentType);
    other.putObject("schema").put("type", "string");
    String text = example.isString() ? example.asString() : JSON.writeValueAsString(example);
    other.putObject("examples").putObject("primary").put("value", text);
    return body;
  }

  private static JsonNode decodeIfJson(JsonNode example) {
    if (!example.isString()) {
      return example;
    }
    String text = example.asString().trim();
    if (text.startsWith("{") || text.startsWith("[")) {
      try {
        return JSON.readTree(text);
      } catch (JacksonException e) {
        return example; // not JSON after all: keep the text as the example
      }
    }
    return example;
  }

  /** runtime/name/version of the claimed function, from the spec or, if missing, its key. */
  private record Identity(String runtime, String name, String version) {
    static Identity of(FunctionSpec fn, String key) {
      if (fn != null) {
        return new Identity(fn.runtime().id(), fn.name(), fn.version());
      }
      int slash = key.indexOf('/');
      int at = key.lastIndexOf('@');
      String runtime = slash > 0 ? key.substring(0, slash) : "unknown";
      String name = key.substring(slash + 1, at > slash ? at : key.length());
      String version = at > slash ? key.substring(at + 1) : null;
      return new Identity(runtime, name, "default".equals(version) ? null : version);
    }
  }
}
