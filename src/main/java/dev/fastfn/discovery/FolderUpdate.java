package dev.fastfn.discovery;

import dev.fastfn.config.RuntimeKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adds one new runtime-scoped function folder ({@code <root>/<runtime>/<name>}, what a console create
 * writes) to the previous catalog without a pass over every other folder. The result equals what a
 * full scan of the tree returns, or there is no result and the caller scans: see {@link #find} and
 * {@link #apply} for when an update applies.
 *
 * <p>Why it is exact. A new folder holding a single entry is skipped by the zero-config walk and by
 * the test of whether a runtime folder has routes of its own; nothing else the pass does reads it,
 * except an explicit function of the same name and an assets folder at or below it, which
 * {@link Scan#registerAlone} rules out. Its registration then adds its routes, specs and group, and
 * nothing else, when it reports no problem, claims no route another function registered, and takes
 * no name the runtime has. Its routes go where the pass would have put them in the ordered route map:
 * before the routes the units after it in the pass registered first (see {@link PassUnit}).
 */
final class FolderUpdate {
  /** What the new folder's registration added. */
  record Added(PassUnit unit, Map<String, List<RouteEntry>> routes, Map<String, FunctionSpec> functions,
      FunctionGroup group) {}

  /** The updated catalog and the shape a full pass over the new tree would leave. */
  record Result(Catalog catalog, PassShape shape) {}

  private FolderUpdate() {}

  /**
   * The folder {@code <root>/<runtime>/<name>} when {@code changes} report a change of that folder and
   * nothing else: its tree, the entry of its name in the runtime folder, the entries on the way down
   * to the runtime folder, and dot entries anywhere (temp and staging folders, deps state files, which
   * no scan reads). Else null.
   */
  static Path find(DirectoryChanges.Drained changes, Path root) {
    if (changes.everything()) {
      return null;
    }
    Path folder = null;
    for (Path t : changes.trees()) {
      if (isRuntimeChild(t, root)) {
        if (folder != null && !folder.equals(t)) {
          return null;
        }
        folder = t;
      }
    }
    if (folder == null) {
      return null;
    }
    Path rtDir = folder.getParent();
    for (Path t : changes.trees()) {
      if (!t.startsWith(folder) && !hasDotName(t, root)) {
        return null;
      }
    }
    String name = folder.getFileName().toString();
    for (var e : changes.entries().entrySet()) {
      Path dir = e.getKey();
      Set<String> names = e.getValue();
      if (dir.startsWith(folder) || hasDotName(dir, root) || allDotNames(names)) {
        continue; // no scan reads dot entries (the deps state written next to a function, temp files)
      }
      if (dir.equals(rtDir)) {
        for (String n : names) {
          if (!n.equals(name) && !n.startsWith(".")) {
            return null;
          }
        }
      } else if (!rtDir.startsWith(dir) || !names.equals(Set.of(rtDir.getName(dir.getNameCount()).toString()))) {
        return null; // an ancestor of the runtime folder may only report the entry on the way down
      }
    }
    return folder;
  }

  private static boolean allDotNames(Set<String> names) {
    for (String n : names) {
      if (!n.startsWith(".")) {
        return false;
      }
    }
    return true;
  }

  private static boolean isRuntimeChild(Path p, Path root) {
    Path parent = p.getParent();
    return parent != null && root.equals(parent.getParent()) && !p.getFileName().toString().startsWith(".")
        && Scan.runtimeFolder(parent.getFileName().toString()) != null;
  }

  /** Whether a name of {@code p} below {@code root} starts with a dot: no scan walks such a path. */
  private static boolean hasDotName(Path p, Path root) {
    if (!p.startsWith(root)) {
      return false;
    }
    for (int i = root.getNameCount(); i < p.getNameCount(); i++) {
      if (p.getName(i).toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code previous} with {@code added}, or null when a full pass would find more than that: a route
   * of the new folder that another function claims or claimed (its owner would then depend on the
   * order of claims), a function key or group name taken, or a previous catalog with problems (a
   * manifest may name a file in the new folder).
   */
  static Result apply(Catalog previous, PassShape shape, Added added, Instant now) {
    RuntimeKind rt = added.group().runtime();
    if (!previous.problems().isEmpty() || previous.group(rt, added.group().name()) != null) {
      return null;
    }
    for (String route : added.routes().keySet()) {
      if (previous.mappedRoutes().containsKey(route) || previous.conflicts().containsKey(route)) {
        return null;
      }
    }
    for (String key : added.functions().keySet()) {
      if (previous.functions().containsKey(key)) {
        return null;
      }
    }
    List<PassUnit> units = shape.routeUnits();
    if (units.size() != previous.mappedRoutes().size()) {
      return null; // not the shape of this catalog
    }
    int place = firstAfter(units, added.unit());
    Map<String, List<RouteEntry>> mapped = new LinkedHashMap<>();
    int i = 0;
    for (var e : previous.mappedRoutes().entrySet()) {
      if (i++ == place) {
        mapped.putAll(added.routes());
      }
      mapped.put(e.getKey(), e.getValue());
    }
    if (place == units.size()) {
      mapped.putAll(added.routes());
    }
    List<PassUnit> nextUnits = new ArrayList<>(units.size() + added.routes().size());
    nextUnits.addAll(units.subList(0, place));
    nextUnits.addAll(Collections.nCopies(added.routes().size(), added.unit()));
    nextUnits.addAll(units.subList(place, units.size()));
    List<String> dynamic = new ArrayList<>(previous.dynamicRoutes());
    for (String route : added.routes().keySet()) {
      if (RoutePaths.isDynamic(route)) {
        RoutePaths.insertBySpecificity(dynamic, route);
      }
    }
    Map<String, FunctionSpec> functions = new HashMap<>(previous.functions());
    functions.putAll(added.functions());
    Map<RuntimeKind, List<FunctionGroup>> groups = new EnumMap<>(RuntimeKind.class);
    groups.putAll(previous.groups());
    List<FunctionGroup> inRuntime = new ArrayList<>(groups.getOrDefault(rt, List.of()));
    int at = Collections.binarySearch(inRuntime, added.group(), (a, b) -> a.name().compareTo(b.name()));
    inRuntime.add(-at - 1, added.group());
    groups.put(rt, List.copyOf(inRuntime));
    Catalog next = new Catalog(previous.root(), previous.runtimeOrder(), mapped, previous.conflicts(), dynamic,
        functions, groups, previous.problems(), now);
    return new Result(next, new PassShape(shape.ignored(), shape.assetPaths(), shape.explicitNames(), nextUnits));
  }

  /**
   * Runs {@link #apply} on {@code previous} with a made-up new function (named so that no tree has
   * it) and keeps nothing: the warm-up's way to get the update compiled before the first create.
   */
  static void exercise(Catalog previous, PassShape shape, Instant now) {
    for (List<FunctionGroup> inRuntime : previous.groups().values()) {
      for (FunctionGroup g : inRuntime) {
        FunctionSpec spec = g.defaultSpec();
        if (spec == null) {
          continue;
        }
        String name = "fastfn-warm-up-" + g.runtime().id();
        String route = "/" + name;
        List<String> get = List.of("GET");
        Map<String, List<RouteEntry>> routes = new LinkedHashMap<>();
        routes.put(route, List.of(new RouteEntry(route, spec.key(), get, 3, List.of(), false)));
        routes.put(route + "/*", List.of(new RouteEntry(route + "/*", spec.key(), get, 3, List.of(), false)));
        Added added = new Added(new PassUnit(0, true, name), routes,
            Map.of(FunctionSpec.keyOf(g.runtime(), name, null), spec), new FunctionGroup(g.runtime(), name, spec, Map.of()));
        apply(previous, shape, added, now);
        return;
      }
    }
  }

  /** The index of the first of {@code sorted} that comes after {@code unit}, or its size. */
  private static int firstAfter(List<PassUnit> sorted, PassUnit unit) {
    int lo = 0;
    int hi = sorted.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted.get(mid).compareTo(unit) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
