package dev.fastfn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fastfn}: the command tree. Each subcommand is its own class. */
@Command(name = "fastfn", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
    description = "Self-hosted function platform: Python and Node handlers in a folder become HTTP routes.",
    subcommands = {DevCommand.class, RunCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class Main {
  public static void main(String[] args) {
    Logging.install();
    int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
