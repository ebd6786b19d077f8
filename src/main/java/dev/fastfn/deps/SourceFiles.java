package dev.fastfn.deps;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.FileKinds;
import dev.fastfn.discovery.FunctionSpec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which source files belong to a function's dependency unit (its folder). A runtime-scoped function
 * owns its folder tree, minus installed deps, hidden folders and nested functions, versions or
 * packages; file routes share their folder with sibling files, so for them it is the runtime's files
 * directly in the folder. Both rules give every function of one folder the same answer, which keeps
 * the folder's single install stable. Pure file-system reads.
 */
final class SourceFiles {
  private static final int MAX_DEPTH = 4;
  private static final int MAX_FILES = 1000;
  private static final List<String> PY_EXT = List.of(".py");
  private static final List<String> NODE_EXT = List.of(".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx");

  private SourceFiles() {}

  /** Source files of {@code fn}'s runtime in its unit, sorted; the entry file is always included. */
  static List<Path> of(FunctionSpec fn) {
    List<Path> out = new ArrayList<>();
    Path dir = fn.functionDir();
    if (fn.kind() == FunctionSpec.Kind.FILE) {
      collect(dir, fn.runtime(), 0, 0, out);
    } else {
      collect(dir, fn.runtime(), 0, MAX_DEPTH, out);
    }
    if (fn.entryFile() != null && Files.isRegularFile(fn.entryFile()) && !out.contains(fn.entryFile())) {
      out.add(fn.entryFile());
    }
    out.sort(null);
    return out;
  }

  /** Files whose leading comments may carry inline requirements: the entry, or for file routes every sibling. */
  static List<Path> inlineCarriers(FunctionSpec fn) {
    if (fn.kind() == FunctionSpec.Kind.FILE) {
      List<Path> out = new ArrayList<>();
      collect(fn.functionDir(), fn.runtime(), 0, 0, out);
      out.sort(null);
      return out;
    }
    return fn.entryFile() == null ? List.of() : List.of(fn.entryFile());
  }

  private static void collect(Path dir, RuntimeKind rt, int depth, int maxDepth, List<Path> out) {
    List<Path> subdirs = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (out.size() >= MAX_FILES) {
          return;
        }
        String name = p.getFileName().toString();
        if (FileKinds.isDirectory(p)) {
          if (depth < maxDepth && !skipDir(p, name, rt)) {
            subdirs.add(p);
          }
        } else if (Files.isRegularFile(p) && hasExtension(name, rt)) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      return; // a folder that vanished or cannot be read has no sources
    }
    for (Path s : subdirs) {
      collect(s, rt, depth + 1, maxDepth, out);
    }
  }

  private static boolean skipDir(Path p, String name, RuntimeKind rt) {
    if (name.startsWith(".") || name.equals("node_modules") || name.equals("__pycache__")) {
      return true;
    }
    // nested functions, versions and vendored packages have their own dependencies
    if (Files.exists(p.resolve("fn.config.json")) || Files.exists(p.resolve("package.json"))
        || Files.exists(p.resolve("requirements.txt"))) {
      return true;
    }
    for (String entry : rt.entryCandidates()) {
      if (Files.exists(p.resolve(entry))) {
        return true;
      }
    }
    return false;
  }

  static boolean hasExtension(String name, RuntimeKind rt) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".d.ts")) {
      return false;
    }
    for (String ext : rt == RuntimeKind.PYTHON ? PY_EXT : NODE_EXT) {
      if (lower.endsWith(ext)) {
        return true;
      }
    }
    return false;
  }
}
