package dev.fastfn.console;

import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.discovery.RouteEntry;
import dev.fastfn.gateway.HttpJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The effective policy of a function version as the catalog and the detail show it. Pure. */
final class PolicyJson {
  private PolicyJson() {}

  /** Routes of the catalog's mapped_routes that target {@code fn}, in catalog order. */
  static List<String> mappedRoutes(Catalog catalog, FunctionSpec fn) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<RouteEntry>> e : catalog.mappedRoutes().entrySet()) {
      for (RouteEntry r : e.getValue()) {
        if (r.functionKey().equals(fn.key())) {
          out.add(e.getKey());
          break;
        }
      }
    }
    return out;
  }

  static ObjectNode of(FunctionSpec fn, List<String> mapped) {
    FunctionPolicy p = fn.policy();
    ObjectNode o = HttpJson.object();
    o.put("timeout_ms", p.timeoutMs());
    o.put("max_concurrency", p.maxConcurrency());
    o.put("max_body_bytes", p.maxBodyBytes());
    o.put("include_debug_headers", p.includeDebugHeaders());
    array(o, "methods", p.methods());
    List<String> routes = new ArrayList<>(p.routes());
    for (String r : mapped) {
      if (!routes.contains(r)) {
        routes.add(r);
      }
    }
    array(o, "routes", routes);
    array(o, "allow_hosts", p.allowHosts());
    o.put("force_url", p.forceUrl());
    if (p.workerPool() != null) {
      FunctionPolicy.WorkerPoolPolicy w = p.workerPool();
      ObjectNode wp = o.putObject("worker_pool");
      wp.put("enabled", w.enabled());
      wp.put("min_warm", w.minWarm());
      wp.put("max_workers", w.maxWorkers());
      wp.put("max_queue", w.maxQueue());
      wp.put("idle_ttl_seconds", w.idleTtlSeconds());
      wp.put("queue_timeout_ms", w.queueTimeoutMs());
      wp.put("queue_poll_ms", w.queuePollMs());
      wp.put("overflow_status", w.overflowStatus());
    }
    if (p.keepWarm() != null) {
      FunctionPolicy.KeepWarmPolicy k = p.keepWarm();
      ObjectNode kw = o.putObject("keep_warm");
      kw.put("enabled", k.enabled());
      kw.put("min_warm", k.minWarm());
      kw.put("ping_every_seconds", k.pingEverySeconds());
      kw.put("idle_ttl_seconds", k.idleTtlSeconds());
    }
    if (p.schedule() != null) {
      o.set("schedule", p.schedule());
    }
    if (p.edge() != null) {
      o.set("edge", p.edge());
    }
    array(o, "shared_deps", p.sharedDeps());
    if (p.handlerName() != null) {
      o.put("handler", p.handlerName());
    }
    if (p.adapter() != null) {
      o.put("adapter", p.adapter());
    }
    return o;
  }

  static void array(ObjectNode o, String key, List<String> values) {
    ArrayNode a = o.putArray(key);
    values.forEach(a::add);
  }
}
