package dev.fastfn.deps;

import java.util.List;

/**
 * What import inference found in a function's sources (runtimes.md §5.2 step 5, §5.3 step 1).
 *
 * @param backend the backend that ran ("native", "pipreqs", "detective", "require-analyzer")
 * @param imports imported third-party names (stdlib, builtins and local modules dropped), sorted
 * @param resolved package names to install, sorted
 * @param unresolved imports that map to no valid package name, sorted
 * @param error null, or why inference could not run (missing tool, unsupported backend): fatal
 */
record Inference(String backend, long durationMs, List<String> imports, List<String> resolved,
    List<String> unresolved, String error) {

  Inference {
    imports = List.copyOf(imports);
    resolved = List.copyOf(resolved);
    unresolved = List.copyOf(unresolved);
  }

  static Inference none(String backend) {
    return new Inference(backend, 0, List.of(), List.of(), List.of(), null);
  }

  static Inference failed(String backend, String error) {
    return new Inference(backend, 0, List.of(), List.of(), List.of(), error);
  }

  /** Inference decides the mode ("inferred") as soon as it found anything, resolved or not. */
  boolean foundAnything() {
    return !resolved.isEmpty() || !unresolved.isEmpty();
  }
}
