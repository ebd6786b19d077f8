package dev.fastfn.console;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.gateway.HttpJson;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code /_fn/function-config}, {@code -env} and {@code -code} share: GET (or HEAD) answers the
 * function's detail; PUT reads and validates the request first (outside any lock), then applies the
 * change under the function's lock, rescans so the next request sees it, lets the function settle
 * and answers the new detail.
 */
final class FunctionEditor {
  /** One validated change, applied under the function's lock. */
  @FunctionalInterface
  interface Change {
    void apply() throws IOException;
  }

  /** Reads and validates a PUT for {@code target}; throws a 4xx {@code FnHttpException} on bad input. */
  @FunctionalInterface
  interface Parser {
    Change parse(ServerRequest req, FunctionLocator.Located target, FunctionRef ref);
  }

  private final List<RuntimeKind> runtimes;
  private final CatalogHolder catalogs;
  private final FunctionLocator locator;
  private final FunctionDetails details;
  private final FunctionLocks locks;
  private final Settle settle;

  FunctionEditor(List<RuntimeKind> runtimes, CatalogHolder catalogs, FunctionLocator locator,
      FunctionDetails details, FunctionLocks locks, Settle settle) {
    this.runtimes = runtimes;
    this.catalogs = catalogs;
    this.locator = locator;
    this.details = details;
    this.locks = locks;
    this.settle = settle;
  }

  /**
   * @param what names the file in a write failure ("config", "env", "code")
   * @param withCode whether the detail includes the handler's code
   */
  void serve(ServerRequest req, ServerResponse res, String what, boolean withCode, Parser parser) {
    String method = Guard.method(req);
    if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("PUT")) {
      throw ConsoleResponses.notAllowed("GET", "PUT");
    }
    FunctionRef ref = FunctionRef.fromQuery(ConsoleRequests.query(req), runtimes, false);
    Catalog c = catalogs.get();
    FunctionLocator.Located loc = locator.find(c, ref);
    if (method.equals("PUT")) {
      Change change = parser.parse(req, loc, ref);
      FunctionLocator.Located target = loc;
      c = locks.with(loc.dir(), () -> {
        try {
          change.apply();
        } catch (IOException e) {
          throw ConsoleResponses.failure(what, e);
        }
        return catalogs.rescanAfterWriting(target.dir());
      });
      loc = locator.find(c, ref);
      settle.begin(loc.spec());
      // built while the function's dependencies are checked; only their parts wait
      ObjectNode out = details.buildWithoutDependencies(c, loc, withCode, ConsoleResponses.baseUrl(req));
      settle.after(loc.spec());
      details.addDependencies(out, loc.spec());
      HttpJson.ok(res, out);
      return;
    }
    HttpJson.ok(res, details.build(c, loc, withCode, ConsoleResponses.baseUrl(req)));
  }
}
