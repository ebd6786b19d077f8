package dev.fastfn.runtime;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Writes the warning for a failed worker start a moment late, and not at all once the server has
 * begun to stop (or, for spares, once their pool has closed). Ctrl-C or a service stop signals the
 * whole process group, and a worker that is still starting then fails in one of several ways as
 * the server begins to stop: it dies of the signal, its interpreter exits on a
 * {@code KeyboardInterrupt} raised before the worker script set its handlers, or the JDK's spawn
 * helper dies before the exec. None of that is worth a warning on the way out, and at the moment it
 * happens it cannot be told apart from a real failure.
 */
final class StartFailureLog {
  /** Long enough for a stopping server to have begun its shutdown. */
  static final long DELAY_MS = 2_000;

  private StartFailureLog() {}

  /** Runs {@code warning} after {@link #DELAY_MS} unless {@code stopping} is true by then. */
  static void later(ScheduledExecutorService scheduler, BooleanSupplier stopping, Runnable warning) {
    later(scheduler, stopping, warning, DELAY_MS);
  }

  static void later(ScheduledExecutorService scheduler, BooleanSupplier stopping, Runnable warning, long delayMs) {
    try {
      scheduler.schedule(() -> {
        if (!stopping.getAsBoolean()) {
          warning.run();
        }
      }, delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the scheduler is shut down: so is the server
    }
  }
}
