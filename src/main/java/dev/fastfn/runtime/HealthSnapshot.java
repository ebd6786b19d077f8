package dev.fastfn.runtime;

import dev.fastfn.config.RuntimeKind;
import java.time.Instant;
import java.util.List;

/**
 * Point-in-time view of the worker layer for {@code /_fn/health}: one row per enabled runtime and one
 * per function pool that has been used.
 */
public record HealthSnapshot(List<RuntimeStatus> runtimes, List<PoolStatus> pools) {
  public HealthSnapshot {
    runtimes = List.copyOf(runtimes);
    pools = List.copyOf(pools);
  }

  /**
   * @param up false once starting a worker of this runtime failed and no start has succeeded since
   * @param workers live function workers of this runtime (spares not counted)
   * @param spareWorkers pre-started workers waiting for a function
   * @param restarts workers replaced after a crash, timeout kill or failed start
   * @param lastError last start failure or crash, or null
   */
  public record RuntimeStatus(
      RuntimeKind runtime, boolean up, int workers, int spareWorkers, long restarts, String lastError) {}

  /**
   * @param key function key, {@code runtime/name@version}
   * @param state "warm" when at least one worker is loaded, else "cold"
   * @param workers live workers
   * @param inFlight calls currently running on them
   * @param warmAt when the pool last became warm, or null
   * @param lastUsedAt last call, or null
   */
  public record PoolStatus(
      String key,
      RuntimeKind runtime,
      String state,
      int workers,
      int inFlight,
      long restarts,
      String lastError,
      Instant warmAt,
      Instant lastUsedAt) {}
}
