package dev.fastfn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds programs on the PATH of a given environment (not the JVM's own, so tests control it) and
 * asks them for their version. Stateless.
 */
final class Executables {
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);

  private Executables() {}

  /** {@code name} as an absolute path: itself when it contains '/', else the first PATH hit. */
  static Optional<Path> find(String name, Map<String, String> env) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    if (name.contains("/")) {
      Path p = Path.of(name);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
    }
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** First non-empty output line of {@code program args...}, or empty if it fails or hangs. */
  static Optional<String> firstLine(Path program, Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(program.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return Optional.empty();
    }
    try (InputStream in = p.getInputStream()) {
      p.getOutputStream().close();
      if (!p.waitFor(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        return Optional.empty();
      }
      return out.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return Optional.empty();
    }
  }
}
