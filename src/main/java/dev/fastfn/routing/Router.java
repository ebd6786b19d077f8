package dev.fastfn.routing;

import dev.fastfn.discovery.Catalog;

/** Placeholder until the real router lands (discovery branch). */
public final class Router {
  public RouteMatch match(Catalog catalog, String method, String host, String path) {
    return new RouteMatch.NotFound();
  }
}
