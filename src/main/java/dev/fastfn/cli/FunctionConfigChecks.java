package dev.fastfn.cli;

import dev.fastfn.cli.DoctorReport.Check;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code project.function_configs}: every {@code fn.config.json}, {@code fn.routes.json} and
 * {@code fn.env.json} under the root must be a JSON object. FAIL lists each bad file with the parser's
 * message; discovery would otherwise run that function with defaults (or not route it).
 */
final class FunctionConfigChecks {
  static final Set<String> FILES = Set.of("fn.config.json", "fn.routes.json", "fn.env.json");
  private static final Set<String> SKIPPED_DIRS = Set.of("node_modules", "__pycache__", ".git", ".fastfn", ".venv",
      "venv", ".deps");
  private static final int MAX_DEPTH = 12;

  private FunctionConfigChecks() {}

  static Check check(Path root) {
    JsonMapper json = JsonMapper.builder().build();
    Map<String, String> bad = new LinkedHashMap<>();
    int[] seen = {0};
    try {
      Files.walkFileTree(root, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          String n = d.getFileName() == null ? "" : d.getFileName().toString();
          return !d.equals(root) && SKIPPED_DIRS.contains(n) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          if (attrs.isRegularFile() && FILES.contains(f.getFileName().toString())) {
            seen[0]++;
            String rel = root.relativize(f).toString();
            try {
              JsonNode node = json.readTree(Files.readString(f));
              if (node == null || !node.isObject()) {
                bad.put(rel, "must contain a JSON object");
              }
            } catch (IOException | JacksonException e) {
              bad.put(rel, firstLine(e.getMessage()));
            }
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) {
          bad.put(root.relativize(f).toString(), "unreadable: " + e.getMessage());
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      return Check.fail("project.function_configs", "cannot walk " + root + ": " + e.getMessage(), null);
    }
    if (!bad.isEmpty()) {
      return Check.fail("project.function_configs", bad.size() + " of " + seen[0] + " config file(s) invalid",
          "fix the JSON; the function runs with defaults until then").withDetails(bad);
    }
    return Check.ok("project.function_configs", seen[0] + " config file(s) valid");
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid JSON";
    }
    int nl = s.indexOf('\n');
    return nl > 0 ? s.substring(0, nl) : s;
  }
}
