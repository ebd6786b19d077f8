package dev.fastfn.gateway;

import dev.fastfn.config.HomeSettings;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.HomeTarget;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code /} answers when no function route owns it (routing.md §7.1), in this order:
 * FN_HOME_FUNCTION, FN_HOME_REDIRECT, the root {@code fn.config.json} {@code home}, then the built-in
 * {@link LandingPage} when the tree has a route or a function, else 404. Running a path is the
 * {@link Gateway}'s job (it dispatches the path as a request of its own); this class picks the
 * target and writes the redirect, the page and the 404. Immutable; thread-safe.
 */
public final class Home {
  private static final Logger LOG = LoggerFactory.getLogger(Home.class);
  private static final List<String> PAGE_METHODS = List.of("GET", "HEAD");

  private final HomeTarget fromSettings;
  private final boolean docsLink;

  private Home(HomeTarget fromSettings, boolean docsLink) {
    this.fromSettings = fromSettings;
    this.docsLink = docsLink;
  }

  /**
   * Validates the FN_HOME_* settings once: an invalid one is logged now and skipped for good, where
   * the reference warned on every request.
   */
  public static Home from(HomeSettings settings, boolean docsEnabled) {
    HomeTarget t = HomeTarget.choose(settings.function(), "FN_HOME_FUNCTION", settings.redirect(), "FN_HOME_REDIRECT",
        why -> LOG.warn("home: {}; / goes to the next home setting", why));
    return new Home(t, docsEnabled);
  }

  /** True for the paths the home answers: {@code /} (and {@code //...}, which nginx merges into it). */
  static boolean isHomePath(String path) {
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) != '/') {
        return false;
      }
    }
    return !path.isEmpty();
  }

  /** The settings' target, else the root config's; {@link HomeTarget.Unset} means the page or 404. */
  HomeTarget target(Catalog catalog) {
    return fromSettings instanceof HomeTarget.Unset ? catalog.home() : fromSettings;
  }

  static void redirect(ServerResponse res, HomeTarget.Redirect r) {
    res.status(302);
    res.header(HeaderNames.LOCATION, r.location());
    res.send();
  }

  /** The landing page for GET and HEAD; 405 for other methods; 404 when the tree is empty. */
  void page(ServerRequest req, ServerResponse res, Catalog catalog) {
    if (!catalog.hasContent()) {
      throw new FnHttpException.NotFound();
    }
    Method method = req.prologue().method();
    if (method != Method.GET && method != Method.HEAD) {
      throw new FnHttpException.MethodNotAllowed(PAGE_METHODS);
    }
    res.status(200);
    res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
    res.header(HeaderNames.CACHE_CONTROL, "no-cache"); // the route list follows the tree
    if (method == Method.HEAD) {
      res.send();
    } else {
      res.send(LandingPage.render(catalog, docsLink).getBytes(StandardCharsets.UTF_8));
    }
  }
}
