package dev.fastfn.deps;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.config.RuntimeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shared dependency packs: {@code <root>/.fastfn/packs/<runtime>/<pack>} (runtimes.md §5.5), attached
 * to functions by {@code shared_deps}. Pure file-system reads; thread-safe.
 */
public final class Packs {
  /** Pack and runtime folder names that count (console-api.md §3.4). */
  static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]+$");

  private Packs() {}

  /**
   * The {@code GET /_fn/packs} body (console-api.md §4.5): {@code {generated_at, packs_root,
   * runtimes:{<rt>:{packs:[{name, dir, ...}]}}}}. Python packs carry {@code requirements_txt} and
   * {@code deps_dir}; Node packs {@code package_json}, {@code lock_file} (when present) and
   * {@code node_modules}. Packs that have been installed also carry {@code last_install_status} and
   * {@code last_error} from their state file. Lists {@code <root>/.fastfn/packs} only (no parent-root
   * fallback), runtimes and packs sorted by name.
   */
  public static ObjectNode list(FastfnConfig config, Instant now) {
    Path packsRoot = config.functionsRoot().resolve(".fastfn").resolve("packs");
    ObjectNode out = DepsJson.NODES.objectNode();
    out.put("generated_at", java.math.BigDecimal.valueOf(now.toEpochMilli(), 3)); // plain seconds, never E-notation
    out.put("packs_root", packsRoot.toString());
    ObjectNode runtimes = out.putObject("runtimes");
    for (Path rtDir : sortedDirs(packsRoot)) {
      ArrayNode packs = runtimes.putObject(rtDir.getFileName().toString()).putArray("packs");
      for (Path packDir : sortedDirs(rtDir)) {
        packs.add(describe(rtDir.getFileName().toString(), packDir));
      }
    }
    return out;
  }

  private static ObjectNode describe(String runtime, Path packDir) {
    ObjectNode p = DepsJson.NODES.objectNode();
    p.put("name", packDir.getFileName().toString());
    p.put("dir", packDir.toString());
    if (runtime.equals(RuntimeKind.PYTHON.id())) {
      p.put("requirements_txt", Files.isRegularFile(packDir.resolve("requirements.txt")));
      p.put("deps_dir", Files.isDirectory(packDir.resolve(".deps")));
    } else if (runtime.equals(RuntimeKind.NODE.id())) {
      p.put("package_json", Files.isRegularFile(packDir.resolve("package.json")));
      Path lock = NodeInstaller.lockFile(packDir);
      if (lock != null) {
        p.put("lock_file", lock.getFileName().toString());
      }
      p.put("node_modules", Files.isDirectory(packDir.resolve("node_modules")));
    }
    DepsState.read(packDir).ifPresent(s -> {
      p.put("last_install_status", s.lastInstallStatus());
      p.put("last_error", s.lastError());
    });
    return p;
  }

  private static List<Path> sortedDirs(Path parent) {
    if (!Files.isDirectory(parent)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(parent)) {
      return s.filter(Files::isDirectory)
          .filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * Where {@code pack} may live, in lookup order: {@code <root>/.fastfn/packs/<rt>/<pack>}, then, when
   * the root itself is named after the runtime (e.g. {@code /x/functions/python}), the same under its
   * parent (the parent-root rule).
   */
  static List<Path> candidates(Path root, RuntimeKind runtime, String pack) {
    List<Path> out = new ArrayList<>();
    out.add(root.resolve(".fastfn").resolve("packs").resolve(runtime.id()).resolve(pack));
    Path parent = root.getParent();
    if (parent != null && root.getFileName() != null && root.getFileName().toString().equals(runtime.id())) {
      out.add(parent.resolve(".fastfn").resolve("packs").resolve(runtime.id()).resolve(pack));
    }
    return out;
  }

  /** Result of {@link #locate}. */
  sealed interface Location {
    record Found(Path dir) implements Location {}

    record Missing(String error) implements Location {}
  }

  /** The first existing candidate folder, or the reference's error naming every path looked in. */
  static Location locate(Path root, RuntimeKind runtime, String pack) {
    List<Path> cands = candidates(root, runtime, pack);
    if (NAME.matcher(pack).matches()) {
      for (Path c : cands) {
        if (Files.isDirectory(c)) {
          return new Location.Found(c);
        }
      }
    }
    // Exact text is public API (runtimes.md §5.5)
    return new Location.Missing("shared pack not found: " + pack + " (looked in: "
        + String.join(", ", cands.stream().map(Path::toString).toList()) + ")");
  }
}
