package dev.fastfn.console;

import dev.fastfn.discovery.AtomicFiles;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET|PUT /_fn/function-code}: GET answers like {@code GET /_fn/function} with the code (Q10);
 * PUT {@code {"code": "..."}} replaces the entry file in place (same file name, atomic, never through a
 * symlink) and rescans, so the next request runs the new code.
 */
final class FunctionCodeEndpoint implements ControlHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionCodeEndpoint.class);
  private final List<RuntimeKind> runtimes;
  private final CatalogHolder catalogs;
  private final FunctionLocator locator;
  private final FunctionDetails details;
  private final FunctionLocks locks;
  private final Settle settle;

  FunctionCodeEndpoint(List<RuntimeKind> runtimes, CatalogHolder catalogs, FunctionLocator locator,
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
      ObjectNode body = ConsoleRequests.readObject(req, 2L * FunctionDetails.CODE_LIMIT + 65_536);
      JsonNode code = body.get("code");
      if (code == null || !code.isString()) {
        throw new FnHttpException.BadRequest("code must be a string");
      }
      byte[] bytes = code.stringValue().getBytes(StandardCharsets.UTF_8);
      if (bytes.length > FunctionDetails.CODE_LIMIT) {
        throw new FnHttpException.BadRequest("code exceeds maximum size");
      }
      FunctionLocator.Located target = loc;
      c = locks.with(loc.dir(), () -> {
        try {
          AtomicFiles.write(target.entry(), bytes);
        } catch (IOException e) {
          throw ConsoleResponses.failure("code", e);
        }
        LOG.info("fn={} code updated ({} bytes)", ref.label(), bytes.length);
        return catalogs.rescan();
      });
      loc = locator.find(c, ref);
      settle.after(loc.spec());
    }
    HttpJson.ok(res, details.build(c, loc, true, ConsoleResponses.baseUrl(req)));
  }
}
