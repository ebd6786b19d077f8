package dev.fastfn.cli;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.discovery.Scanner;
import dev.fastfn.gateway.ControlRoutes;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.Gateway;
import dev.fastfn.gateway.GatewayServer;
import dev.fastfn.gateway.HealthEndpoint;
import dev.fastfn.gateway.Invoker;
import dev.fastfn.gateway.RuntimeStatus;
import dev.fastfn.gateway.SecretsSource;
import dev.fastfn.gateway.WarmTracker;
import dev.fastfn.logs.LogFiles;
import dev.fastfn.logs.LogsEndpoint;
import dev.fastfn.openapi.OpenApiEndpoint;
import dev.fastfn.openapi.SwaggerUiEndpoint;
import dev.fastfn.routing.Router;
import dev.fastfn.runtime.FunctionRunner;
import dev.fastfn.runtime.UnavailableRunner;
import io.helidon.webserver.http.ServerRequest;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running fastfn server: every component wired by hand, started in order, closed in reverse.
 * Used by the CLI and by tests (port 0).
 */
public final class App implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(App.class);

  private final FastfnConfig config;
  private final CatalogHolder catalogs;
  private final GatewayServer server;
  private final Deque<AutoCloseable> closeables;

  private App(FastfnConfig config, CatalogHolder catalogs, GatewayServer server, Deque<AutoCloseable> closeables) {
    this.config = config;
    this.catalogs = catalogs;
    this.server = server;
    this.closeables = closeables;
  }

  public static App start(FastfnConfig config) {
    Deque<AutoCloseable> closeables = new ArrayDeque<>();
    try {
      Clock clock = Clock.systemUTC();
      // docs (issue 7): log files first, so startup warnings already reach error.log
      LogFiles logFiles = LogFiles.open(config.dataDir().resolve("logs"));
      closeables.push(logFiles);
      Scanner scanner = new Scanner(config);
      CatalogHolder catalogs = new CatalogHolder(scanner::scan);
      FunctionRunner runner = new UnavailableRunner();
      closeables.push(runner);
      WarmTracker warm = new WarmTracker(clock);
      Invoker invoker = new Invoker(runner, SecretsSource.NONE, warm, clock);
      RuntimeStatus runtimeStatus = rt -> new RuntimeStatus.State(true, null, Map.of());
      ControlRoutes control = new ControlRoutes();
      HealthEndpoint health = new HealthEndpoint(config, catalogs, invoker, runtimeStatus, () -> false, clock);
      control.register("/_fn/health", health);
      control.register("/system/metrics", health);
      // docs (issue 7): OpenAPI, Swagger UI, logs. TODO(#4): pass console.Guard's API check to LogsEndpoint.
      OpenApiEndpoint openapi = new OpenApiEndpoint(config.docs(), catalogs);
      SwaggerUiEndpoint swaggerUi = new SwaggerUiEndpoint(config.docs());
      control.register("/_fn/openapi.json", openapi).register("/openapi.json", openapi);
      control.register("/_fn/docs", swaggerUi).registerPrefix("/_fn/docs/", swaggerUi)
          .registerFallback("/docs", swaggerUi);
      Consumer<ServerRequest> consoleApiCheck = req -> {
        if (!config.console().apiEnabled()) {
          throw new FnHttpException.NotFound("console api disabled");
        }
      };
      control.register("/_fn/logs", new LogsEndpoint(logFiles.dir(), consoleApiCheck));
      Gateway gateway = new Gateway(catalogs, new Router(), invoker, control);
      GatewayServer server = GatewayServer.start(config.host(), config.port(), gateway);
      closeables.push(server);
      LOG.info("fastfn listening on http://{}:{} root={} runtimes={}", config.host(), server.port(),
          config.functionsRoot(), config.runtimes());
      return new App(config, catalogs, server, closeables);
    } catch (RuntimeException e) {
      closeAll(closeables);
      throw e;
    }
  }

  public int port() {
    return server.port();
  }

  public FastfnConfig config() {
    return config;
  }

  public CatalogHolder catalogs() {
    return catalogs;
  }

  @Override
  public void close() {
    closeAll(closeables);
  }

  private static void closeAll(Deque<AutoCloseable> closeables) {
    while (!closeables.isEmpty()) {
      AutoCloseable c = closeables.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
