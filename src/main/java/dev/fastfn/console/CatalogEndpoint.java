package dev.fastfn.console;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.discovery.FunctionGroup;
import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.discovery.RouteEntry;
import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.HttpJson;
import dev.fastfn.gateway.RuntimeStatus;
import dev.fastfn.gateway.WarmTracker;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /_fn/catalog} (console-api.md §4.3, platform.md §8.2): functions root, defaults, runtime
 * order, mapped routes with their targets, route conflicts, and per runtime its health and functions
 * (name, has_default, versions, policy, versions_policy, states). Empty lists are {@code []} (D5).
 */
final class CatalogEndpoint implements ControlHandler {
  private final FastfnConfig config;
  private final CatalogHolder catalogs;
  private final RuntimeStatus runtimes;
  private final WarmTracker warm;
  private final Clock clock;

  CatalogEndpoint(FastfnConfig config, CatalogHolder catalogs, RuntimeStatus runtimes, WarmTracker warm, Clock clock) {
    this.config = config;
    this.catalogs = catalogs;
    this.runtimes = runtimes;
    this.warm = warm;
    this.clock = clock;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    String method = Guard.method(req);
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw ConsoleResponses.notAllowed("GET");
    }
    HttpJson.ok(res, render(catalogs.get()));
  }

  ObjectNode render(Catalog c) {
    ObjectNode out = HttpJson.object();
    out.put("generated_at", ConsoleResponses.epochSeconds(clock.instant()));
    out.put("catalog_generated_at", ConsoleResponses.epochSeconds(c.generatedAt()));
    out.put("functions_root", c.root().toString());
    ObjectNode d = out.putObject("defaults");
    d.put("timeout_ms", config.limits().timeoutMs());
    d.put("max_concurrency", config.limits().maxConcurrency());
    d.put("max_body_bytes", config.limits().maxBodyBytes());
    ArrayNode order = out.putArray("runtime_order");
    c.runtimeOrder().forEach(k -> order.add(k.id()));
    ObjectNode mapped = out.putObject("mapped_routes");
    for (Map.Entry<String, List<RouteEntry>> e : c.mappedRoutes().entrySet()) {
      ArrayNode claims = mapped.putArray(e.getKey());
      for (RouteEntry r : e.getValue()) {
        FunctionSpec fn = c.function(r.functionKey());
        ObjectNode claim = claims.addObject();
        claim.put("runtime", fn == null ? r.functionKey().substring(0, r.functionKey().indexOf('/')) : fn.runtime().id());
        claim.put("fn_name", fn == null ? r.functionKey() : fn.name());
        if (fn != null && fn.version() != null) {
          claim.put("version", fn.version());
        }
        PolicyJson.array(claim, "methods", r.methods());
        claim.put("source_rank", r.rank());
        if (!r.allowHosts().isEmpty()) {
          PolicyJson.array(claim, "allow_hosts", r.allowHosts());
        }
        claim.put("force_url", r.forceUrl());
      }
    }
    ObjectNode conflicts = out.putObject("mapped_route_conflicts");
    c.conflicts().keySet().forEach(route -> conflicts.put(route, true));
    ObjectNode rts = out.putObject("runtimes");
    for (RuntimeKind k : c.runtimeOrder()) {
      ObjectNode rt = rts.putObject(k.id());
      rt.put("routing", "round_robin");
      rt.put("timeout_ms", config.limits().timeoutMs());
      RuntimeStatus.State s = runtimes.of(k);
      ObjectNode h = rt.putObject("health");
      h.put("up", s.up());
      if (s.reason() != null) {
        h.put("reason", s.reason());
      }
      ArrayNode fns = rt.putArray("functions");
      c.groups().getOrDefault(k, List.of()).stream()
          .sorted(Comparator.comparing(FunctionGroup::name))
          .forEach(g -> fns.add(function(c, g)));
    }
    return out;
  }

  /**
   * Every function of every runtime, as in {@link #render}'s per-runtime lists, each with its
   * {@code runtime}: the flat list of {@code GET /_fn/api/functions} (console-api.md §4.4).
   */
  ArrayNode renderFlat(Catalog c) {
    ArrayNode out = HttpJson.MAPPER.createArrayNode();
    for (RuntimeKind k : c.runtimeOrder()) {
      c.groups().getOrDefault(k, List.of()).stream()
          .sorted(Comparator.comparing(FunctionGroup::name))
          .forEach(g -> out.add(HttpJson.object().put("runtime", k.id()).setAll(function(c, g))));
    }
    return out;
  }

  private ObjectNode function(Catalog c, FunctionGroup g) {
    ObjectNode f = HttpJson.object();
    f.put("name", g.name());
    f.put("has_default", g.hasDefault());
    PolicyJson.array(f, "versions", g.versionLabels());
    FunctionSpec main = g.hasDefault() ? g.defaultSpec()
        : g.versionLabels().isEmpty() ? null : g.versions().get(g.versionLabels().get(0));
    if (main != null) {
      f.set("policy", PolicyJson.of(main, PolicyJson.mappedRoutes(c, main)));
    }
    ObjectNode vp = f.putObject("versions_policy");
    ObjectNode vs = f.putObject("versions_state");
    for (String v : g.versionLabels()) {
      FunctionSpec spec = g.versions().get(v);
      vp.set(v, PolicyJson.of(spec, PolicyJson.mappedRoutes(c, spec)));
      vs.set(v, state(spec));
    }
    if (g.hasDefault()) {
      f.set("default_state", state(g.defaultSpec()));
    }
    return f;
  }

  private ObjectNode state(FunctionSpec spec) {
    ObjectNode s = HttpJson.object();
    s.put("key", spec.key());
    Instant at = warm.warmAt(spec.key());
    String state = "cold";
    if (at != null) {
      state = "warm";
      FunctionPolicy.KeepWarmPolicy kw = spec.policy().keepWarm();
      Instant last = warm.lastCall(spec.key());
      if (kw != null && last != null && Duration.between(last, clock.instant()).getSeconds() > kw.idleTtlSeconds()) {
        state = "stale";
      }
      s.put("warm_at", ConsoleResponses.epochSeconds(at));
    }
    s.put("state", state);
    FunctionPolicy.KeepWarmPolicy kw = spec.policy().keepWarm();
    if (kw != null) {
      ObjectNode k = s.putObject("keep_warm");
      k.put("enabled", kw.enabled());
      k.put("min_warm", kw.minWarm());
      k.put("ping_every_seconds", kw.pingEverySeconds());
      k.put("idle_ttl_seconds", kw.idleTtlSeconds());
    }
    return s;
  }
}
