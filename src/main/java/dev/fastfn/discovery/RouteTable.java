package dev.fastfn.discovery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Route registration with ranks and conflicts (routing.md §4.7). Mutable, used by one scan only;
 * its result is copied into the immutable {@link Catalog}.
 *
 * <p>Rules: a higher rank displaces overlapping lower-rank claims, except that a non-forced rank-3
 * claim only fills methods/hosts the existing claims leave free; a lower rank never displaces a
 * higher one; two overlapping claims of the same rank make the whole route a conflict (all
 * methods), unless both are rank 3 and exactly one is forced. The same target claiming a route
 * twice is not a conflict.
 */
final class RouteTable {
  private final Map<String, List<RouteEntry>> mapped = new LinkedHashMap<>();
  private final Map<String, List<String>> conflicts = new LinkedHashMap<>();
  /** The unit that first registered each mapped route: a route keeps its place in the map from then on. */
  private final Map<String, PassUnit> firstUnits = new HashMap<>();

  void register(RouteEntry entry, PassUnit unit) {
    String route = entry.route();
    List<String> conflicted = conflicts.get(route);
    if (conflicted != null) {
      if (!conflicted.contains(entry.functionKey())) {
        conflicted.add(entry.functionKey());
      }
      return;
    }
    List<RouteEntry> list = mapped.get(route);
    if (list == null) {
      list = new ArrayList<>(2);
      list.add(entry);
      mapped.put(route, list);
      firstUnits.put(route, unit);
      return;
    }
    if (list.contains(entry)) {
      return;
    }
    for (RouteEntry ex : List.copyOf(list)) {
      if (ex.functionKey().equals(entry.functionKey()) || !overlaps(ex, entry)) {
        continue;
      }
      if (ex.rank() == entry.rank()) {
        if (entry.rank() == 3 && ex.forceUrl() != entry.forceUrl()) {
          if (entry.forceUrl()) {
            list.remove(ex);
            continue;
          }
          return;
        }
        List<String> candidates = new ArrayList<>();
        for (RouteEntry e : list) {
          if (!candidates.contains(e.functionKey())) {
            candidates.add(e.functionKey());
          }
        }
        if (!candidates.contains(entry.functionKey())) {
          candidates.add(entry.functionKey());
        }
        mapped.remove(route);
        firstUnits.remove(route);
        conflicts.put(route, candidates);
        return;
      }
      if (ex.rank() > entry.rank()) {
        return;
      }
      if (entry.rank() == 3 && !entry.forceUrl()) {
        continue; // ex stays first and keeps the overlapping methods
      }
      list.remove(ex);
    }
    list.add(entry);
  }

  Map<String, List<RouteEntry>> mapped() {
    Map<String, List<RouteEntry>> out = new LinkedHashMap<>();
    mapped.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return out;
  }

  /** For each mapped route in the order of {@link #mapped()}, the unit that first registered it. */
  List<PassUnit> firstUnits() {
    List<PassUnit> out = new ArrayList<>(mapped.size());
    for (String route : mapped.keySet()) {
      out.add(firstUnits.get(route));
    }
    return out;
  }

  Map<String, List<String>> conflicts() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    conflicts.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return out;
  }

  private static boolean overlaps(RouteEntry a, RouteEntry b) {
    boolean methods = false;
    for (String m : a.methods()) {
      if (b.methods().contains(m)) {
        methods = true;
        break;
      }
    }
    return methods && hostsOverlap(a.allowHosts(), b.allowHosts());
  }

  /** Either list empty (all hosts) or any wildcard entry: overlap (conservative); else intersection. */
  private static boolean hostsOverlap(List<String> a, List<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return true;
    }
    for (String h : a) {
      if (h.contains("*") || b.contains(h)) {
        return true;
      }
    }
    for (String h : b) {
      if (h.contains("*")) {
        return true;
      }
    }
    return false;
  }
}
