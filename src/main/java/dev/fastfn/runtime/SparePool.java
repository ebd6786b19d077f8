package dev.fastfn.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pre-started generic workers of one runtime: the interpreter is up and has said {@code ready}, but no
 * function is loaded yet. Taking one turns a cold start into a {@code load} message (a few
 * milliseconds instead of an interpreter boot). Refilled in the background after every take; a
 * failing start is retried with backoff and reported through {@link RuntimeState}.
 *
 * <p>Thread-safe. Never blocks callers: {@link #take()} returns null when none is ready.
 */
final class SparePool {
  private static final Logger LOG = LoggerFactory.getLogger(SparePool.class);

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

  /** A ready spare, or null. The caller owns it from now on and must assign a listener. */
  Worker take() {
    Worker w = null;
    lock.lock();
    try {
      while (!idle.isEmpty()) {
        Worker candidate = idle.pollFirst();
        if (candidate.isSpare()) {
          w = candidate;
          break;
        }
      }
    } finally {
      lock.unlock();
    }
    refill();
    return w;
  }

  int size() {
    lock.lock();
    try {
      return idle.size();
    } finally {
      lock.unlock();
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
        if (!closed && !retryScheduled) {
          retryScheduled = true;
          long delay = Math.min(maxBackoff.toMillis(), 250L << Math.min(failures - 1, 10));
          scheduler.schedule(this::retry, delay, TimeUnit.MILLISECONDS);
        }
      } finally {
        lock.unlock();
      }
      if (!shuttingDown) {
        health.startFailed(e.getMessage(), e.runtimeLevel());
        LOG.warn("rt={} spare worker failed to start: {}", runtime, e.getMessage());
      }
      return;
    }
    health.started();
    boolean keep;
    lock.lock();
    try {
      starting--;
      failures = 0;
      keep = !closed;
      if (keep) {
        idle.addLast(w);
      }
    } finally {
      lock.unlock();
    }
    if (!keep) {
      w.stop();
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
    } finally {
      lock.unlock();
    }
  }
}
