package dev.fastfn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real command tree in-process with a chosen environment and working directory, capturing
 * stdout/stderr. Long-running commands run on a thread and end when {@link #stop()} is called, the way
 * Ctrl-C ends them in a terminal.
 */
final class Cli {
  static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  final Map<String, String> env = new HashMap<>();
  final Path cwd;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final TestLifetime lifetime = new TestLifetime();
  final Map<String, List<String>> dnsAddresses = new HashMap<>();
  final Map<String, String> dnsCnames = new HashMap<>();
  Platform platform = new Platform("Linux", "amd64", "Test Vendor");

  Cli(Path cwd) {
    this.cwd = cwd;
    String path = System.getenv("PATH");
    if (path != null) {
      env.put("PATH", path);
    }
  }

  Cli env(String k, String v) {
    env.put(k, v);
    return this;
  }

  CliContext context() {
    DnsResolver dns = new DnsResolver() {
      @Override
      public List<String> addresses(String host) {
        return dnsAddresses.getOrDefault(host, List.of());
      }

      @Override
      public Optional<String> cname(String host) {
        return Optional.ofNullable(dnsCnames.get(host));
      }
    };
    return new CliContext(env, cwd, new PrintWriter(out, true), new PrintWriter(err, true),
        Clock.fixed(NOW, ZoneOffset.UTC), lifetime, dns, platform);
  }

  int run(String... args) {
    return Main.run(args, context());
  }

  /** Starts a long-running command; the future completes with its exit code. */
  CompletableFuture<Integer> start(String... args) {
    CliContext ctx = context();
    return CompletableFuture.supplyAsync(() -> Main.run(args, ctx));
  }

  void stop() {
    lifetime.stop();
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }

  /** Stop requested by the test instead of a signal. */
  static final class TestLifetime implements Lifetime {
    private final CountDownLatch requested = new CountDownLatch(1);
    final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public boolean awaitStop(Duration timeout) throws InterruptedException {
      return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stopped() {
      finished.countDown();
    }

    void stop() {
      requested.countDown();
    }
  }
}
