package dev.fastfn.deps;

import dev.fastfn.runtime.ProcessTree;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs pip, npm, python and node as child processes with an explicit environment (the one the
 * service was built with, never this JVM's implicitly), a working directory and a timeout. Output
 * goes to temp files, so a chatty tool can never block on a full pipe. Thread-safe (stateless).
 */
final class ToolRunner {
  /** Output kept per stream; pip and npm print a lot, we only ever need the tail. */
  private static final int MAX_KEPT_CHARS = 64 * 1024;

  private final Map<String, String> env;

  ToolRunner(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  Map<String, String> env() {
    return env;
  }

  ToolResult run(List<String> command, Path cwd, Duration timeout) {
    return run(command, cwd, timeout, Map.of());
  }

  ToolResult run(List<String> command, Path cwd, Duration timeout, Map<String, String> extraEnv) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("fastfn-tool-", ".out");
      err = Files.createTempFile("fastfn-tool-", ".err");
      ProcessBuilder pb = new ProcessBuilder(command)
          .directory(cwd.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      Map<String, String> penv = pb.environment();
      penv.clear();
      penv.putAll(env);
      extraEnv.forEach(penv::putIfAbsent);
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        return new ToolResult(-1, "", "", false, e.getMessage());
      }
      boolean finished;
      try {
        finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        kill(p);
        Thread.currentThread().interrupt();
        return new ToolResult(-1, read(out), read(err), false, "interrupted");
      }
      if (!finished) {
        kill(p);
        return new ToolResult(-1, read(out), read(err), true, null);
      }
      return new ToolResult(p.exitValue(), read(out), read(err), false, null);
    } catch (IOException e) {
      return new ToolResult(-1, "", "", false, e.getMessage());
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static void kill(Process p) {
    ProcessTree.destroyDescendants(p.toHandle());
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String read(Path file) throws IOException {
    String s = Files.readString(file, StandardCharsets.UTF_8);
    return s.length() > MAX_KEPT_CHARS ? s.substring(s.length() - MAX_KEPT_CHARS) : s;
  }

  private static void deleteQuietly(Path p) {
    if (p == null) {
      return;
    }
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a leftover temp file is harmless; the OS cleans /tmp
    }
  }

  /**
   * Outcome of one tool run.
   *
   * @param exitCode process exit code, -1 when it did not start or timed out
   * @param startError why the process could not start (or was interrupted), else null
   */
  record ToolResult(int exitCode, String stdout, String stderr, boolean timedOut, String startError) {
    boolean ok() {
      return exitCode == 0 && !timedOut && startError == null;
    }

    /** The last {@code n} non-blank lines of stderr (stdout when stderr is empty), joined by " | ". */
    String tail(int n) {
      return tail(n, line -> false);
    }

    /** Like {@link #tail(int)}, skipping lines that {@code noise} matches. */
    String tail(int n, java.util.function.Predicate<String> noise) {
      if (startError != null) {
        return startError;
      }
      String text = stderr.isBlank() ? stdout : stderr;
      List<String> lines = new ArrayList<>();
      for (String line : text.split("\\R")) {
        if (!line.isBlank() && !noise.test(line.strip())) {
          lines.add(line.strip());
        }
      }
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
  }
}
