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
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET|PUT /_fn/function-env}: the function's fn.env.json with secret values masked as
 * {@code <hidden>}; PUT patches it ({@link EnvFile#apply}) under the function's lock, writes it
 * atomically and rescans. The response is the detail without code (its {@code fn_env} is masked).
 */
final class FunctionEnvEndpoint implements ControlHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionEnvEndpoint.class);
  private final List<RuntimeKind> runtimes;
  private final CatalogHolder catalogs;
  private final FunctionLocator locator;
  private final FunctionDetails details;
  private final FunctionLocks locks;
  private final Settle settle;

  FunctionEnvEndpoint(List<RuntimeKind> runtimes, CatalogHolder catalogs, FunctionLocator locator,
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
      ObjectNode body = ConsoleRequests.readObject(req, ConsoleRequests.JSON_BODY_LIMIT);
      c = apply(loc.dir(), ref, body);
      loc = locator.find(c, ref);
      settle.after(loc.spec());
    }
    HttpJson.ok(res, details.build(c, loc, false, ConsoleResponses.baseUrl(req)));
  }

  private Catalog apply(Path dir, FunctionRef ref, ObjectNode body) {
    return locks.with(dir, () -> {
      TreeMap<String, EnvFile.Entry> env = EnvFile.read(dir);
      EnvFile.apply(env, body);
      try {
        EnvFile.write(dir, env);
      } catch (IOException e) {
        throw ConsoleResponses.failure("env", e);
      }
      LOG.info("fn={} fn.env.json updated ({} keys)", ref.label(), env.size());
      return catalogs.rescan();
    });
  }
}
