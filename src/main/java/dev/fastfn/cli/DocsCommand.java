package dev.fastfn.cli;

import dev.fastfn.config.EnvReader;
import dev.fastfn.config.FastfnConfig;
import dev.fastfn.config.ProjectFile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fastfn docs [--open]}: prints the Swagger UI and OpenAPI URLs of the server this project
 * would run (FN_PUBLIC_BASE_URL, else FN_HOST/FN_HOST_PORT or the flags); {@code --open} also starts
 * the system browser (xdg-open / open), failing with exit 1 when there is none.
 */
@Command(name = "docs", description = "Print (or --open) the Swagger UI URL.")
final class DocsCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Option(names = "--open", description = "Open the page in the system browser")
  boolean open;

  @Option(names = "--port", description = "Port (FN_HOST_PORT, default 8080)")
  Integer port;

  @Option(names = "--host", description = "Host (FN_HOST, default 127.0.0.1)")
  String host;

  @Option(names = "--config", paramLabel = "FILE", description = "Project file (default ./fastfn.json)")
  Path configFile;

  DocsCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ProjectFile project = ServeOptions.loadProject(configFile, ctx.cwd());
    Map<String, String> env = new HashMap<>(project.env());
    ctx.env().forEach((k, v) -> {
      if (!v.isBlank()) {
        env.put(k, v);
      }
    });
    if (port != null) {
      env.put("FN_HOST_PORT", Integer.toString(port));
    }
    if (host != null) {
      env.put("FN_HOST", host);
    }
    FastfnConfig config;
    try {
      config = FastfnConfig.fromEnv(env, ctx.cwd());
    } catch (EnvReader.InvalidConfigException e) {
      throw new CliFailure(e.getMessage());
    }
    String base = config.docs().publicBaseUrl() != null ? config.docs().publicBaseUrl()
        : StartupBanner.localBase(config, config.port() == 0 ? FastfnConfig.DEFAULT_PORT : config.port());
    String docs = base + "/_fn/docs";
    if (!config.docs().enabled()) {
      ctx.err().println("warning: docs are disabled (FN_DOCS_ENABLED=0); the server answers 404 there");
    }
    ctx.out().println("Swagger UI: " + docs);
    ctx.out().println("OpenAPI:    " + base + "/_fn/openapi.json");
    if (open) {
      ctx.out().println("Opening " + docs + "...");
      ctx.out().flush();
      openBrowser(docs);
    }
    return 0;
  }

  private void openBrowser(String url) {
    for (String opener : new String[] {"xdg-open", "open"}) {
      Optional<Path> exe = Executables.find(opener, ctx.env());
      if (exe.isPresent()) {
        try {
          new ProcessBuilder(exe.get().toString(), url).inheritIO().start();
          return;
        } catch (IOException e) {
          throw new CliFailure("Failed to open browser: " + e.getMessage());
        }
      }
    }
    if (!java.awt.GraphicsEnvironment.isHeadless() && java.awt.Desktop.isDesktopSupported()
        && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
      try {
        java.awt.Desktop.getDesktop().browse(URI.create(url));
        return;
      } catch (IOException e) {
        throw new CliFailure("Failed to open browser: " + e.getMessage());
      }
    }
    throw new CliFailure("Failed to open browser: no xdg-open or open command found; open " + url + " yourself");
  }
}
