package dev.fastfn.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fastfn version}: {@code FastFN <version>} exactly (security-cli-ui.md B3; packagers test it). */
@Command(name = "version", description = "Print the fastfn version.")
final class VersionCommand implements Callable<Integer> {
  private final CliContext ctx;

  VersionCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  static String line() {
    return "FastFN " + version();
  }

  @Override
  public Integer call() {
    ctx.out().println(line());
    return 0;
  }

  /** Feeds {@code --version}. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {line()};
    }
  }
}
