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

  /**
   * Ctrl-C / SIGTERM. Where the JVM lets us (sun.misc.Signal), INT and TERM only request the stop, so
   * the command cleans up and exits 0 as documented (security-cli-ui.md B2); a shutdown hook covers
   * every other way the JVM can be asked to exit. Both are installed on first use.
   */
  final class ShutdownHook implements Lifetime {
    /** Longest a shutdown hook waits for the command to finish cleaning up (workers, server). */
    private static final Duration CLEANUP_GRACE = Duration.ofSeconds(15);
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicBoolean hooked = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public boolean awaitStop(Duration timeout) throws InterruptedException {
      if (hooked.compareAndSet(false, true)) {
        onSignal("INT", requested::countDown);
        onSignal("TERM", requested::countDown);
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

    /**
     * {@code sun.misc.Signal.handle(new Signal(name), action)}, reached by reflection on purpose: it is
     * the only JDK way to turn a signal into a normal exit, and a direct reference draws an
     * unsuppressible javac warning. When unavailable, the shutdown hook still stops the command
     * (the exit code is then 130/143).
     */
    private static void onSignal(String name, Runnable action) {
      try {
        Class<?> signal = Class.forName("sun.misc.Signal");
        Class<?> handler = Class.forName("sun.misc.SignalHandler");
        Object sig = signal.getConstructor(String.class).newInstance(name);
        Object proxy = java.lang.reflect.Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler},
            (self, method, args) -> switch (method.getName()) {
              case "handle" -> {
                action.run();
                yield null;
              }
              case "hashCode" -> System.identityHashCode(self);
              case "equals" -> self == args[0];
              default -> "fastfn-signal-" + name;
            });
        signal.getMethod("handle", signal, handler).invoke(null, sig, proxy);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // no signal API on this JVM: the shutdown hook covers it
      }
    }
  }
}
