package dev.fastfn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a command may touch of the outside world, passed in so tests run commands in-process with a
 * fake environment, captured output and a controllable end: the environment (the only place the CLI
 * reads it), the working directory, stdout/stderr, a clock, how a long-running command learns it must
 * stop, DNS for {@code doctor domains}, and the platform doctor reports on.
 */
record CliContext(
    Map<String, String> env, Path cwd, PrintWriter out, PrintWriter err, Clock clock, Lifetime lifetime,
    DnsResolver dns, Platform platform) {
  CliContext {
    env = Map.copyOf(env);
    cwd = cwd.toAbsolutePath().normalize();
  }

  /** The real process: System env, current directory, System.out/err, Ctrl-C. */
  static CliContext system() {
    return new CliContext(System.getenv(), Path.of(""), new PrintWriter(System.out, true),
        new PrintWriter(System.err, true), Clock.systemUTC(), new Lifetime.ShutdownHook(), DnsResolver.SYSTEM,
        new Platform(System.getProperty("os.name", "?"), System.getProperty("os.arch", "?"),
            System.getProperty("java.vendor", "?")));
  }
}
