package dev.fastfn.console;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.discovery.RouteEntry;
import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import dev.fastfn.gateway.Invocation;
import dev.fastfn.gateway.InvokeResult;
import dev.fastfn.gateway.Invoker;
import dev.fastfn.gateway.QueryStrings;
import dev.fastfn.gateway.Trigger;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /_fn/invoke}: runs a function through the same {@link Invoker} as public traffic (method
 * check with 405, body limit, admission, timeout), addressed by {@code runtime} (optional unless the
 * name exists in several runtimes: 409 listing them, D4), {@code name} and {@code version}. Answers 200
 * with the function's {@code status}, {@code headers}, {@code body} (or {@code is_base64} +
 * {@code body_base64}), {@code stdout}, {@code stderr}, {@code latency_ms} and the {@code route} used. Runtime failures carry their detail and
 * {@code latency_ms} ({@link InvokeFailures}).
 */
final class InvokeEndpoint implements ControlHandler {
  private static final Set<String> FIELDS = Set.of("runtime", "name", "version", "method", "route", "params",
      "query", "headers", "body", "context");

  private final List<RuntimeKind> runtimes;
  private final CatalogHolder catalogs;
  private final Invoker invoker;

  InvokeEndpoint(List<RuntimeKind> runtimes, CatalogHolder catalogs, Invoker invoker) {
    this.runtimes = runtimes;
    this.catalogs = catalogs;
    this.invoker = invoker;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    if (!Guard.method(req).equals("POST")) {
      throw ConsoleResponses.notAllowed("POST");
    }
    ObjectNode b = ConsoleRequests.readObject(req, ConsoleRequests.INVOKE_BODY_LIMIT);
    for (String k : b.propertyNames()) {
      if (!FIELDS.contains(k)) {
        throw new FnHttpException.BadRequest("unknown invoke field: " + k);
      }
    }
    String name = text(b, "name");
    if (name == null || name.isEmpty()) {
      throw new FnHttpException.BadRequest("name is required");
    }
    String rt = text(b, "runtime");
    RuntimeKind runtime = rt == null || rt.isEmpty() ? null : FunctionRef.runtime(rt, runtimes);
    String version = text(b, "version");
    if (version != null && version.isEmpty()) {
      version = null;
    }
    if (!ConsoleNames.isFunctionName(name) && !ConsoleNames.isFileTarget(name)) {
      throw new FnHttpException.BadRequest("invalid function name");
    }
    if (version != null && !ConsoleNames.isVersion(version)) {
      throw new FnHttpException.BadRequest("invalid version");
    }
    String method = text(b, "method");
    method = method == null ? "GET" : method.trim().toUpperCase(Locale.ROOT);
    if (!dev.fastfn.discovery.FunctionPolicy.ALL_METHODS.contains(method)) {
      throw new FnHttpException.BadRequest("unsupported method");
    }
    String route = text(b, "route");
    Map<String, String> params = params(b.get("params"));
    JsonNode context = b.get("context");
    if (context != null && !context.isNull() && !context.isObject()) {
      throw new FnHttpException.BadRequest("context must be an object");
    }
    Catalog catalog = catalogs.get();
    FunctionSpec fn = switch (catalog.lookup(runtime, name, version)) {
      case Catalog.Lookup.Found f -> f.spec();
      case Catalog.Lookup.NotFound n -> throw new FnHttpException.NotFound(n.reason());
      case Catalog.Lookup.Ambiguous a -> throw new FnHttpException.Conflict(
          "ambiguous function name '" + name + "': present in runtimes " + String.join(", ", a.runtimes())
              + "; pass runtime", Map.of("runtimes", a.runtimes()));
    };
    String template;
    if (route != null) {
      template = dev.fastfn.discovery.RoutePaths.normalize(route);
      if (template == null) {
        throw new FnHttpException.BadRequest("invalid route");
      }
    } else {
      template = defaultRoute(catalog, fn, method, params);
    }
    String path = interpolate(template, params);
    Map<String, Object> query = query(b.get("query"));
    Invocation inv = new Invocation(fn, method, path, QueryStrings.encode(query), query, headers(b.get("headers")),
        body(b), params, ClientAddress.normalize(Guard.peer(req)),
        context == null || context.isNull() ? null : context, Trigger.INVOKE);
    InvokeResult r = InvokeFailures.call(invoker, inv);
    HttpJson.ok(res, response(r, path, template));
  }

  private static ObjectNode response(InvokeResult r, String path, String template) {
    ObjectNode out = HttpJson.object();
    out.put("status", r.status());
    out.put("latency_ms", r.latencyMs());
    out.put("route", path);
    out.put("route_template", template);
    ObjectNode h = out.putObject("headers");
    r.headers().forEach((k, v) -> h.put(k, String.join(", ", v)));
    byte[] body = r.body() == null ? new byte[0] : r.body();
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString();
      out.put("body", text);
    } catch (CharacterCodingException e) {
      out.put("is_base64", true);
      out.put("body_base64", Base64.getEncoder().encodeToString(body));
    }
    out.put("stdout", r.stdout() == null ? "" : r.stdout());
    out.put("stderr", r.stderr() == null ? "" : r.stderr());
    return out;
  }

  /**
   * The route to call {@code fn} on: among its mapped routes that take {@code method}, alphabetically
   * first one whose parameters are all given (so a static route wins over one needing params), else
   * the alphabetically first (which then names the missing params); without mapped routes, /name.
   */
  static String defaultRoute(Catalog catalog, FunctionSpec fn, String method, Map<String, String> params) {
    java.util.TreeSet<String> routes = new java.util.TreeSet<>();
    for (Map.Entry<String, List<RouteEntry>> e : catalog.mappedRoutes().entrySet()) {
      for (RouteEntry r : e.getValue()) {
        if (r.functionKey().equals(fn.key()) && r.methods().contains(method)) {
          routes.add(e.getKey());
        }
      }
    }
    for (String r : routes) {
      if (paramsOf(r).stream().allMatch(p -> params.get(p) != null && !params.get(p).isEmpty())) {
        return r;
      }
    }
    if (!routes.isEmpty()) {
      return routes.first();
    }
    String canonical = canonical(fn.name());
    if (canonical.isEmpty()) {
      throw new FnHttpException.NotFound("no mapped public route for target");
    }
    return "/" + canonical;
  }

  private static List<String> paramsOf(String route) {
    List<String> out = new ArrayList<>();
    for (String seg : route.split("/")) {
      if (seg.startsWith(":")) {
        out.add(seg.endsWith("*") ? seg.substring(1, seg.length() - 1) : seg.substring(1));
      }
    }
    return out;
  }

  /** Lower-case segments, '_' to '-', other runs of non-[a-z0-9-] to '-' (console-api.md §4.14). */
  static String canonical(String name) {
    List<String> segs = new ArrayList<>();
    for (String s : name.split("/")) {
      String c = s.toLowerCase(Locale.ROOT).replace('_', '-').replaceAll("[^a-z0-9-]+", "-")
          .replaceAll("^-+|-+$", "");
      if (!c.isEmpty()) {
        segs.add(c);
      }
    }
    return String.join("/", segs);
  }

  /** Fills {@code :p} and {@code :p*}; 400 naming the params that are missing. */
  static String interpolate(String template, Map<String, String> params) {
    List<String> missing = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    for (String seg : template.substring(1).split("/", -1)) {
      out.append('/');
      if (seg.startsWith(":")) {
        boolean rest = seg.endsWith("*");
        String key = seg.substring(1, rest ? seg.length() - 1 : seg.length());
        String v = params.get(key);
        if (v == null || v.isEmpty()) {
          missing.add(key);
          continue;
        }
        if (rest) {
          List<String> parts = new ArrayList<>();
          for (String p : v.split("/")) {
            parts.add(escape(p));
          }
          out.append(String.join("/", parts));
        } else {
          out.append(escape(v));
        }
      } else {
        out.append(seg);
      }
    }
    if (!missing.isEmpty()) {
      throw new FnHttpException.BadRequest("missing required path params",
          Map.of("route", template, "missing_params", List.copyOf(missing)));
    }
    return out.length() == 0 ? "/" : out.toString();
  }

  private static String escape(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Map<String, String> params(JsonNode p) {
    Map<String, String> out = new LinkedHashMap<>();
    if (p == null || p.isNull()) {
      return out;
    }
    if (!p.isObject()) {
      throw new FnHttpException.BadRequest("params must be a JSON object");
    }
    for (Map.Entry<String, JsonNode> e : p.properties()) {
      if (e.getKey().isEmpty()) {
        throw new FnHttpException.BadRequest("params keys must be non-empty strings");
      }
      JsonNode v = e.getValue();
      if (!v.isNull()) {
        out.put(e.getKey(), v.isString() ? v.stringValue() : v.toString());
      }
    }
    return out;
  }

  private static Map<String, Object> query(JsonNode q) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (q == null || q.isNull()) {
      return out;
    }
    if (!q.isObject()) {
      throw new FnHttpException.BadRequest("query must be a JSON object");
    }
    for (Map.Entry<String, JsonNode> e : q.properties()) {
      JsonNode v = e.getValue();
      if (v.isNull()) {
        continue;
      }
      if (v.isArray()) {
        List<Object> list = new ArrayList<>();
        v.forEach(x -> list.add(scalar(x)));
        out.put(e.getKey(), list);
      } else {
        out.put(e.getKey(), scalar(v));
      }
    }
    return out;
  }

  private static Map<String, Object> headers(JsonNode h) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (h == null || h.isNull()) {
      return out;
    }
    if (!h.isObject()) {
      throw new FnHttpException.BadRequest("headers must be a JSON object");
    }
    for (Map.Entry<String, JsonNode> e : h.properties()) {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (k.equals("x-fn-admin-token") || e.getValue().isNull()) {
        continue; // the admin token is a gateway credential, never forwarded (D9)
      }
      out.put(k, scalar(e.getValue()));
    }
    return out;
  }

  private static String scalar(JsonNode v) {
    return v.isString() ? v.stringValue() : v.toString();
  }

  private static byte[] body(ObjectNode b) {
    JsonNode v = b.get("body");
    if (v == null || v.isNull()) {
      return null;
    }
    String s = v.isString() ? v.stringValue() : HttpJson.MAPPER.writeValueAsString(v);
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(ObjectNode b, String key) {
    JsonNode v = b.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw new FnHttpException.BadRequest(key + " must be a string");
    }
    return v.stringValue();
  }

}
