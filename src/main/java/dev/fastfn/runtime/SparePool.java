package dev.fastfn.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pre-started generic workers of one runtime: the interpreter is up and has said {@code ready}, but no
 * function is loaded yet. Taking one turns a cold start into a {@code load} message (a few
 * milliseconds instead of an interpreter boot). Refilled in the background shortly after every take; a
 * failing start is retried with backoff and reported through {@link RuntimeState}.
 *
 * <p>Thread-safe. {@link #take} waits only for a spare that is already starting and that no other
 * caller has claimed (starting a second interpreter in parallel would only slow both down).
 */
final class SparePool {
  private static final Logger LOG = LoggerFactory.getLogger(SparePool.class);
  static final long REFILL_DELAY_MS = 100;

  /** Starts one generic worker and waits for its {@code ready}. */
  interface Spawner {
    Worker spawn(Worker.Listener listener) throws Worker.StartFailure;
  }

  private final String runtime;
  private final int target;
  private final Spawner spawner;
  private final Executor executor;
  private final ScheduledExecutorService scheduler;
  private final RuntimeState health;
  private final Duration maxBackoff;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Worker> idle = new ArrayDeque<>(); // guarded by lock
  private final ArrayDeque<CompletableFuture<Worker>> claims = new ArrayDeque<>(); // guarded by lock
  private int starting; // guarded by lock
  private int failures; // guarded by lock
  private boolean retryScheduled; // guarded by lock
  private boolean closed; // guarded by lock

  SparePool(String runtime, int target, Spawner spawner, Executor executor, ScheduledExecutorService scheduler,
      RuntimeState health, Duration maxBackoff) {
    this.runtime = runtime;
    this.target = target;
    this.spawner = spawner;
    this.executor = executor;
    this.scheduler = scheduler;
    this.health = health;
    this.maxBackoff = maxBackoff;
  }

  /**
   * A ready spare; or, when none is ready but one is starting unclaimed, that one once ready (at most
   * {@code maxWait}); else null. The caller owns the worker from now on and must assign a listener.
   */
  Worker take(Duration maxWait) {
    Worker w = null;
    CompletableFuture<Worker> claim = null;
    lock.lock();
    try {
      while (!idle.isEmpty()) {
        Worker candidate = idle.pollFirst();
        if (candidate.isSpare()) {
          w = candidate;
          break;
        }
      }
      if (w == null && claims.size() < starting) {
        claim = new CompletableFuture<>();
        claims.addLast(claim);
      }
    } finally {
      lock.unlock();
    }
    if (w != null) {
      refillSoon();
    } else {
      refill(); // demand outran the spares: no reason to wait
    }
    if (claim == null) {
      return w;
    }
    try {
      return claim.get(maxWait.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return unclaim(claim);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unclaim(claim);
    }
  }

  /** Gives up a claim; if a spare was handed over meanwhile, returns it. */
  private Worker unclaim(CompletableFuture<Worker> claim) {
    lock.lock();
    try {
      if (claims.remove(claim)) {
        return null;
      }
    } finally {
      lock.unlock();
    }
    return claim.getNow(null);
  }

  int size() {
    lock.lock();
    try {
      return idle.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Refills after {@link #REFILL_DELAY_MS}: an interpreter boot costs a core for tens of milliseconds,
   * and right after a take that core is better spent loading the function that took the spare.
   */
  private void refillSoon() {
    try {
      scheduler.schedule(this::refill, REFILL_DELAY_MS, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      refill();
    }
  }

  /** Starts spares in the background until {@code target} are ready or starting. */
  void refill() {
    lock.lock();
    try {
      if (closed || retryScheduled) {
        return;
      }
      while (idle.size() + starting < target) {
        starting++;
        executor.execute(this::startOne);
      }
    } finally {
      lock.unlock();
    }
  }

  private void startOne() {
    Worker w;
    try {
      w = spawner.spawn(this::spareDied);
    } catch (Worker.StartFailure e) {
      boolean shuttingDown;
      lock.lock();
      try {
        starting--;
        failures++;
        shuttingDown = closed;
        CompletableFuture<Worker> claim = claims.pollFirst();
        if (claim != null) {
          claim.complete(null); // that caller starts its own worker instead
        }
        if (!closed && !retryScheduled) {
          retryScheduled = true;
          long delay = Math.min(maxBackoff.toMillis(), 250L << Math.min(failures - 1, 10));
          scheduler.schedule(this::retry, delay, TimeUnit.MILLISECONDS);
        }
      } finally {
        lock.unlock();
      }
      if (!shuttingDown) {
        reportFailure(e);
      }
      return;
    }
    health.started();
    w.warm();
    boolean keep;
    CompletableFuture<Worker> claim = null;
    lock.lock();
    try {
      starting--;
      failures = 0;
      keep = !closed;
      if (keep) {
        claim = claims.pollFirst();
        if (claim == null) {
          idle.addLast(w);
        }
      }
    } finally {
      lock.unlock();
    }
    if (!keep) {
      w.stop();
    } else if (claim != null) {
      claim.complete(w);
      refill();
    }
  }

  /**
   * A transient failure (the worker died of a signal while starting) is reported late and only if
   * this pool is still open; any other marks the runtime at once and is logged late the same way
   * (see {@link StartFailureLog}).
   */
  private void reportFailure(Worker.StartFailure e) {
    if (e.transientFailure()) {
      StartFailureLog.later(scheduler, this::isClosed, () -> {
        health.startFailed(e.getMessage(), e.runtimeLevel());
        warn(e);
      });
      return;
    }
    health.startFailed(e.getMessage(), e.runtimeLevel());
    StartFailureLog.later(scheduler, this::isClosed, () -> warn(e));
  }

  private void warn(Worker.StartFailure e) {
    LOG.warn("rt={} spare worker failed to start: {}", runtime, e.getMessage());
  }

  private boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  private void retry() {
    lock.lock();
    try {
      retryScheduled = false;
    } finally {
      lock.unlock();
    }
    refill();
  }

  private void spareDied(Worker w, String reason, boolean expected) {
    lock.lock();
    try {
      idle.remove(w);
    } finally {
      lock.unlock();
    }
    if (!expected) {
      health.crashed(reason);
      refill();
    }
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      for (Worker w : idle) {
        w.stop();
      }
      idle.clear();
      for (CompletableFuture<Worker> c : claims) {
        c.complete(null);
      }
      claims.clear();
    } finally {
      lock.unlock();
    }
  }
}
