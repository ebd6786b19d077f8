package dev.fastfn.runtime;

import java.time.Duration;

/**
 * Spaces out the exits of retired workers. Pools that were warmed together reach their idle TTL
 * together, and a change above many functions retires many pools at once; a hundred interpreters
 * exiting in the same instant take both cores of a small machine from live traffic for tens of
 * milliseconds (the kernel tears down each address space). One exit every {@code spacing} (50 ms
 * in the server) costs nothing visible. One per {@link WorkerPools}, shared by its pools.
 */
final class StopPacer {
  private final long spacingNanos;
  private boolean paced; // guarded by this; false until the first exit (nanoTime has no zero)
  private long nextNanos; // guarded by this

  StopPacer(Duration spacing) {
    this.spacingNanos = spacing.toNanos();
  }

  /**
   * How long, in ms, an exit asked for at {@code nowNanos} should wait: at least {@code minMillis},
   * and {@code spacing} after the exit before it.
   */
  synchronized long delayMillis(long nowNanos, long minMillis) {
    long earliest = nowNanos + minMillis * 1_000_000;
    long at = paced && nextNanos - earliest > 0 ? nextNanos : earliest;
    paced = true;
    nextNanos = at + spacingNanos;
    return (at - nowNanos) / 1_000_000;
  }
}
