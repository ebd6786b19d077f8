package dev.fastfn.routing;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.FunctionGroup;
import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.discovery.RouteEntry;
import dev.fastfn.discovery.RoutePaths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes of one {@link Catalog}, compiled for matching: static routes in a hash map, dynamic
 * and conflicted-dynamic routes as {@link RoutePattern}s in most-specific-first order, and the
 * {@code name@version} targets. Immutable after construction; shared by all request threads.
 *
 * <p>Compiled from the previous catalog's routes when there is one: a route whose claims are as they
 * were (same entries, same function specs) keeps its compiled claims and pattern, so a catalog change
 * that adds one function compiles that function's routes, not every route again.
 */
final class CompiledRoutes {
  private static final List<String> ALL = FunctionPolicy.ALL_METHODS;

  /** One claim, with method bitmasks and host rules resolved. */
  private record Claim(FunctionSpec fn, int mask, HostRule[] hosts, int policyMask, List<String> policyMethods) {}

  /** A dynamic route: claims, or the candidates when the route is conflicted. */
  private record Dynamic(RoutePattern pattern, Claim[] claims, List<String> conflict) {}

  private final Catalog catalog;
  private final Map<String, Claim[]> exact = new HashMap<>();
  private final Map<String, List<String>> exactConflicts = new HashMap<>();
  /** Dynamic routes by their static first segment, each merged with the dynamic-first ones, in order. */
  private final Map<String, Dynamic[]> dynamicByFirst = new HashMap<>();
  /** Dynamic routes whose first segment is dynamic ({@code /:slug}, {@code /*}), in order. */
  private final Dynamic[] dynamicFirst;
  private final Map<String, Claim> named = new HashMap<>();
  /** Every dynamic route's compiled form, conflicted ones included. */
  private final Map<String, Dynamic> dynamic = new HashMap<>();

  CompiledRoutes(Catalog catalog) {
    this(catalog, null);
  }

  /** Compiles {@code catalog}, reusing what {@code previous} (null: none) compiled for unchanged routes. */
  CompiledRoutes(Catalog catalog, CompiledRoutes previous) {
    this.catalog = catalog;
    Catalog before = previous == null ? null : previous.catalog;
    for (var e : catalog.mappedRoutes().entrySet()) {
      String route = e.getKey();
      boolean isDynamic = RoutePaths.isDynamic(route);
      boolean same = before != null && sameClaims(e.getValue(), before.mappedRoutes().get(route), catalog, before);
      if (isDynamic) {
        Dynamic kept = same ? previous.dynamic.get(route) : null;
        dynamic.put(route, kept != null && kept.conflict() == null ? kept
            : new Dynamic(pattern(route, previous), claims(e.getValue(), catalog), null));
      } else {
        Claim[] kept = same ? previous.exact.get(route) : null;
        exact.put(route, kept != null ? kept : claims(e.getValue(), catalog));
      }
    }
    // The catalog's dynamic routes are in most-specific-first order already; conflicted ones join them.
    List<String> order = new ArrayList<>(catalog.dynamicRoutes());
    for (var e : catalog.conflicts().entrySet()) {
      if (RoutePaths.isDynamic(e.getKey())) {
        dynamic.put(e.getKey(), new Dynamic(pattern(e.getKey(), previous), new Claim[0], e.getValue()));
        RoutePaths.insertBySpecificity(order, e.getKey());
      } else {
        exactConflicts.put(e.getKey(), e.getValue());
      }
    }
    // Index by first segment so a request only tries routes that can match it; the merged arrays keep
    // the global most-specific-first order.
    List<Dynamic> anyFirst = new ArrayList<>();
    Map<String, List<Dynamic>> byFirst = new HashMap<>();
    for (String r : order) {
      String first = dynamic.get(r).pattern().staticFirst();
      if (first != null) {
        byFirst.computeIfAbsent(first, k -> new ArrayList<>());
      }
    }
    for (String r : order) {
      Dynamic d = dynamic.get(r);
      String first = d.pattern().staticFirst();
      if (first != null) {
        byFirst.get(first).add(d);
      } else {
        anyFirst.add(d);
        byFirst.values().forEach(l -> l.add(d));
      }
    }
    byFirst.forEach((k, v) -> dynamicByFirst.put(k, v.toArray(Dynamic[]::new)));
    dynamicFirst = anyFirst.toArray(Dynamic[]::new);
    // name@version: first runtime in order that has the version (§4.5)
    for (RuntimeKind rt : catalog.runtimeOrder()) {
      for (FunctionGroup g : catalog.groups().getOrDefault(rt, List.of())) {
        if (g.name().indexOf('/') >= 0) {
          continue;
        }
        for (var v : g.versions().entrySet()) {
          FunctionSpec fn = v.getValue();
          named.putIfAbsent(g.name() + "@" + v.getKey(), claim(fn, fn.policy().methods(), fn.policy().allowHosts()));
        }
      }
    }
  }

  Catalog catalog() {
    return catalog;
  }

  /**
   * Whether a route's claims compile as before: the same entries, each naming the very same function
   * spec in both catalogs (a rescan keeps the spec objects of unchanged functions).
   */
  private static boolean sameClaims(List<RouteEntry> now, List<RouteEntry> was, Catalog catalog, Catalog before) {
    if (was == null || (now != was && !now.equals(was))) {
      return false;
    }
    for (RouteEntry r : now) {
      if (catalog.function(r.functionKey()) != before.function(r.functionKey())) {
        return false;
      }
    }
    return true;
  }

  private static Claim[] claims(List<RouteEntry> entries, Catalog catalog) {
    List<Claim> claims = new ArrayList<>(entries.size());
    for (RouteEntry r : entries) {
      FunctionSpec fn = catalog.function(r.functionKey());
      if (fn != null) {
        claims.add(claim(fn, r.methods(), r.allowHosts()));
      }
    }
    return claims.toArray(Claim[]::new);
  }

  /** A route's pattern depends on its text alone: the previous compilation's is reused. */
  private static RoutePattern pattern(String route, CompiledRoutes previous) {
    Dynamic d = previous == null ? null : previous.dynamic.get(route);
    return d != null ? d.pattern() : new RoutePattern(route);
  }

  RouteMatch match(String method, String hostHeader, String rawPath) {
    String path = RequestPaths.normalize(rawPath);
    if (path == null) {
      return NOT_FOUND;
    }
    int m = bit(method);
    HostRule.RequestHost host = null;
    int allowed = 0;
    boolean hostMismatch = false;

    List<String> conflict = exactConflicts.get(path);
    if (conflict != null) {
      return new RouteMatch.Conflict(conflict);
    }
    Claim[] claims = exact.get(path);
    if (claims != null) {
      for (Claim c : claims) {
        if (c.hosts.length > 0) {
          host = host != null ? host : HostRule.RequestHost.parse(hostHeader);
          if (!HostRule.allows(c.hosts, host)) {
            hostMismatch |= (c.mask & m) != 0;
            continue;
          }
        }
        if ((c.mask & m) != 0) {
          return found(c, m, path, Map.of());
        }
        allowed |= c.mask;
      }
    }
    Dynamic[] candidates = dynamicFirst;
    if (!dynamicByFirst.isEmpty()) {
      int slash = path.indexOf('/', 1);
      Dynamic[] bucket = dynamicByFirst.get(slash < 0 ? path.substring(1) : path.substring(1, slash));
      candidates = bucket != null ? bucket : dynamicFirst;
    }
    if (candidates.length > 0) {
      String[] segs = RequestPaths.segments(path);
      for (Dynamic d : candidates) {
        Map<String, String> params = d.pattern.match(segs);
        if (params == null) {
          continue;
        }
        if (d.conflict != null) {
          return new RouteMatch.Conflict(d.conflict);
        }
        for (Claim c : d.claims) {
          if (c.hosts.length > 0) {
            host = host != null ? host : HostRule.RequestHost.parse(hostHeader);
            if (!HostRule.allows(c.hosts, host)) {
              hostMismatch |= (c.mask & m) != 0;
              continue;
            }
          }
          if ((c.mask & m) != 0) {
            return found(c, m, d.pattern.route(), params);
          }
          allowed |= c.mask;
        }
      }
    }
    if (hostMismatch) {
      return new RouteMatch.HostNotAllowed();
    }
    RouteMatch byName = matchNamed(path, m, hostHeader);
    if (byName != null) {
      return byName;
    }
    return allowed != 0 ? new RouteMatch.MethodNotAllowed(methods(allowed)) : NOT_FOUND;
  }

  /** {@code /<name>@<version>} (§4.5), or null when the path is not such a target. */
  private RouteMatch matchNamed(String path, int m, String hostHeader) {
    int at = path.indexOf('@');
    if (at < 2 || named.isEmpty() || path.indexOf('/', 1) >= 0) {
      return null;
    }
    Claim c = named.get(path.substring(1));
    if (c == null) {
      return null;
    }
    if (!HostRule.allows(c.hosts, HostRule.RequestHost.parse(hostHeader))) {
      return new RouteMatch.HostNotAllowed();
    }
    if ((c.mask & m) == 0) {
      return new RouteMatch.MethodNotAllowed(c.policyMethods);
    }
    return new RouteMatch.Found(c.fn, path, Map.of());
  }

  private static RouteMatch found(Claim c, int m, String route, Map<String, String> params) {
    if ((c.policyMask & m) == 0) {
      // the claim takes the method but the function's policy does not (e.g. an overlay narrows it)
      return new RouteMatch.MethodNotAllowed(c.policyMethods);
    }
    return new RouteMatch.Found(c.fn, route, params);
  }

  private static Claim claim(FunctionSpec fn, List<String> methods, List<String> hosts) {
    List<String> policy = fn.policy().methods();
    return new Claim(fn, mask(methods), HostRule.compile(hosts), mask(policy), methods(mask(policy)));
  }

  static int bit(String method) {
    if (method == null) {
      return 0;
    }
    return switch (method) {
      case "GET" -> 1;
      case "POST" -> 2;
      case "PUT" -> 4;
      case "PATCH" -> 8;
      case "DELETE" -> 16;
      default -> 0;
    };
  }

  private static int mask(List<String> methods) {
    int m = 0;
    for (String s : methods) {
      m |= bit(s);
    }
    return m;
  }

  /** Methods of a mask in canonical order (GET, POST, PUT, PATCH, DELETE). */
  private static List<String> methods(int mask) {
    List<String> out = new ArrayList<>(5);
    for (int i = 0; i < ALL.size(); i++) {
      if ((mask & (1 << i)) != 0) {
        out.add(ALL.get(i));
      }
    }
    return List.copyOf(out);
  }

  private static final RouteMatch NOT_FOUND = new RouteMatch.NotFound();
}
