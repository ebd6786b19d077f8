package dev.fastfn.console;

import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET|POST /_fn/reload} (platform.md §8.1): rescans the functions root now. The method is
 * checked before the guard (others 405); the guard is enforce_api only, reload is not a write.
 */
final class ReloadEndpoint implements ControlHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ReloadEndpoint.class);
  private final Guard guard;
  private final CatalogHolder catalogs;
  private final Clock clock;

  ReloadEndpoint(Guard guard, CatalogHolder catalogs, Clock clock) {
    this.guard = guard;
    this.catalogs = catalogs;
    this.clock = clock;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    String method = Guard.method(req);
    if (!method.equals("GET") && !method.equals("POST")) {
      throw ConsoleResponses.notAllowed("GET", "POST");
    }
    guard.checkApi(req);
    Catalog c;
    try {
      c = catalogs.rescan();
    } catch (RuntimeException e) {
      LOG.error("reload failed", e);
      throw new FnHttpException.InternalError("reload failed: " + e.getMessage());
    }
    ObjectNode out = HttpJson.object();
    out.put("ok", true);
    out.put("reloaded_at", ConsoleResponses.epochSeconds(clock.instant()));
    out.put("functions_root", c.root().toString());
    ArrayNode order = out.putArray("runtime_order");
    c.runtimeOrder().forEach(k -> order.add(k.id()));
    out.put("catalog_generated_at", ConsoleResponses.epochSeconds(c.generatedAt()));
    HttpJson.ok(res, out);
  }
}
