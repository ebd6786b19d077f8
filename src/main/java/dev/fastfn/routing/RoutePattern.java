package dev.fastfn.routing;

import dev.fastfn.discovery.RoutePaths;
import dev.fastfn.discovery.RoutePaths.SegmentKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled dynamic route (routing.md §4.4): {@code :x} matches one non-empty segment,
 * {@code :x*} and {@code *} one or more segments (the value keeps its '/'), static segments
 * literally and case-sensitively; anchored at both ends. Anonymous {@code *} params are named
 * {@code wildcard}, {@code wildcard2}, ... Immutable and thread-safe.
 */
final class RoutePattern {
  private final String route;
  private final SegmentKind[] kinds;
  private final String[] texts; // literal for STATIC, param name otherwise
  private final int minSegments;
  private final boolean unbounded;

  RoutePattern(String route) {
    this.route = route;
    List<String> segs = RoutePaths.segments(route);
    List<String> names = RoutePaths.paramNames(route);
    kinds = new SegmentKind[segs.size()];
    texts = new String[segs.size()];
    int p = 0;
    boolean catchAll = false;
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = RoutePaths.kindOf(segs.get(i));
      texts[i] = kinds[i] == SegmentKind.STATIC ? segs.get(i) : names.get(p++);
      catchAll |= kinds[i] == SegmentKind.CATCH_ALL || kinds[i] == SegmentKind.WILDCARD;
    }
    minSegments = kinds.length;
    unbounded = catchAll;
  }

  String route() {
    return route;
  }

  /** The first segment when it is static (the literal), else null. */
  String staticFirst() {
    return kinds.length > 0 && kinds[0] == SegmentKind.STATIC ? texts[0] : null;
  }

  /** Params when {@code segments} (decoded request path segments) match, else null. */
  Map<String, String> match(String[] segments) {
    int n = segments.length;
    if (n < minSegments || (!unbounded && n != minSegments)) {
      return null;
    }
    int[] ends = new int[kinds.length]; // exclusive end segment index consumed by each pattern segment
    if (!matchFrom(0, 0, segments, ends)) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    int start = 0;
    for (int i = 0; i < kinds.length; i++) {
      int end = ends[i];
      switch (kinds[i]) {
        case STATIC -> { }
        case PARAM -> params.put(texts[i], segments[start]);
        case CATCH_ALL, WILDCARD -> params.put(texts[i], String.join("/", java.util.Arrays.asList(segments).subList(start, end)));
      }
      start = end;
    }
    return params;
  }

  private boolean matchFrom(int pi, int si, String[] segs, int[] ends) {
    if (pi == kinds.length) {
      return si == segs.length;
    }
    if (si >= segs.length) {
      return false;
    }
    return switch (kinds[pi]) {
      case STATIC -> {
        ends[pi] = si + 1;
        yield texts[pi].equals(segs[si]) && matchFrom(pi + 1, si + 1, segs, ends);
      }
      case PARAM -> {
        ends[pi] = si + 1;
        yield matchFrom(pi + 1, si + 1, segs, ends);
      }
      case CATCH_ALL, WILDCARD -> {
        // take as many segments as possible, leaving enough for the rest of the pattern
        int rest = kinds.length - pi - 1;
        for (int end = segs.length - rest; end > si; end--) {
          ends[pi] = end;
          if (matchFrom(pi + 1, end, segs, ends)) {
            yield true;
          }
        }
        yield false;
      }
    };
  }
}
