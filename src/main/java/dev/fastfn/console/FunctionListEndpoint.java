package dev.fastfn.console;

import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.HttpJson;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /_fn/api/functions} (console-api.md §4.4): the catalog's functions as one flat array,
 * each entry the one {@code /_fn/catalog} lists under its runtime plus a {@code runtime} key; an
 * empty catalog is {@code []} (D5).
 */
final class FunctionListEndpoint implements ControlHandler {
  private final CatalogEndpoint catalog;
  private final CatalogHolder catalogs;

  FunctionListEndpoint(CatalogEndpoint catalog, CatalogHolder catalogs) {
    this.catalog = catalog;
    this.catalogs = catalogs;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    String method = Guard.method(req);
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw ConsoleResponses.notAllowed("GET");
    }
    HttpJson.ok(res, catalog.renderFlat(catalogs.get()));
  }
}
