package dev.fastfn.openapi;

import dev.fastfn.config.DocsSettings;
import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.FnHttpException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Swagger UI from the jar, so docs work offline (D6): {@code /_fn/docs} (and {@code /docs} when no
 * function owns it) serve our page; {@code /_fn/docs/<asset>} serves a fixed allowlist of files
 * from the {@code org.webjars:swagger-ui} jar, plus our init script. Anything else is 404, so the
 * sub-path never reaches the class loader unchecked.
 *
 * <p>Assets are read once and kept (about 2 MB); the read happens outside any lock and a racing
 * second read is harmless.
 */
public final class SwaggerUiEndpoint implements ControlHandler {
  static final String PAGE = "/openapi/swagger/index.html";
  static final String INIT = "/openapi/swagger/fastfn-init.js";
  private static final String WEBJAR_PROPS = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";
  private static final List<String> ALLOWED = List.of("GET", "HEAD");
  private static final Map<String, String> WEBJAR_ASSETS = Map.of(
      "swagger-ui.css", "text/css; charset=utf-8",
      "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
      "swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8",
      "favicon-16x16.png", "image/png",
      "favicon-32x32.png", "image/png");

  private final DocsSettings docs;
  private final String webjarDir;
  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  public SwaggerUiEndpoint(DocsSettings docs) {
    this.docs = docs;
    this.webjarDir = webjarDir();
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    if (!docs.enabled()) {
      throw new FnHttpException.NotFound(OpenApiEndpoint.DOCS_DISABLED);
    }
    Method method = req.prologue().method();
    if (method != Method.GET && method != Method.HEAD) {
      throw new FnHttpException.MethodNotAllowed(ALLOWED);
    }
    String name = subPath == null ? "" : subPath;
    String resource;
    String type;
    String cacheControl = "public, max-age=3600";
    if (name.isEmpty() || name.equals("index.html")) {
      resource = PAGE;
      type = "text/html; charset=utf-8";
      cacheControl = "no-cache";
    } else if (name.equals("fastfn-init.js")) {
      resource = INIT;
      type = "text/javascript; charset=utf-8";
      cacheControl = "no-cache";
    } else if (WEBJAR_ASSETS.containsKey(name) && webjarDir != null) {
      resource = webjarDir + name;
      type = WEBJAR_ASSETS.get(name);
    } else {
      throw new FnHttpException.NotFound();
    }
    byte[] body = load(resource);
    res.status(200);
    res.header(HeaderNames.CONTENT_TYPE, type);
    res.header(HeaderNames.CACHE_CONTROL, cacheControl);
    res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
    if (method == Method.HEAD) {
      res.send();
    } else {
      res.send(body);
    }
  }

  private byte[] load(String resource) {
    byte[] cached = cache.get(resource);
    if (cached != null) {
      return cached;
    }
    try (InputStream in = SwaggerUiEndpoint.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new FnHttpException.NotFound();
      }
      byte[] bytes = in.readAllBytes();
      cache.putIfAbsent(resource, bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code /META-INF/resources/webjars/swagger-ui/<version>/}, or null when the webjar is absent. */
  private static String webjarDir() {
    try (InputStream in = SwaggerUiEndpoint.class.getResourceAsStream(WEBJAR_PROPS)) {
      if (in == null) {
        return null;
      }
      Properties p = new Properties();
      p.load(in);
      String version = p.getProperty("version");
      return version == null ? null : "/META-INF/resources/webjars/swagger-ui/" + version + "/";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
