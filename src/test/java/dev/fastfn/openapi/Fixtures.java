package dev.fastfn.openapi;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.FunctionGroup;
import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.discovery.HomeTarget;
import dev.fastfn.discovery.InvokeMeta;
import dev.fastfn.discovery.RouteEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hand-built catalogs for builder tests (the shape the Scanner produces for the conformance "main"
 * tree): file routes, index, [id], post.[id], [...path], runtime-scoped functions with default
 * routes, versions, fn.routes.json manifests, configured routes in :id and {id} form, conflicts.
 */
final class Fixtures {
  static final Path ROOT = Path.of("/srv/functions");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Fixtures() {}

  /** Builder for one catalog. Test-only, so a builder is fine (STYLE §2). */
  static final class CatalogBuilder {
    private final Map<String, FunctionSpec> functions = new LinkedHashMap<>();
    private final Map<String, List<RouteEntry>> routes = new LinkedHashMap<>();
    private final Map<String, List<String>> conflicts = new LinkedHashMap<>();

    CatalogBuilder fn(RuntimeKind rt, String name, String version, InvokeMeta meta, List<String> methods) {
      String key = FunctionSpec.keyOf(rt, name, version);
      FunctionPolicy policy = new FunctionPolicy(2500, 20, 1_048_576, methods, List.of(), List.of(), false, false,
          null, null, null, null, List.of(), "handler", "native");
      functions.put(key, new FunctionSpec(key, rt, name, version,
          name.contains(".") ? FunctionSpec.Kind.FILE : FunctionSpec.Kind.FUNCTION, ROOT.resolve(name),
          ROOT.resolve(name).resolve("handler"), name, policy, meta, "fp", Map.of(), Set.of(), null));
      return this;
    }

    CatalogBuilder fn(RuntimeKind rt, String name) {
      return fn(rt, name, null, InvokeMeta.EMPTY, List.of("GET"));
    }

    CatalogBuilder route(String route, String functionKey, String... methods) {
      routes.computeIfAbsent(route, r -> new ArrayList<>())
          .add(new RouteEntry(route, functionKey, List.of(methods), 1, List.of(), false));
      return this;
    }

    CatalogBuilder conflict(String route, String... candidates) {
      conflicts.put(route, List.of(candidates));
      return this;
    }

    Catalog build() {
      Map<RuntimeKind, List<FunctionGroup>> groups = new LinkedHashMap<>();
      for (FunctionSpec s : functions.values()) {
        groups.computeIfAbsent(s.runtime(), k -> new ArrayList<>())
            .add(new FunctionGroup(s.runtime(), s.name(), s.version() == null ? s : null,
                s.version() == null ? Map.of() : Map.of(s.version(), s)));
      }
      List<String> dynamic = routes.keySet().stream().filter(r -> r.contains(":") || r.contains("*")).toList();
      return new Catalog(ROOT, List.of(RuntimeKind.PYTHON, RuntimeKind.NODE), routes, conflicts, dynamic, functions,
          groups, List.of(), HomeTarget.UNSET, Instant.EPOCH);
    }
  }

  static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  /** Every routing form of the conformance "main" tree, plus a body example and a text body. */
  static Catalog mainTree() {
    RuntimeKind py = RuntimeKind.PYTHON;
    RuntimeKind node = RuntimeKind.NODE;
    InvokeMeta routedMeta = new InvokeMeta("Routed demo", json("{\"q\":\"search\",\"limit\":10,\"exact\":true,"
        + "\"ratio\":0.5,\"tags\":[\"a\",\"b\"]}"), null, null, null);
    InvokeMeta orderMeta = new InvokeMeta(null, null, json("{\"sku\":\"A-1\",\"qty\":2,\"gift\":false}"),
        "application/json", null);
    InvokeMeta notesMeta = new InvokeMeta("Store a note", null, json("\"remember the milk\""), "text/plain", null);
    return new CatalogBuilder()
        .fn(py, "get.hello.py").route("/hello", "python/get.hello.py@default", "GET")
        .fn(py, "get.echo.py").fn(node, "post.echo.js")
        .route("/echo", "python/get.echo.py@default", "GET").route("/echo", "node/post.echo.js@default", "POST")
        .fn(node, "items/index.js").route("/items", "node/items/index.js@default", "GET")
        .fn(node, "items/[id].js").fn(node, "items/post.[id].js")
        .route("/items/:id", "node/items/[id].js@default", "GET")
        .route("/items/:id", "node/items/post.[id].js@default", "POST")
        .fn(py, "files/[...path].py").route("/files/:path*", "python/files/[...path].py@default", "GET")
        .fn(node, "greet").fn(node, "greet", "v2", InvokeMeta.EMPTY, List.of("GET"))
        .route("/greet", "node/greet@default", "GET").route("/greet/*", "node/greet@default", "GET")
        .route("/greet/v2", "node/greet@v2", "GET")
        .fn(node, "routed", null, routedMeta, List.of("GET", "POST"))
        .route("/api/routed/:id", "node/routed@default", "GET", "POST")
        .route("/api/brace/:id", "node/routed@default", "GET", "POST")
        .fn(node, "mf/handlers/list.js").fn(py, "mf/handlers/create.py")
        .route("/manifest/list", "node/mf/handlers/list.js@default", "GET")
        .route("/manifest/list", "python/mf/handlers/create.py@default", "POST")
        .fn(node, "orders", null, orderMeta, List.of("POST", "PUT"))
        .route("/orders", "node/orders@default", "POST", "PUT")
        .fn(py, "notes", null, notesMeta, List.of("PATCH", "DELETE"))
        .route("/notes/:a/:b", "python/notes@default", "PATCH", "DELETE")
        .route("/notes/*/x/*", "python/notes@default", "PATCH")
        .fn(node, "get.solo.js").route("/solo", "node/get.solo.js@default", "GET")
        .conflict("/clash", "node/get.clash.js@default", "python/get.clash.py@default")
        .build();
  }
}
