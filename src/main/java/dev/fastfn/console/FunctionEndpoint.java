package dev.fastfn.console;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.HttpJson;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET|POST|DELETE /_fn/function?runtime=&name=&version=}: the Function Detail, create (201,
 * 409 when it exists), delete ({@code {ok:true,...}}, 404 when missing). {@code include_code=0}
 * leaves the code out of GET.
 */
final class FunctionEndpoint implements ControlHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionEndpoint.class);
  private final List<RuntimeKind> runtimes;
  private final CatalogHolder catalogs;
  private final FunctionLocator locator;
  private final FunctionDetails details;
  private final FunctionCreator creator;
  private final FunctionRemover remover;
  private final Settle settle;

  FunctionEndpoint(List<RuntimeKind> runtimes, CatalogHolder catalogs, FunctionLocator locator,
      FunctionDetails details, FunctionCreator creator, FunctionRemover remover, Settle settle) {
    this.runtimes = runtimes;
    this.catalogs = catalogs;
    this.locator = locator;
    this.details = details;
    this.creator = creator;
    this.remover = remover;
    this.settle = settle;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    Map<String, Object> q = ConsoleRequests.query(req);
    switch (Guard.method(req)) {
      case "GET", "HEAD" -> {
        FunctionRef ref = FunctionRef.fromQuery(q, runtimes, false);
        Catalog c = catalogs.get();
        boolean code = !"0".equals(ConsoleRequests.param(q, "include_code"));
        HttpJson.ok(res, details.build(c, locator.find(c, ref), code, ConsoleResponses.baseUrl(req)));
      }
      case "POST" -> {
        FunctionRef ref = FunctionRef.fromQuery(q, runtimes, true);
        ObjectNode body = ConsoleRequests.readObject(req, ConsoleRequests.JSON_BODY_LIMIT);
        FunctionCreator.Plan plan = FunctionCreator.plan(ref, body);
        Catalog c = creator.create(plan);
        // The new function's worker load goes first: locating the function runs mostly interpreted
        // (console writes are rare) and, on two cores, would delay the load.
        settle.begin(c, ref);
        FunctionLocator.Located loc = locator.find(c, ref);
        try {
          // built while the new function's dependencies are checked; only their parts wait
          ObjectNode out = details.buildWithoutDependencies(c, loc, true, ConsoleResponses.baseUrl(req));
          settle.after(loc.spec());
          details.addDependencies(out, loc.spec());
          HttpJson.send(res, 201, out);
        } finally {
          // after the answer: formatting and writing the line is not the client's wait
          LOG.info("fn={} created in {}", ref.label(), loc.spec().functionDir());
        }
      }
      case "DELETE" -> {
        FunctionRef ref = FunctionRef.fromQuery(q, runtimes, false);
        remover.delete(ref);
        ObjectNode out = HttpJson.object();
        out.put("ok", true);
        out.put("runtime", ref.runtime().id());
        out.put("name", ref.name());
        if (ref.version() != null) {
          out.put("version", ref.version());
        }
        HttpJson.ok(res, out);
      }
      default -> throw ConsoleResponses.notAllowed("GET", "POST", "DELETE");
    }
  }
}
