package dev.fastfn.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a long-running command ({@code dev}, {@code run}, {@code logs --follow}) learns that it must
 * stop, and reports that it has cleaned up. In the real process that is SIGINT/SIGTERM: the shutdown
 * hook asks the command to stop, then waits (bounded) until {@link #stopped()}, because the JVM halts
 * as soon as its hooks return.
 */
interface Lifetime {
  /** Waits up to {@code timeout}; true once a stop has been requested. */
  boolean awaitStop(Duration timeout) throws InterruptedException;

  /** The command has released everything; a waiting shutdown hook may return. */
  void stopped();

  /** Ctrl-C / SIGTERM via a JVM shutdown hook, registered on first use. */
  final class ShutdownHook implements Lifetime {
    /** Longest a shutdown hook waits for the command to finish cleaning up (workers, server). */
    private static final Duration CLEANUP_GRACE = Duration.ofSeconds(15);
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicBoolean hooked = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public boolean awaitStop(Duration timeout) throws InterruptedException {
      if (hooked.compareAndSet(false, true)) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          requested.countDown();
          try {
            finished.await(CLEANUP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "fastfn-shutdown"));
      }
      return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stopped() {
      finished.countDown();
    }
  }
}
