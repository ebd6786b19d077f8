package dev.fastfn.console;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET|PUT /_fn/function-config}: GET is the detail without code; PUT validates a
 * {@link ConfigPatch} (400 naming the bad or unknown key, nothing applied), merges it into
 * fn.config.json under the function's lock, writes atomically, rescans, and answers with the new
 * detail, so the change applies to the next request.
 */
final class FunctionConfigEndpoint implements ControlHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionConfigEndpoint.class);
  private final List<RuntimeKind> runtimes;
  private final CatalogHolder catalogs;
  private final FunctionLocator locator;
  private final FunctionDetails details;
  private final FunctionLocks locks;
  private final Settle settle;

  FunctionConfigEndpoint(List<RuntimeKind> runtimes, CatalogHolder catalogs, FunctionLocator locator,
      FunctionDetails details, FunctionLocks locks, Settle settle) {
    this.runtimes = runtimes;
    this.catalogs = catalogs;
    this.locator = locator;
    this.details = details;
    this.locks = locks;
    this.settle = settle;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    String method = Guard.method(req);
    if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("PUT")) {
      throw ConsoleResponses.notAllowed("GET", "PUT");
    }
    FunctionRef ref = FunctionRef.fromQuery(ConsoleRequests.query(req), runtimes, false);
    Catalog c = catalogs.get();
    FunctionLocator.Located loc = locator.find(c, ref);
    if (method.equals("PUT")) {
      ConfigPatch patch = ConfigPatch.parse(ConsoleRequests.readObject(req, ConsoleRequests.JSON_BODY_LIMIT));
      c = apply(loc.dir(), ref, patch);
      loc = locator.find(c, ref);
      settle.after(loc.spec());
    }
    HttpJson.ok(res, details.build(c, loc, false, ConsoleResponses.baseUrl(req)));
  }

  private Catalog apply(Path dir, FunctionRef ref, ConfigPatch patch) {
    return locks.with(dir, () -> {
      if (!patch.isEmpty()) {
        ObjectNode existing = ConfigFile.read(dir).orElseGet(() -> {
          if (ConfigFile.exists(dir)) {
            LOG.warn("fn={} fn.config.json is not a JSON object; it is replaced by this update", ref.label());
          }
          return HttpJson.object();
        });
        try {
          ConfigFile.write(dir, patch.applyTo(existing));
        } catch (IOException e) {
          throw ConsoleResponses.failure("config", e);
        }
        LOG.info("fn={} fn.config.json updated", ref.label());
      }
      return catalogs.rescan();
    });
  }
}
