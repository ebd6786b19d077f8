package dev.fastfn.runtime;

import dev.fastfn.config.RuntimeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start a generic worker process of one runtime. One implementation per runtime, chosen in
 * {@link WorkerPools}; the process then speaks the protocol of {@code resources/runtime/PROTOCOL.md}.
 */
abstract class Launcher {
  private final String binary;
  private volatile String resolved;

  Launcher(String binary) {
    this.binary = binary;
  }

  abstract RuntimeKind runtime();

  /** The interpreter binary, as configured ({@code FN_PYTHON_BIN}, {@code FN_NODE_BIN}). */
  final String binary() {
    return binary;
  }

  /**
   * The binary to start: the configured one until a worker has reported its real executable
   * ({@code sys.executable}, {@code process.execPath}). Version-manager shims (pyenv, asdf) cost a
   * shell script per start; the real path skips them and selects the same interpreter.
   */
  final String executable() {
    String r = resolved;
    return r != null ? r : binary;
  }

  /** Remembers the absolute executable a worker started through {@link #binary()} reported. */
  final void learnExecutable(String path) {
    if (resolved == null && path != null && !path.isBlank() && Path.of(path).isAbsolute()
        && Files.isExecutable(Path.of(path))) {
      resolved = path;
    }
  }

  /** Full command line of a worker. */
  abstract List<String> command(WorkerScripts scripts, RuntimeOptions options);

  /** Variables this runtime needs on top of the allowlisted parent environment. */
  abstract Map<String, String> extraEnv();

  /**
   * True when {@code key} only takes effect at interpreter start (PYTHONPATH, NODE_OPTIONS, …): a
   * function that sets it in fn.env.json gets a fresh process instead of a pre-started spare.
   */
  abstract boolean bootOnly(String key);
}
