package dev.fastfn.routing;

import dev.fastfn.discovery.Catalog;
import java.time.Duration;

/**
 * Matches a request against a {@link Catalog} (routing.md §4.4, §4.5, DESIGN D2):
 * <ol>
 *   <li>the raw path is decoded once and normalized ({@code //} collapsed, trailing {@code /}
 *       stripped); {@code ..}, {@code /}, {@code /_fn…}, {@code /console…} never match;
 *   <li>a conflicted static route gives {@link RouteMatch.Conflict};
 *   <li>static claims first, then dynamic routes most specific first; a matching conflicted
 *       dynamic route gives Conflict before any less specific route is tried;
 *   <li>a claim matches when it takes the method and its {@code allow_hosts} accept the Host header
 *       (pass the Host header only, never X-Forwarded-Host); when only the host failed:
 *       {@link RouteMatch.HostNotAllowed};
 *   <li>then {@code /<name>@<version>} (first runtime in order with that version);
 *   <li>a path with claims that all refuse the method: {@link RouteMatch.MethodNotAllowed} with
 *       the methods of those claims; a claim whose function policy refuses the method:
 *       MethodNotAllowed with the policy's methods; else {@link RouteMatch.NotFound}.
 * </ol>
 * Found params are decoded strings; anonymous {@code *} params are {@code wildcard}, {@code wildcard2}.
 *
 * <p>Pure: no I/O, threads or logging. Thread-safe. Each catalog is compiled once, from the tables of
 * the one compiled before it (unchanged routes keep theirs); the last compiled one is memoized by
 * identity, so steady-state matching allocates little.
 */
public final class Router {
  private volatile CompiledRoutes last;

  public RouteMatch match(Catalog catalog, String method, String host, String path) {
    return compiled(catalog).match(method, host, path);
  }

  /**
   * Compiles {@code catalog}'s routes now, so the first request after a catalog change does not pay
   * for it. Optional: {@link #match} compiles on demand.
   */
  public void prepare(Catalog catalog) {
    compiled(catalog);
  }

  /**
   * Compiles {@code catalog} {@code passes} times or until {@code budget} has passed, alternately from
   * nothing and from its own last compilation (what a catalog change compiles: the new routes, and
   * the unchanged ones again from the previous tables), and keeps none of it: every catalog change
   * compiles once, so without this the first dozens of them compile interpreted. Stops early when
   * the thread is interrupted.
   */
  public void exercise(Catalog catalog, int passes, Duration budget) {
    long end = System.nanoTime() + budget.toNanos();
    CompiledRoutes from = new CompiledRoutes(catalog);
    for (int i = 0; i < passes && System.nanoTime() - end < 0 && !Thread.currentThread().isInterrupted(); i++) {
      from = new CompiledRoutes(catalog, i % 2 == 0 ? from : null);
    }
  }

  private CompiledRoutes compiled(Catalog catalog) {
    CompiledRoutes c = last;
    if (c == null || c.catalog() != catalog) {
      // Two threads may compile the same new catalog at once; both results are equal, one wins.
      c = new CompiledRoutes(catalog, c);
      last = c;
    }
    return c;
  }
}
