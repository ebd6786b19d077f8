package dev.fastfn.cli;

import dev.fastfn.discovery.Scanner;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles the code of rare paths before their first uses, on one background thread at start-up:
 * rescans (every console write and dropped file rescans), then what lies between a console write
 * and its function's first call (the write's answer, the dependency check, the worker's load
 * frame). Without it the JIT compiles them only after dozens of uses, and until then they run
 * interpreted on a write's path. Writes nothing and starts no worker; {@link #close()} stops it.
 */
final class WarmUp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
  /** The JIT compiles a method after about 200 calls; a scan pass calls the once-per-scan methods once. */
  private static final int SCANS = 200;
  /** Passes per round of each write-path exercise (one function each). */
  private static final int WRITE_PATH_PASSES = 1000;
  /**
   * The first round gets what the exercises call (JSON, files, paths) compiled. That fills the JIT's
   * queue, and the JIT raises its thresholds while its queue is long, so the exercises' own methods
   * are compiled in the second round, once the queue has drained.
   */
  private static final int WRITE_PATH_ROUNDS = 2;
  /** Bounds each step on a large tree or a slow machine. */
  private static final Duration BUDGET = Duration.ofMillis(400);
  /** The compiler counts as idle when its total time has not moved for this long... */
  private static final Duration COMPILER_QUIET = Duration.ofMillis(100);
  /** ...but a step never waits longer than this for it. */
  private static final Duration COMPILER_WAIT_MAX = Duration.ofSeconds(3);

  private final Thread thread;

  private WarmUp(Thread thread) {
    this.thread = thread;
  }

  /** The read-only half of one rare path, run {@code passes} times or for {@code budget} at most. */
  @FunctionalInterface
  interface Exercise {
    void run(int passes, Duration budget);
  }

  /** {@code writePath}: the steps between a console write and its function's first call. */
  static WarmUp start(Scanner scanner, List<Exercise> writePath) {
    return new WarmUp(Thread.ofPlatform().name("fastfn-warm-up").daemon(true)
        .start(() -> run(scanner, writePath)));
  }

  private static void run(Scanner scanner, List<Exercise> writePath) {
    try {
      scanner.exercise(SCANS, BUDGET);
      for (int round = 0; round < WRITE_PATH_ROUNDS; round++) {
        for (Exercise step : writePath) {
          awaitIdleCompiler();
          step.run(WRITE_PATH_PASSES, BUDGET);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // stopped: the server is closing
    } catch (RuntimeException e) {
      LOG.debug("warm-up stopped: {}", e.toString()); // only a warm-up: real requests report problems
    }
  }

  /** Waits until the JIT compiler has been idle for {@link #COMPILER_QUIET}, at most {@link #COMPILER_WAIT_MAX}. */
  private static void awaitIdleCompiler() throws InterruptedException {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      Thread.sleep(COMPILER_QUIET.toMillis());
      return;
    }
    long deadline = System.nanoTime() + COMPILER_WAIT_MAX.toNanos();
    long last = jit.getTotalCompilationTime();
    long quietSince = System.nanoTime();
    while (System.nanoTime() - deadline < 0) {
      Thread.sleep(20);
      long now = jit.getTotalCompilationTime();
      if (now != last) {
        last = now;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince >= COMPILER_QUIET.toNanos()) {
        return;
      }
    }
  }

  /** Stops the warm-up (a step in progress ends at its next pass). */
  @Override
  public void close() {
    thread.interrupt();
  }
}
