package dev.fastfn.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code fastfn run [dir]}: production defaults (hot reload off, console writes off). The environment,
 * fastfn.json and flags still override them.
 */
@Command(name = "run", description = "Serve a functions folder with production defaults "
    + "(hot reload off, console writes off).")
final class RunCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin
  ServeOptions options = new ServeOptions();

  RunCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    return ServerRunner.serve(ctx, options, Map.of("FN_HOT_RELOAD", "0", "FN_CONSOLE_WRITE_ENABLED", "0"), "run",
        "Directory not found");
  }
}
