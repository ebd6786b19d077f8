package dev.fastfn.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fastfn}: the command tree, wired by hand. {@link #run} is the whole CLI for a given
 * {@link CliContext}; tests call it in-process. Exit codes: 0 success, 1 any failure including usage
 * errors (security-cli-ui.md B2); failures print {@code Error: <message>} on stderr.
 */
@Command(name = "fastfn", versionProvider = VersionCommand.Provider.class,
    description = "Self-hosted function platform: Python and Node handlers in a folder become HTTP routes.",
    footer = {"", "Run 'fastfn <command> --help' for the options of a command."})
public final class Main implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version (as 'fastfn version').")
  boolean version;

  public static void main(String[] args) {
    Logging.install();
    int code = run(args, CliContext.system());
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Root without a subcommand prints the help (exit 0). */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  static CommandLine commandLine(CliContext ctx) {
    CommandLine cl = new CommandLine(new Main());
    cl.addSubcommand("dev", withHelp(new DevCommand(ctx)));
    cl.addSubcommand("run", withHelp(new RunCommand(ctx)));
    cl.addSubcommand("init", withHelp(new InitCommand(ctx)));
    cl.addSubcommand("doctor", withHelp(new DoctorCommand(ctx))
        .addSubcommand("domains", withHelp(new DoctorDomainsCommand(ctx))));
    cl.addSubcommand("logs", withHelp(new LogsCommand(ctx)));
    cl.addSubcommand("docs", withHelp(new DocsCommand(ctx)));
    cl.addSubcommand("version", withHelp(new VersionCommand(ctx)));
    cl.addSubcommand("help", new CommandLine.HelpCommand());
    CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
    completion.getCommandSpec().usageMessage().hidden(false);
    cl.addSubcommand("completion", completion);
    cl.setOut(ctx.out());
    cl.setErr(ctx.err());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler((ex, args) -> {
      ex.getCommandLine().usage(ctx.err());
      ctx.err().println("Error: " + ex.getMessage());
      ctx.err().flush();
      return 1;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
      String message = ex.getMessage() == null || ex.getMessage().isBlank() ? ex.toString() : ex.getMessage();
      ctx.err().println("Error: " + message);
      ctx.err().flush();
      return 1;
    });
    return cl;
  }

  /** Our commands answer {@code -h/--help} themselves (picocli's own help/completion already do). */
  private static CommandLine withHelp(Object command) {
    CommandLine c = new CommandLine(command);
    c.getCommandSpec().addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
        .description("Show this help.").build());
    return c;
  }

  static int run(String[] args, CliContext ctx) {
    int code = commandLine(ctx).execute(args);
    ctx.out().flush();
    ctx.err().flush();
    return code;
  }
}
