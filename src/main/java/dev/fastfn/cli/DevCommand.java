package dev.fastfn.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fastfn dev [dir]}: serve with hot reload on; prints the URL, the routes and the docs URL. */
@Command(name = "dev", description = "Serve a functions folder for development (hot reload on).")
final class DevCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin
  ServeOptions options = new ServeOptions();

  DevCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    return ServerRunner.serve(ctx, options, Map.of("FN_HOT_RELOAD", "1"), "dev", "Invalid functions directory");
  }
}
