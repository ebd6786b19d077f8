package dev.fastfn.runtime;

import dev.fastfn.discovery.FunctionSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes a function ready to be loaded into a worker: installs its dependencies and names the extra
 * import directories (Python site dirs, Node {@code node_modules} dirs) its workers need.
 *
 * <p>Called by the worker pool before the first worker of a function version is loaded, and again
 * whenever the function's fingerprint changes. Calls for one version are single-flight; calls for
 * different functions may run concurrently, on virtual threads. An implementation may block up to
 * {@code deadline} (the deadline of the request that triggered it) and should then return
 * {@link Prepared.Failed} (for example 503 "installing") rather than block longer.
 */
@FunctionalInterface
public interface WorkerPreparer {
  Prepared prepare(FunctionSpec fn, Deadline deadline);

  /** Outcome of {@link #prepare}. */
  sealed interface Prepared {
    /** Ready to load; {@code importPaths} go after the function dir on the worker's import path. */
    record Ready(List<Path> importPaths) implements Prepared {
      public Ready {
        importPaths = List.copyOf(importPaths);
      }
    }

    /**
     * Cannot load now; callers get {@code status} with body {@code {"error": message}}, plus
     * {@code Retry-After} when {@code retryAfterSeconds > 0} (an install still running).
     */
    record Failed(int status, String message, long retryAfterSeconds) implements Prepared {
      public Failed {
        if (status < 400 || status > 599) {
          throw new IllegalArgumentException("status must be 4xx or 5xx");
        }
      }

      public Failed(int status, String message) {
        this(status, message, 0);
      }
    }
  }

  /** No dependencies: nothing to install, no extra import paths. */
  static WorkerPreparer none() {
    return (fn, deadline) -> new Prepared.Ready(List.of());
  }
}
