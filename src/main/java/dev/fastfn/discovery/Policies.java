package dev.fastfn.discovery;

import dev.fastfn.config.FastfnConfig.DefaultLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Turns config layers into the effective {@link FunctionPolicy} and {@link InvokeMeta} (routing.md
 * §4.6, §5.1). Layers are passed nearest first; each field comes from the nearest layer that sets
 * it, else from the defaults (D11). Pure functions.
 */
final class Policies {
  static final List<String> DEFAULT_METHODS = List.of("GET");

  private Policies() {}

  /** Default version of a runtime-scoped or explicit function: its own file only, no inheritance. */
  static FunctionPolicy forFunction(DefaultLimits limits, FnConfig own, boolean globalForce) {
    List<FnConfig> layers = List.of(own);
    boolean force = globalForce || Boolean.TRUE.equals(own.forceUrl());
    return build(limits, layers, nz(own.methods(), DEFAULT_METHODS), nz(own.routes(), List.of()), force,
        own.keepWarm(), own.schedule());
  }

  /**
   * A version folder: version fields over the function's, over defaults. Routes are the version's
   * own (no defaults); its own force-url is ignored (only the global flag counts); schedule and
   * keep_warm are not inherited (they would fire twice).
   */
  static FunctionPolicy forVersion(DefaultLimits limits, FnConfig function, FnConfig version, boolean globalForce) {
    List<FnConfig> layers = List.of(version, function);
    List<String> methods = nz(first(layers, FnConfig::methods), DEFAULT_METHODS);
    return build(limits, layers, methods, nz(version.routes(), List.of()), globalForce,
        version.keepWarm(), version.schedule());
  }

  /**
   * A file or manifest target: overlays from its folder up to the root (nearest first). Methods come
   * from the nearest overlay that sets them, else from the route claims of the file
   * ({@code entryMethods}). Schedule and keep_warm come only from the file's own folder overlay.
   */
  static FunctionPolicy forFile(DefaultLimits limits, List<FnConfig> overlays, FnConfig ownFolder,
      List<String> entryMethods) {
    List<String> methods = nz(first(overlays, FnConfig::methods), entryMethods.isEmpty() ? DEFAULT_METHODS : entryMethods);
    FnConfig own = ownFolder != null && ownFolder.isOverlay() ? ownFolder : null;
    return build(limits, overlays, methods, List.of(), false,
        own == null ? null : own.keepWarm(), own == null ? null : own.schedule());
  }

  /** Console/OpenAPI metadata: nearest layer wins, then handler hints. */
  static InvokeMeta meta(List<FnConfig> layers, HandlerHints.Hints hints) {
    String summary = first(layers, FnConfig::summary);
    JsonNode query = first(layers, FnConfig::query);
    JsonNode body = first(layers, FnConfig::body);
    String contentType = first(layers, FnConfig::contentType);
    String defaultMethod = first(layers, FnConfig::defaultMethod);
    if (hints != null) {
      summary = summary != null ? summary : hints.summary();
      query = query != null ? query : hints.query();
      body = body != null ? body : hints.body();
      contentType = contentType != null ? contentType : hints.contentType();
      if (defaultMethod == null && !hints.methods().isEmpty()) {
        defaultMethod = hints.methods().get(0);
      }
    }
    if (summary == null && query == null && body == null && contentType == null && defaultMethod == null) {
      return InvokeMeta.EMPTY;
    }
    return new InvokeMeta(summary, query, body, contentType, defaultMethod);
  }

  private static FunctionPolicy build(DefaultLimits limits, List<FnConfig> layers, List<String> methods,
      List<String> routes, boolean force, FunctionPolicy.KeepWarmPolicy keepWarm, JsonNode schedule) {
    int timeout = nz(first(layers, FnConfig::timeoutMs), limits.timeoutMs());
    int maxConc = nz(first(layers, FnConfig::maxConcurrency), limits.maxConcurrency());
    long maxBody = nz(first(layers, FnConfig::maxBodyBytes), limits.maxBodyBytes());
    boolean debug = false;
    for (FnConfig c : layers) {
      debug |= Boolean.TRUE.equals(c.includeDebugHeaders());
    }
    return new FunctionPolicy(
        timeout,
        maxConc,
        maxBody,
        methods,
        routes,
        nz(first(layers, FnConfig::allowHosts), List.of()),
        force,
        debug,
        workerPool(first(layers, FnConfig::workerPool), maxConc),
        keepWarm,
        schedule,
        first(layers, FnConfig::edge),
        nz(first(layers, FnConfig::sharedDeps), List.of()),
        nz(first(layers, FnConfig::handler), "handler"),
        nz(first(layers, FnConfig::adapter), "native"));
  }

  /** worker_pool defaults (§5.1): enabled, max_workers = max_concurrency, queue 0, poll 20 ms, 429, min_warm ≤ max_workers. */
  private static FunctionPolicy.WorkerPoolPolicy workerPool(FnConfig.WorkerPoolConfig c, int maxConcurrency) {
    if (c == null) {
      return null;
    }
    int maxWorkers = nz(c.maxWorkers(), maxConcurrency);
    int minWarm = nz(c.minWarm(), 0);
    if (maxWorkers > 0) {
      minWarm = Math.min(minWarm, maxWorkers);
    }
    return new FunctionPolicy.WorkerPoolPolicy(
        nz(c.enabled(), true),
        maxWorkers,
        nz(c.maxQueue(), 0),
        nz(c.queueTimeoutMs(), 0),
        nz(c.queuePollMs(), FunctionPolicy.WorkerPoolPolicy.DEFAULT_QUEUE_POLL_MS),
        nz(c.overflowStatus(), 429),
        minWarm,
        nz(c.idleTtlSeconds(), 300));
  }

  /** Canonical order GET, POST, PUT, PATCH, DELETE of a set of methods. */
  static List<String> canonicalOrder(java.util.Collection<String> methods) {
    List<String> out = new ArrayList<>();
    for (String m : FunctionPolicy.ALL_METHODS) {
      if (methods.contains(m)) {
        out.add(m);
      }
    }
    return out;
  }

  static <T> T first(List<FnConfig> layers, Function<FnConfig, T> field) {
    for (FnConfig c : layers) {
      T v = field.apply(c);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static <T> T nz(T v, T def) {
    return v != null ? v : def;
  }
}
