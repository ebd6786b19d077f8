package dev.fastfn.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fastfn version}. */
@Command(name = "version", description = "Print the fastfn version and the Java runtime.")
final class VersionCommand implements Callable<Integer> {
  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-dev" : v;
  }

  @Override
  public Integer call() {
    System.out.println("fastfn " + version() + " (java " + Runtime.version() + ")");
    return 0;
  }

  /** Feeds {@code --version}. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"fastfn " + version()};
    }
  }
}
