package dev.fastfn.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fastfn dev [dir]}: serve with hot reload on. */
@Command(name = "dev", description = "Serve a functions folder for development (hot reload on).")
final class DevCommand implements Callable<Integer> {
  @Mixin
  ServeOptions options = new ServeOptions();

  @Override
  public Integer call() {
    return ServerRunner.serve(options, Map.of("FN_HOT_RELOAD", "1"), "dev");
  }
}
