package dev.fastfn.runtime;

import java.time.Duration;

/**
 * Spaces out the exits of idle workers. Pools that were warmed together reach their idle TTL
 * together, and a hundred interpreters exiting in the same instant take both cores of a small
 * machine from live traffic for tens of milliseconds (the kernel tears down each address space).
 * One exit every {@code spacing} (50 ms in the server) costs nothing visible. Shared by every pool
 * of a {@link WorkerPools}.
 */
final class StopPacer {
  private final long spacingNanos;
  private boolean paced; // guarded by this; false until the first stop (nanoTime has no zero)
  private long nextNanos; // guarded by this

  StopPacer(Duration spacing) {
    this.spacingNanos = spacing.toNanos();
  }

  /** How long the next stop should wait, in ms, so it exits {@code spacing} after the one before it. */
  synchronized long delayMillis(long nowNanos) {
    long at = paced && nextNanos - nowNanos > 0 ? nextNanos : nowNanos;
    paced = true;
    nextNanos = at + spacingNanos;
    return (at - nowNanos) / 1_000_000;
  }
}
