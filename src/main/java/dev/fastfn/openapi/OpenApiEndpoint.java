package dev.fastfn.openapi;

import dev.fastfn.config.DocsSettings;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /_fn/openapi.json} and {@code GET /openapi.json}: the document for the current catalog,
 * unauthenticated (platform.md §0.4), 404 {@code docs disabled} with FN_DOCS_ENABLED=0.
 *
 * <p>Regenerated whenever the catalog snapshot or the server URL changes; the last rendering is kept
 * (keyed by catalog identity), so repeated requests cost a reference compare. Thread-safe: a race
 * between two renderings only wastes work, both results are equal.
 */
public final class OpenApiEndpoint implements ControlHandler {
  static final String DOCS_DISABLED = "docs disabled";
  private static final List<String> ALLOWED = List.of("GET", "HEAD");

  private final DocsSettings docs;
  private final CatalogHolder catalogs;
  private final OpenApiBuilder builder;
  private final AtomicReference<Rendered> last = new AtomicReference<>();

  private record Rendered(Catalog catalog, String serverUrl, byte[] json) {}

  public OpenApiEndpoint(DocsSettings docs, CatalogHolder catalogs) {
    this.docs = docs;
    this.catalogs = catalogs;
    this.builder = new OpenApiBuilder(docs.includeInternal());
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    if (!docs.enabled()) {
      throw new FnHttpException.NotFound(DOCS_DISABLED);
    }
    Method method = req.prologue().method();
    if (method != Method.GET && method != Method.HEAD) {
      throw new FnHttpException.MethodNotAllowed(ALLOWED);
    }
    String serverUrl = ServerUrl.of(docs.publicBaseUrl(),
        req.headers().first(HeaderNames.X_FORWARDED_PROTO).orElse(null),
        req.headers().first(HeaderNames.X_FORWARDED_HOST).orElse(null),
        req.headers().first(HeaderNames.HOST).orElse(null),
        req.isSecure());
    byte[] json = render(catalogs.get(), serverUrl);
    res.status(200);
    res.header(HeaderNames.CONTENT_TYPE, HttpJson.JSON);
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
    if (method == Method.HEAD) {
      res.send();
    } else {
      res.send(json);
    }
  }

  byte[] render(Catalog catalog, String serverUrl) {
    Rendered r = last.get();
    if (r != null && r.catalog() == catalog && r.serverUrl().equals(serverUrl)) {
      return r.json();
    }
    byte[] json = HttpJson.MAPPER.writeValueAsBytes(builder.build(catalog, serverUrl));
    last.set(new Rendered(catalog, serverUrl, json));
    return json;
  }
}
