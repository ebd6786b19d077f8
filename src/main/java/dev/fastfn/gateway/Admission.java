package dev.fastfn.gateway;

import dev.fastfn.discovery.FunctionPolicy;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrency gate of one function: at most {@code maxWorkers} calls run, at most {@code maxQueue}
 * wait in FIFO order (fair semaphore, no polling) for up to {@code queueTimeoutMs}; everything else
 * is rejected with the overflow status. Instances are immutable in their limits; when a function's
 * limits change the Invoker swaps in a new gate and calls in flight release the gate they took.
 */
final class Admission {
  /** Limits this gate was built for; compared to decide whether a config change needs a new gate. */
  record Limits(int maxWorkers, int maxQueue, int queueTimeoutMs, int overflowStatus) {
    static Limits of(FunctionPolicy p) {
      FunctionPolicy.WorkerPoolPolicy wp = p.workerPool();
      if (wp == null) {
        return new Limits(p.maxConcurrency(), 0, 0, 429);
      }
      return new Limits(wp.maxWorkers(), wp.maxQueue(), wp.queueTimeoutMs(), wp.overflowStatus());
    }
  }

  /** Outcome of {@link #enter}: whether the call waited in the queue. */
  record Ticket(Admission gate, boolean queued) {
    void release() {
      gate.release();
    }
  }

  private final Limits limits;
  private final Semaphore slots;
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger active = new AtomicInteger();
  final AtomicLong overflowDrops = new AtomicLong();
  final AtomicLong timeoutDrops = new AtomicLong();

  Admission(Limits limits) {
    this.limits = limits;
    this.slots = limits.maxWorkers() > 0 ? new Semaphore(limits.maxWorkers(), true) : null;
  }

  Limits limits() {
    return limits;
  }

  int active() {
    return active.get();
  }

  int queued() {
    return waiting.get();
  }

  Ticket enter(String fnLabel) throws InterruptedException {
    if (slots == null) {
      active.incrementAndGet();
      return new Ticket(this, false);
    }
    if (slots.tryAcquire()) {
      active.incrementAndGet();
      return new Ticket(this, false);
    }
    if (waiting.incrementAndGet() > limits.maxQueue()) {
      waiting.decrementAndGet();
      overflowDrops.incrementAndGet();
      throw new FnHttpException.Overloaded(limits.overflowStatus(), fnLabel + ": worker pool overflow (active="
          + active.get() + "/" + limits.maxWorkers() + ", queued=" + waiting.get() + "/" + limits.maxQueue() + ")");
    }
    try {
      if (!slots.tryAcquire(limits.queueTimeoutMs(), TimeUnit.MILLISECONDS)) {
        timeoutDrops.incrementAndGet();
        throw new FnHttpException.Overloaded(limits.overflowStatus(), fnLabel
            + ": worker pool queue timeout (waited " + limits.queueTimeoutMs() + "ms, active="
            + active.get() + "/" + limits.maxWorkers() + ")");
      }
    } finally {
      waiting.decrementAndGet();
    }
    active.incrementAndGet();
    return new Ticket(this, true);
  }

  private void release() {
    active.decrementAndGet();
    if (slots != null) {
      slots.release();
    }
  }
}
