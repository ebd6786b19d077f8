package dev.fastfn.deps;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Whether a function's dependencies are installed, as answered by {@link DependencyService#ensureReady}. */
public sealed interface Readiness {

  /**
   * Everything is installed (or there was nothing to install).
   *
   * @param pythonPaths directories to put on {@code sys.path}, in priority order (the function's
   *     {@code .deps} first, then each pack's); empty for Node functions
   * @param nodePaths {@code node_modules} directories to add to Node's module lookup (the function's
   *     own, then each pack's); empty for Python functions
   * @param signature content hash of what was installed ("" when nothing was); changes whenever the
   *     installed set changes, so a worker pool can recycle workers started with an older one
   */
  record Ready(List<Path> pythonPaths, List<Path> nodePaths, String signature) implements Readiness {
    public Ready {
      pythonPaths = List.copyOf(pythonPaths);
      nodePaths = List.copyOf(nodePaths);
      Objects.requireNonNull(signature, "signature");
    }
  }

  /**
   * An install is still running after the caller's deadline; it goes on in the background. Callers
   * answer 503 with {@code Retry-After: <retryAfter seconds>}.
   */
  record Installing(String message, Duration retryAfter) implements Readiness {
    public Installing {
      Objects.requireNonNull(message, "message");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must be >= 0");
      }
    }
  }

  /**
   * Preparing failed (install error, unresolved imports in strict mode, missing pack, unknown
   * inference backend). {@code error} is meant for the client: callers answer 500 {"error": error}.
   * The next call retries once a manifest changes (or after a short back-off).
   */
  record Failed(String error) implements Readiness {
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }
}
