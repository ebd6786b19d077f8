package dev.fastfn.discovery;

import dev.fastfn.config.RuntimeKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of everything discovered under the functions root. Built whole by the
 * Scanner and swapped atomically by {@link CatalogHolder}; readers never lock and never see a
 * half-built catalog.
 *
 * @param mappedRoutes route pattern -> claims, in registration order (iteration order is kept)
 * @param conflicts routes claimed twice at the same rank, with the claimants ("python/get.clash.py@default", ...)
 * @param dynamicRoutes keys of mappedRoutes with ':' or '*', most specific first (routing.md §4.4)
 * @param functions every FunctionSpec by key
 * @param groups named functions per runtime, sorted by name
 * @param problems human-readable discovery problems (bad fn.config.json, ambiguous names...)
 * @param home what the root fn.config.json sets {@code /} to do (routing.md §7.1 step 3)
 */
public record Catalog(
    Path root,
    List<RuntimeKind> runtimeOrder,
    Map<String, List<RouteEntry>> mappedRoutes,
    Map<String, List<String>> conflicts,
    List<String> dynamicRoutes,
    Map<String, FunctionSpec> functions,
    Map<RuntimeKind, List<FunctionGroup>> groups,
    List<String> problems,
    HomeTarget home,
    Instant generatedAt) {

  public Catalog {
    runtimeOrder = List.copyOf(runtimeOrder);
    mappedRoutes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(mappedRoutes));
    conflicts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(conflicts));
    dynamicRoutes = List.copyOf(dynamicRoutes);
    functions = Map.copyOf(functions);
    groups = Map.copyOf(groups);
    problems = List.copyOf(problems);
    java.util.Objects.requireNonNull(home, "home"); // HomeTarget.UNSET when the root config sets none
  }

  public static Catalog empty(Path root, List<RuntimeKind> runtimeOrder) {
    return new Catalog(root, runtimeOrder, Map.of(), Map.of(), List.of(), Map.of(), Map.of(), List.of(), HomeTarget.UNSET,
        Instant.now());
  }

  /** True when the tree has anything to serve: a mapped route or a function (§7.1 step 5). */
  public boolean hasContent() {
    return !mappedRoutes.isEmpty() || !functions.isEmpty();
  }

  public FunctionSpec function(String key) {
    return functions.get(key);
  }

  /** The group named {@code name} in {@code runtime}, or null. */
  public FunctionGroup group(RuntimeKind runtime, String name) {
    for (FunctionGroup g : groups.getOrDefault(runtime, List.of())) {
      if (g.name().equals(name)) {
        return g;
      }
    }
    return null;
  }

  /**
   * Finds a function by name as the console and /_fn/invoke address it (D4): with a runtime, only
   * there; without one, the single runtime that has it, else {@link Lookup.Ambiguous}.
   */
  public Lookup lookup(RuntimeKind runtime, String name, String version) {
    List<FunctionGroup> hits = new ArrayList<>();
    for (RuntimeKind rt : runtimeOrder) {
      if (runtime != null && rt != runtime) {
        continue;
      }
      FunctionGroup g = group(rt, name);
      if (g != null) {
        hits.add(g);
      }
    }
    if (hits.isEmpty()) {
      return new Lookup.NotFound("unknown function");
    }
    if (hits.size() > 1) {
      return new Lookup.Ambiguous(hits.stream().map(g -> g.runtime().id()).toList());
    }
    FunctionGroup g = hits.get(0);
    FunctionSpec spec = g.version(version);
    if (spec == null) {
      return new Lookup.NotFound(version == null ? "default version not available" : "unknown version");
    }
    return new Lookup.Found(g, spec);
  }

  /** Result of {@link #lookup}. */
  public sealed interface Lookup {
    record Found(FunctionGroup group, FunctionSpec spec) implements Lookup {}

    record NotFound(String reason) implements Lookup {}

    record Ambiguous(List<String> runtimes) implements Lookup {}
  }
}
