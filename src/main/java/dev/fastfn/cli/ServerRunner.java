package dev.fastfn.cli;

import dev.fastfn.config.EnvReader;
import dev.fastfn.gateway.GatewayServer;
import java.time.Duration;
import java.util.Map;

/**
 * Runs the server in the foreground until the {@link Lifetime} says stop (Ctrl-C), then closes it
 * (workers included) before returning 0. Startup failures print {@code Error: ...} and return 1.
 */
final class ServerRunner {
  private ServerRunner() {}

  static int serve(CliContext ctx, ServeOptions options, Map<String, String> modeDefaults, String mode,
      String missingDir) {
    ServeOptions.Resolved resolved;
    try {
      resolved = options.resolve(ctx, modeDefaults, missingDir);
    } catch (EnvReader.InvalidConfigException e) {
      throw new CliFailure(e.getMessage());
    }
    resolved.notes().forEach(ctx.out()::println);
    resolved.warnings().forEach(ctx.err()::println);
    if (options.forceUrl) {
      ctx.out().println("force-url enabled (will allow config/policy routes to override existing URLs)");
    }
    App app;
    try {
      app = App.start(resolved.config());
    } catch (GatewayServer.PortInUseException e) {
      throw new CliFailure(e.getMessage());
    }
    try {
      StartupBanner.print(ctx.out(), app, mode);
      while (!ctx.lifetime().awaitStop(Duration.ofHours(1))) {
        // keep serving
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      app.close();
      ctx.out().println("Stopped.");
      ctx.out().flush();
      ctx.lifetime().stopped();
    }
    return 0;
  }
}
