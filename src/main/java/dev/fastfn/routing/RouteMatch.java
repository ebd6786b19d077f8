package dev.fastfn.routing;

import dev.fastfn.discovery.FunctionSpec;
import java.util.List;
import java.util.Map;

/** Outcome of matching a request against a {@link dev.fastfn.discovery.Catalog}. */
public sealed interface RouteMatch {
  /** Matched: the target, the route pattern it matched, and decoded params (string values). */
  record Found(FunctionSpec fn, String route, Map<String, String> params) implements RouteMatch {
    public Found {
      params = Map.copyOf(params);
    }
  }

  record NotFound() implements RouteMatch {}

  /** The path exists but not for this method; {@code allowed} feeds the Allow header. */
  record MethodNotAllowed(List<String> allowed) implements RouteMatch {
    public MethodNotAllowed {
      allowed = List.copyOf(allowed);
    }
  }

  /** The path is claimed twice at the same rank; {@code candidates} are the function keys. */
  record Conflict(List<String> candidates) implements RouteMatch {
    public Conflict {
      candidates = List.copyOf(candidates);
    }
  }

  record HostNotAllowed() implements RouteMatch {}
}
