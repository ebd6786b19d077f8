package dev.fastfn.gateway;

import dev.fastfn.config.RuntimeKind;
import java.util.Map;

/**
 * Health of each runtime as the health report shows it ({@code runtimes.<rt>.health}).
 * Implemented over the worker pools; a runtime is up when its interpreter can start workers.
 */
@FunctionalInterface
public interface RuntimeStatus {
  /** Per-runtime state; {@code details} become extra keys (workers, restarts, last_error...). */
  record State(boolean up, String reason, Map<String, Object> details) {
    public State {
      details = Map.copyOf(details);
    }
  }

  State of(RuntimeKind runtime);
}
