package dev.fastfn.discovery;

import dev.fastfn.config.RuntimeKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Updates the previous catalog for one runtime-scoped function folder ({@code <root>/<runtime>/<name>})
 * without a pass over every other folder: adds a new one (what a console create writes, {@link #apply})
 * or replaces the specs of one it has (a code, config or env write, {@link #replace}). The result
 * equals what a full scan of the tree returns, or there is no result and the caller scans.
 *
 * <p>Why adding is exact. A new folder holding a single entry is skipped by the zero-config walk and by
 * the test of whether a runtime folder has routes of its own; nothing else the pass does reads it,
 * except an explicit function of the same name and an assets folder at or below it, which
 * {@link Scan#registerAlone} rules out. Its registration then adds its routes, specs and group, and
 * nothing else, when it reports no problem, claims no route another function registered, and takes
 * no name the runtime has. Its routes go where the pass would have put them in the ordered route map:
 * before the routes the units after it in the pass registered first (see {@link PassUnit}).
 */
final class FolderUpdate {
  /** What registering the folder alone gave (see {@link Scan#registerAlone}). */
  record Added(PassUnit unit, Map<String, List<RouteEntry>> routes, Map<String, FunctionSpec> functions,
      FunctionGroup group) {}

  /** The updated catalog and the shape a full pass over the new tree would leave. */
  record Result(Catalog catalog, PassShape shape) {}

  private FolderUpdate() {}

  /**
   * Drained changes split by the runtime-scoped folder {@code <root>/<runtime>/<name>} they are in or
   * name, and the rest: the root's entries, dot entries of a runtime folder, anything outside every
   * function folder.
   */
  record Parts(Map<Path, DirectoryChanges.Drained> folders, DirectoryChanges.Drained rest) {}

  /** {@code changes} split by folder; null when they say everything may have changed. */
  static Parts byFolder(DirectoryChanges.Drained changes, Path root) {
    if (changes.everything()) {
      return null;
    }
    Map<Path, FolderChanges> folders = new HashMap<>();
    Set<Path> restTrees = new HashSet<>();
    Map<Path, Set<String>> restEntries = new HashMap<>();
    for (Path t : changes.trees()) {
      Path f = folderOf(t, root);
      if (f == null) {
        restTrees.add(t);
      } else {
        FolderChanges.of(folders, f).trees().add(t);
      }
    }
    for (var e : changes.entries().entrySet()) {
      Path dir = e.getKey();
      if (isRuntimeFolder(dir, root)) {
        for (String name : e.getValue()) {
          if (name.startsWith(".")) {
            restEntries.computeIfAbsent(dir, k -> new HashSet<>()).add(name);
          } else {
            FolderChanges.of(folders, dir.resolve(name)).entries().computeIfAbsent(dir, k -> new HashSet<>()).add(name);
          }
        }
        continue;
      }
      Path f = folderOf(dir, root);
      if (f == null) {
        restEntries.put(dir, e.getValue());
      } else {
        FolderChanges.of(folders, f).entries().put(dir, e.getValue());
      }
    }
    Map<Path, DirectoryChanges.Drained> byFolder = new HashMap<>();
    folders.forEach((f, own) -> byFolder.put(f, new DirectoryChanges.Drained(false, own.trees(), own.entries())));
    return new Parts(byFolder, new DirectoryChanges.Drained(false, restTrees, restEntries));
  }

  /** One folder's share of the changes while {@link #byFolder} sorts them. */
  private record FolderChanges(Set<Path> trees, Map<Path, Set<String>> entries) {
    static FolderChanges of(Map<Path, FolderChanges> folders, Path folder) {
      return folders.computeIfAbsent(folder, k -> new FolderChanges(new HashSet<>(), new HashMap<>()));
    }
  }

  private static boolean isRuntimeFolder(Path dir, Path root) {
    Path parent = dir.getParent();
    return root.equals(parent) && Scan.runtimeFolder(dir.getFileName().toString()) != null;
  }

  /** The runtime-scoped folder {@code p} is or is in, or null. */
  private static Path folderOf(Path p, Path root) {
    if (!p.startsWith(root) || p.getNameCount() < root.getNameCount() + 2) {
      return null;
    }
    Path folder = root.resolve(p.subpath(root.getNameCount(), root.getNameCount() + 2));
    return isRuntimeChild(folder, root) ? folder : null;
  }

  private static boolean isRuntimeChild(Path p, Path root) {
    Path parent = p.getParent();
    return parent != null && root.equals(parent.getParent()) && !p.getFileName().toString().startsWith(".")
        && Scan.runtimeFolder(parent.getFileName().toString()) != null;
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
        functions, groups, previous.problems(), previous.home(), now);
    return new Result(next, new PassShape(shape.ignored(), shape.assetPaths(), shape.explicitNames(), nextUnits));
  }

  /**
   * {@code previous} with the function folder {@code dir}, which it had, registered again (a code,
   * config or env write in it), or null when a full pass could find more than new specs. The update
   * applies when the folder's claims are the very ones it made before (same routes, in order, with the
   * same methods, hosts and ranks), so no other function's claim on those routes can turn out
   * differently; its functions are the same versions; no route or conflict shares a function of it
   * with another function; no other function lives in it (a manifest elsewhere may route to a file in
   * it); and the previous catalog has no problems.
   */
  static Result replace(Catalog previous, PassShape shape, Path dir, Added added, Instant now) {
    RuntimeKind rt = added.group().runtime();
    FunctionGroup old = previous.group(rt, added.group().name());
    if (!previous.problems().isEmpty() || old == null || !added.functions().keySet().equals(keysOf(old))) {
      return null;
    }
    Set<String> keys = added.functions().keySet();
    for (var e : previous.functions().entrySet()) {
      if (keys.contains(e.getKey()) != e.getValue().functionDir().startsWith(dir)) {
        return null;
      }
    }
    for (List<String> claimants : previous.conflicts().values()) {
      for (String key : claimants) {
        if (keys.contains(key)) {
          return null;
        }
      }
    }
    List<PassUnit> units = shape.routeUnits();
    if (units.size() != previous.mappedRoutes().size()) {
      return null;
    }
    List<Map.Entry<String, List<RouteEntry>>> own = new ArrayList<>(added.routes().size());
    int i = 0;
    for (var e : previous.mappedRoutes().entrySet()) {
      boolean ours = units.get(i++).equals(added.unit());
      for (RouteEntry claim : e.getValue()) {
        if (keys.contains(claim.functionKey()) != ours) {
          return null;
        }
      }
      if (ours) {
        own.add(e);
      }
    }
    if (!own.equals(List.copyOf(added.routes().entrySet()))) {
      return null;
    }
    Map<String, FunctionSpec> functions = new HashMap<>(previous.functions());
    functions.putAll(added.functions());
    Map<RuntimeKind, List<FunctionGroup>> groups = new EnumMap<>(RuntimeKind.class);
    groups.putAll(previous.groups());
    List<FunctionGroup> inRuntime = new ArrayList<>(groups.get(rt));
    inRuntime.set(inRuntime.indexOf(old), added.group());
    groups.put(rt, List.copyOf(inRuntime));
    Catalog next = new Catalog(previous.root(), previous.runtimeOrder(), previous.mappedRoutes(),
        previous.conflicts(), previous.dynamicRoutes(), functions, groups, previous.problems(), previous.home(),
        now);
    return new Result(next, shape);
  }

  private static Set<String> keysOf(FunctionGroup g) {
    Set<String> out = new HashSet<>();
    if (g.defaultSpec() != null) {
      out.add(g.defaultSpec().key());
    }
    for (FunctionSpec v : g.versions().values()) {
      out.add(v.key());
    }
    return out;
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
