package dev.fastfn.deps;

import java.nio.file.Path;
import java.util.List;

/** Outcome of preparing one folder (a function or a pack). */
sealed interface Step {
  /**
   * @param paths import paths this folder contributes ({@code .deps} or {@code node_modules}), if any
   * @param signature hash of what is installed there, "" when nothing is
   */
  record Done(List<Path> paths, String signature) implements Step {
    public Done {
      paths = List.copyOf(paths);
    }
  }

  /** @param error client-facing message, also recorded as {@code last_error} */
  record Broken(String error) implements Step {}
}
