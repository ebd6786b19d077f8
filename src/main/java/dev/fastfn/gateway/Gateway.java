package dev.fastfn.gateway;

import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.discovery.HomeTarget;
import dev.fastfn.routing.RequestPaths;
import dev.fastfn.routing.RouteMatch;
import dev.fastfn.routing.Router;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP handler: control-plane paths go to {@link ControlRoutes}, everything else is routed
 * to a function and run through the {@link Invoker}; {@code /}, which no function route owns, goes to
 * the {@link Home}. Every error leaves through {@link HttpErrors}.
 * Runs on Helidon's virtual thread per request; holds no per-request state.
 */
public final class Gateway {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  /** Response headers the HTTP layer owns; a handler's values for them are ignored. */
  private static final Set<String> HOP_BY_HOP = caseInsensitive(
      "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "trailer");
  /** The admin token is a gateway credential, never forwarded to handlers (D9). */
  private static final Set<String> STRIPPED_REQUEST_HEADERS = Set.of("x-fn-admin-token");

  private final CatalogHolder catalogs;
  private final Router router;
  private final Invoker invoker;
  private final ControlRoutes control;
  private final RequestLog access;
  private final Home home;

  public Gateway(CatalogHolder catalogs, Router router, Invoker invoker, ControlRoutes control, RequestLog access,
      Home home) {
    this.catalogs = catalogs;
    this.router = router;
    this.invoker = invoker;
    this.control = control;
    this.access = access;
    this.home = home;
    control.seal();
  }

  public void handle(ServerRequest req, ServerResponse res) {
    long started = System.nanoTime();
    // Not Helidon's decoded path: it throws on characters browsers leave unencoded ('[', '|'...).
    String rawPath = req.path().rawPath();
    String path = RequestPaths.decodedOrRaw(rawPath);
    try {
      dispatch(req, res, path, rawPath, req.query().rawValue());
    } catch (FnHttpException e) {
      HttpErrors.render(e, res);
    } catch (Exception e) {
      HttpErrors.unexpected(e, res, req.prologue().method().text() + " " + path);
    }
    if (!path.equals("/_fn/health")) {
      access.record(req.prologue().method().text(), path, res.status().code(), res.bytesWritten(),
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  /**
   * Serves {@code path} ({@code rawPath} decoded once) with {@code rawQuery}: the request's own, or
   * the path and query a home setting runs in its place.
   */
  private void dispatch(ServerRequest req, ServerResponse res, String path, String rawPath, String rawQuery)
      throws Exception {
    if (isReserved(path)) {
      ControlRoutes.Hit hit = control.find(path);
      if (hit == null) {
        throw new FnHttpException.NotFound();
      }
      hit.handler().handle(req, res, hit.subPath());
      return;
    }
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.equals("/fastfn.json") || lower.equals("/fastfn.toml") || path.contains("/../") || path.endsWith("/..")) {
      throw new FnHttpException.NotFound();
    }
    ControlRoutes.Hit exact = control.find(path); // public aliases such as /openapi.json
    if (exact != null) {
      exact.handler().handle(req, res, exact.subPath());
      return;
    }
    Catalog catalog = catalogs.get();
    String method = req.prologue().method().text();
    String host = req.headers().first(HeaderNames.HOST).orElse("");
    // The router decodes percent-escapes itself, exactly once: give it the raw path.
    RouteMatch match = router.match(catalog, method, host, rawPath);
    if (match instanceof RouteMatch.NotFound && catalogs.isStale()) {
      // A file just dropped into the tree: find it now rather than after the watcher's debounce.
      catalog = catalogs.freshen();
      match = router.match(catalog, method, host, rawPath);
    }
    RouteMatch.Found found = switch (match) {
      case RouteMatch.Found f -> f;
      case RouteMatch.NotFound n -> {
        if (Home.isHomePath(path)) {
          serveHome(req, res, catalog, rawQuery);
          yield null;
        }
        ControlRoutes.Hit fb = control.fallback(path);
        if (fb != null) {
          fb.handler().handle(req, res, fb.subPath());
          yield null;
        }
        throw new FnHttpException.NotFound();
      }
      case RouteMatch.MethodNotAllowed m -> throw new FnHttpException.MethodNotAllowed(m.allowed());
      case RouteMatch.Conflict c -> throw new FnHttpException.Conflict("ambiguous function",
          Map.of("candidates", c.candidates()));
      case RouteMatch.HostNotAllowed h -> throw new FnHttpException.HostNotAllowed();
    };
    if (found == null) {
      return;
    }
    invokeFunction(req, res, found, method, path, rawQuery);
  }

  /** routing.md §7.1. HomeTarget never runs "/" itself, so the dispatch of a Run does not come back here. */
  private void serveHome(ServerRequest req, ServerResponse res, Catalog catalog, String rawQuery) throws Exception {
    switch (home.target(catalog)) {
      case HomeTarget.Run run -> dispatch(req, res, RequestPaths.decodedOrRaw(run.path()), run.path(),
          run.query() != null ? run.query() : rawQuery);
      case HomeTarget.Redirect r -> Home.redirect(res, r);
      case HomeTarget.Unset u -> home.page(req, res, catalog);
    }
  }

  /** `/_fn`, `/_fn/...`, `/console`, `/console/...` are never function routes. */
  static boolean isReserved(String path) {
    return path.equals("/_fn") || path.startsWith("/_fn/") || path.equals("/console") || path.startsWith("/console/");
  }

  private void invokeFunction(ServerRequest req, ServerResponse res, RouteMatch.Found found, String method,
      String path, String rawQuery) {
    var policy = found.fn().policy();
    byte[] body = req.content().hasEntity() ? HttpJson.readBody(req, policy.maxBodyBytes()) : null;
    Map<String, Object> query = QueryStrings.parse(rawQuery);
    query.remove("__fnctx"); // D9: the reference's context smuggling marker is ignored on public routes
    Invocation inv = new Invocation(found.fn(), method, path, rawQuery == null ? "" : rawQuery, query,
        requestHeaders(req), body, found.params(), clientIp(req), null, Trigger.HTTP);
    InvokeResult result = invoker.invoke(inv);
    writeResult(res, result);
  }

  static Map<String, Object> requestHeaders(ServerRequest req) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (var h : req.headers()) {
      String name = h.name().toLowerCase(Locale.ROOT);
      if (STRIPPED_REQUEST_HEADERS.contains(name)) {
        continue;
      }
      List<String> values = h.allValues();
      Object prev = out.get(name);
      if (prev == null) {
        out.put(name, values.size() == 1 ? values.get(0) : List.copyOf(values));
      } else {
        List<Object> merged = new ArrayList<>(prev instanceof List<?> l ? l : List.of(prev));
        merged.addAll(values);
        out.put(name, merged);
      }
    }
    return out;
  }

  static String clientIp(ServerRequest req) {
    SocketAddress addr = req.remotePeer().address();
    if (addr instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return "127.0.0.1";
  }

  static void writeResult(ServerResponse res, InvokeResult result) {
    res.status(result.status());
    for (var h : result.headers().entrySet()) {
      if (HOP_BY_HOP.contains(h.getKey())) {
        continue;
      }
      res.header(h.getKey(), h.getValue().toArray(String[]::new));
    }
    if (forbidsBody(result.status())) {
      res.send(); // HTTP has no body for these: whatever the handler returned is dropped, as nginx does
    } else {
      res.send(result.body());
    }
  }

  private static boolean forbidsBody(int status) {
    return status == 204 || status == 205 || status == 304 || (status >= 100 && status < 200);
  }

  private static Set<String> caseInsensitive(String... names) {
    java.util.TreeSet<String> set = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    set.addAll(List.of(names));
    return java.util.Collections.unmodifiableSet(set);
  }

  /** True for HEAD, where a control endpoint must answer without a body. */
  public static boolean isHead(ServerRequest req) {
    return req.prologue().method() == Method.HEAD;
  }

  static Logger log() {
    return LOG;
  }
}
