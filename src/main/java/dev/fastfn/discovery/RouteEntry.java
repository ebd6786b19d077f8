package dev.fastfn.discovery;

import java.util.List;

/**
 * One claim on a public route (routing.md §4.7/§4.8).
 *
 * @param route normalized route pattern: "/items/:id", "/files/:path*", "/greet/*"
 * @param functionKey {@link FunctionSpec#key()} of the target
 * @param methods allowed methods for this claim; never empty
 * @param rank 1 file route, 2 fn.routes.json manifest, 3 fn.config.json / runtime-scoped function
 * @param allowHosts host allowlist for this claim; empty = all
 * @param forceUrl this claim displaces others of its rank
 */
public record RouteEntry(
    String route, String functionKey, List<String> methods, int rank, List<String> allowHosts, boolean forceUrl) {
  public RouteEntry {
    methods = List.copyOf(methods);
    allowHosts = List.copyOf(allowHosts);
  }
}
