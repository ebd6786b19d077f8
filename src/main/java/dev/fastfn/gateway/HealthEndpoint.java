package dev.fastfn.gateway;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.discovery.FunctionGroup;
import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.discovery.FunctionSpec;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /_fn/health} (and {@code /system/metrics}): unauthenticated, always 200, a report of
 * defaults, routing counts, per-function states and per-runtime health (platform.md §5.1).
 */
public final class HealthEndpoint implements ControlHandler {
  private final FastfnConfig config;
  private final CatalogHolder catalogs;
  private final Invoker invoker;
  private final RuntimeStatus runtimes;
  private final Clock clock;
  private final Instant loadedAt;
  private final HotReloadStatus hotReload;

  /** What the health report says about hot reload. */
  @FunctionalInterface
  public interface HotReloadStatus {
    boolean watcherActive();
  }

  public HealthEndpoint(FastfnConfig config, CatalogHolder catalogs, Invoker invoker, RuntimeStatus runtimes,
      HotReloadStatus hotReload, Clock clock) {
    this.config = config;
    this.catalogs = catalogs;
    this.invoker = invoker;
    this.runtimes = runtimes;
    this.hotReload = hotReload;
    this.clock = clock;
    this.loadedAt = clock.instant();
  }

  /** The last rendered report; monitors poll this endpoint hard, so it is rebuilt at most every 250 ms. */
  private record Rendered(byte[] json, long atNanos, Catalog catalog) {}

  private static final long MAX_AGE_NANOS = 250_000_000L;
  private final java.util.concurrent.atomic.AtomicReference<Rendered> last = new java.util.concurrent.atomic.AtomicReference<>();

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    res.status(200);
    res.header(HeaderNames.CONTENT_TYPE, HttpJson.JSON);
    if (Gateway.isHead(req)) {
      res.send();
      return;
    }
    res.send(current());
  }

  private byte[] current() {
    Rendered r = last.get();
    long now = System.nanoTime();
    Catalog catalog = catalogs.get();
    if (r != null && now - r.atNanos() < MAX_AGE_NANOS && r.catalog() == catalog) {
      return r.json();
    }
    // Two threads may render at once after expiry; both results are valid, the later one stays.
    byte[] json = HttpJson.MAPPER.writeValueAsBytes(report());
    last.set(new Rendered(json, now, catalog));
    return json;
  }

  ObjectNode report() {
    Catalog catalog = catalogs.get();
    ObjectNode r = HttpJson.object();
    r.put("status", "ok");
    r.put("config_loaded_at", loadedAt.getEpochSecond());
    ObjectNode d = r.putObject("defaults");
    d.put("timeout_ms", config.limits().timeoutMs());
    d.put("max_concurrency", config.limits().maxConcurrency());
    d.put("max_body_bytes", config.limits().maxBodyBytes());
    r.put("functions_root", catalog.root().toString());
    r.put("data_dir", config.dataDir().toString());
    ArrayNode order = r.putArray("runtime_order");
    catalog.runtimeOrder().forEach(k -> order.add(k.id()));
    ObjectNode hr = r.putObject("hot_reload");
    hr.put("enabled", config.hotReload());
    hr.put("last_catalog_scan_at", catalog.generatedAt().getEpochSecond());
    ObjectNode wd = hr.putObject("watchdog");
    wd.put("enabled", config.hotReload());
    wd.put("active", hotReload.watcherActive());
    wd.put("backend", "java-watchservice");
    ObjectNode routing = r.putObject("routing");
    routing.put("mapped_routes", catalog.mappedRoutes().size());
    routing.put("mapped_route_conflicts", catalog.conflicts().size());
    r.set("functions", functions(catalog));
    ObjectNode rts = r.putObject("runtimes");
    for (RuntimeKind k : catalog.runtimeOrder()) {
      RuntimeStatus.State s = runtimes.of(k);
      ObjectNode rt = rts.putObject(k.id());
      rt.put("routing", "round_robin");
      rt.put("workers_per_function", config.daemonsFor(k));
      rt.put("timeout_ms", config.limits().timeoutMs());
      ObjectNode h = rt.putObject("health");
      h.put("up", s.up());
      // epoch seconds with milliseconds, as every other time in the console API, never in E-notation
      h.put("ts", java.math.BigDecimal.valueOf(clock.millis(), 3));
      if (s.reason() != null) {
        h.put("reason", s.reason());
      }
      s.details().forEach((key, v) -> h.set(key, HttpJson.MAPPER.valueToTree(v)));
    }
    return r;
  }

  private ObjectNode functions(Catalog catalog) {
    ObjectNode f = HttpJson.object();
    List<ObjectNode> states = new ArrayList<>();
    int warm = 0;
    int stale = 0;
    int cold = 0;
    int keepWarm = 0;
    int poolEnabled = 0;
    var gates = invoker.gateStats();
    long poolActive = 0;
    long poolQueued = 0;
    long overflowDrops = 0;
    long timeoutDrops = 0;
    for (var g : gates.values()) {
      poolActive += g.active();
      poolQueued += g.queued();
      overflowDrops += g.overflowDrops();
      timeoutDrops += g.timeoutDrops();
    }
    for (RuntimeKind k : catalog.runtimeOrder()) {
      for (FunctionGroup group : catalog.groups().getOrDefault(k, List.of())) {
        List<FunctionSpec> specs = new ArrayList<>();
        if (group.defaultSpec() != null) {
          specs.add(group.defaultSpec());
        }
        group.versionLabels().forEach(v -> specs.add(group.versions().get(v)));
        for (FunctionSpec spec : specs) {
          if (spec.kind() != FunctionSpec.Kind.FUNCTION) {
            continue; // pure file routes are not listed (platform.md §5.1)
          }
          ObjectNode s = HttpJson.object();
          s.put("runtime", k.id());
          s.put("name", spec.name());
          if (spec.version() != null) {
            s.put("version", spec.version());
          }
          s.put("key", spec.key());
          String state = state(spec);
          s.put("state", state);
          Instant at = invoker.warm().warmAt(spec.key());
          if (at != null) {
            s.put("warm_at", at.getEpochSecond());
          }
          FunctionPolicy.KeepWarmPolicy kw = spec.policy().keepWarm();
          if (kw != null) {
            ObjectNode kwn = s.putObject("keep_warm");
            kwn.put("enabled", kw.enabled());
            kwn.put("min_warm", kw.minWarm());
            kwn.put("ping_every_seconds", kw.pingEverySeconds());
            kwn.put("idle_ttl_seconds", kw.idleTtlSeconds());
            if (kw.enabled() && kw.minWarm() > 0) {
              keepWarm++;
            }
          }
          if (spec.policy().workerPool() != null) {
            poolEnabled++;
            var wp = spec.policy().workerPool();
            ObjectNode w = s.putObject("worker_pool");
            w.put("enabled", wp.enabled());
            w.put("max_workers", wp.maxWorkers());
            w.put("max_queue", wp.maxQueue());
            w.put("queue_timeout_ms", wp.queueTimeoutMs());
            w.put("queue_poll_ms", wp.queuePollMs());
            w.put("overflow_status", wp.overflowStatus());
            w.put("min_warm", wp.minWarm());
            w.put("idle_ttl_seconds", wp.idleTtlSeconds());
            var gs = gates.get(spec.key());
            w.put("active", gs == null ? 0 : gs.active());
            w.put("queued", gs == null ? 0 : gs.queued());
            long overflow = gs == null ? 0 : gs.overflowDrops();
            long timeout = gs == null ? 0 : gs.timeoutDrops();
            ObjectNode drops = w.putObject("queue_drops");
            drops.put("overflow", overflow);
            drops.put("timeout", timeout);
            drops.put("total", overflow + timeout);
          }
          switch (state) {
            case "warm" -> warm++;
            case "stale" -> stale++;
            default -> cold++;
          }
          states.add(s);
        }
      }
    }
    ObjectNode summary = f.putObject("summary");
    summary.put("total", states.size());
    summary.put("warm", warm);
    summary.put("stale", stale);
    summary.put("cold", cold);
    summary.put("keep_warm_enabled", keepWarm);
    summary.put("pool_enabled", poolEnabled);
    summary.put("pool_active", poolActive);
    summary.put("pool_queued", poolQueued);
    summary.put("pool_queue_drops", overflowDrops + timeoutDrops);
    summary.put("pool_queue_overflow_drops", overflowDrops);
    summary.put("pool_queue_timeout_drops", timeoutDrops);
    ArrayNode arr = f.putArray("states");
    states.forEach(arr::add);
    return f;
  }

  private String state(FunctionSpec spec) {
    Instant at = invoker.warm().warmAt(spec.key());
    if (at == null) {
      return "cold";
    }
    FunctionPolicy.KeepWarmPolicy kw = spec.policy().keepWarm();
    Instant last = invoker.warm().lastCall(spec.key());
    if (kw != null && last != null
        && Duration.between(last, clock.instant()).getSeconds() > kw.idleTtlSeconds()) {
      return "stale";
    }
    return "warm";
  }
}
