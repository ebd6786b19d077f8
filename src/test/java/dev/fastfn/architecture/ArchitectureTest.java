package dev.fastfn.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules of STYLE.md that the compiler cannot check: package dependencies follow the request path
 * without cycles, and only {@code config} (plus the CLI entry point) reads the process environment.
 */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/dev/fastfn");
  private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.fastfn\\.([a-z]+)\\.");

  /** What each package may use. A new arrow must be added here on purpose. */
  private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("config", Set.of()),
      Map.entry("store", Set.of("config")),
      Map.entry("discovery", Set.of("config")),
      Map.entry("routing", Set.of("config", "discovery")),
      Map.entry("runtime", Set.of("config", "discovery")),
      Map.entry("gateway", Set.of("config", "discovery", "routing", "runtime")),
      Map.entry("deps", Set.of("config", "discovery", "runtime")),
      Map.entry("jobs", Set.of("config", "discovery", "gateway", "runtime", "store")),
      Map.entry("schedule", Set.of("config", "discovery", "gateway", "runtime", "store")),
      Map.entry("openapi", Set.of("config", "discovery", "routing", "gateway")),
      Map.entry("logs", Set.of("config", "gateway")),
      Map.entry("console", Set.of("config", "discovery", "routing", "gateway", "runtime", "deps", "schedule", "jobs",
          "store")),
      Map.entry("cli", Set.of("config", "discovery", "routing", "gateway", "runtime", "deps", "schedule", "jobs",
          "store", "console", "openapi", "logs")));

  @Test
  void packages_only_use_the_packages_upstream_of_them() throws IOException {
    Map<String, Set<String>> used = usedPackages();
    assertThat(ALLOWED.keySet()).as("every package has a rule").containsAll(used.keySet());
    List<String> violations = new ArrayList<>();
    used.forEach((pkg, uses) -> {
      for (String u : uses) {
        if (!ALLOWED.get(pkg).contains(u)) {
          violations.add(pkg + " -> " + u);
        }
      }
    });
    assertThat(violations).isEmpty();
  }

  @Test
  void only_config_and_the_cli_entry_point_read_the_environment() throws IOException {
    List<String> readers = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String rel = MAIN.relativize(f).toString();
        if (rel.startsWith("config/") || rel.equals("cli/CliContext.java")) {
          continue;
        }
        String text = Files.readString(f);
        if (text.contains("System.getenv(") || text.contains("System.getProperty(")) {
          readers.add(rel);
        }
      }
    }
    assertThat(readers).isEmpty();
  }

  private static Map<String, Set<String>> usedPackages() throws IOException {
    Map<String, Set<String>> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = MAIN.relativize(f).getName(0).toString();
        Set<String> uses = out.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher m = REFERENCE.matcher(Files.readString(f));
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            uses.add(m.group(1));
          }
        }
      }
    }
    return out;
  }
}
