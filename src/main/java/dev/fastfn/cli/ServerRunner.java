package dev.fastfn.cli;

import dev.fastfn.config.EnvReader;
import dev.fastfn.config.FastfnConfig;
import dev.fastfn.gateway.GatewayServer;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Starts the server in the foreground until Ctrl-C, with clean shutdown of every worker. */
final class ServerRunner {
  private ServerRunner() {}

  static int serve(ServeOptions options, Map<String, String> modeDefaults, String mode) {
    FastfnConfig config;
    try {
      config = options.resolve(System.getenv(), modeDefaults);
    } catch (EnvReader.InvalidConfigException e) {
      System.err.println("fastfn: " + e.getMessage());
      return 2;
    }
    App app;
    try {
      app = App.start(config);
    } catch (GatewayServer.PortInUseException e) {
      System.err.println("fastfn: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "fastfn-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    StartupBanner.print(System.out, app, mode);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
