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
 * Adds one new runtime-scoped function folder ({@code <root>/<runtime>/<name>}, what a console create
 * writes) to the previous catalog without a pass over every other folder. The result equals what a
 * full scan of the tree returns, or there is no result and the caller scans: see {@link #split} and
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

  /** Drained changes split in those of the new folder and the rest, which a scan reads again first. */
  record Split(Path folder, DirectoryChanges.Drained own, DirectoryChanges.Drained others) {}

  /**
   * The runtime-scoped folders {@code <root>/<runtime>/<name>} that {@code changes} report as a
   * whole tree (a new or removed folder, or one whose contents changed).
   */
  static List<Path> runtimeFolders(DirectoryChanges.Drained changes, Path root) {
    List<Path> out = new ArrayList<>(1);
    if (!changes.everything()) {
      for (Path t : changes.trees()) {
        if (isRuntimeChild(t, root)) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /**
   * {@code changes} split in those of {@code folder} (its tree and its entry in the runtime folder)
   * and the others: the echoes of earlier writes, a dot entry, the folders on the way down. When
   * reading the others again finds nothing changed, the scan would find what the previous one found
   * but for the folder.
   */
  static Split split(DirectoryChanges.Drained changes, Path folder) {
    Path rtDir = folder.getParent();
    String name = folder.getFileName().toString();
    Set<Path> ownTrees = new HashSet<>();
    Set<Path> otherTrees = new HashSet<>();
    for (Path t : changes.trees()) {
      (t.startsWith(folder) ? ownTrees : otherTrees).add(t);
    }
    Map<Path, Set<String>> ownEntries = new HashMap<>();
    Map<Path, Set<String>> otherEntries = new HashMap<>();
    for (var e : changes.entries().entrySet()) {
      Path dir = e.getKey();
      if (dir.startsWith(folder)) {
        ownEntries.put(dir, e.getValue());
      } else if (dir.equals(rtDir) && e.getValue().contains(name)) {
        ownEntries.put(dir, Set.of(name));
        Set<String> rest = new HashSet<>(e.getValue());
        rest.remove(name);
        if (!rest.isEmpty()) {
          otherEntries.put(dir, rest);
        }
      } else {
        otherEntries.put(dir, e.getValue());
      }
    }
    return new Split(folder, new DirectoryChanges.Drained(false, ownTrees, ownEntries),
        new DirectoryChanges.Drained(false, otherTrees, otherEntries));
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
        functions, groups, previous.problems(), now);
    return new Result(next, new PassShape(shape.ignored(), shape.assetPaths(), shape.explicitNames(), nextUnits));
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
