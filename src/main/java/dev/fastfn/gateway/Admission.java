package dev.fastfn.gateway;

import dev.fastfn.discovery.FunctionPolicy;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger LOG = LoggerFactory.getLogger(Admission.class);
  private static final long DROP_LOG_INTERVAL_NANOS = 1_000_000_000L;

  private final Limits limits;
  private final Semaphore slots;
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger active = new AtomicInteger();
  /** Refusals since the function was first called; shared with the gates that replace this one. */
  final AtomicLong overflowDrops;
  final AtomicLong timeoutDrops;
  private final AtomicLong lastDropLog = new AtomicLong(System.nanoTime() - DROP_LOG_INTERVAL_NANOS);
  private final AtomicLong unloggedDrops = new AtomicLong();

  Admission(Limits limits) {
    this(limits, new AtomicLong(), new AtomicLong());
  }

  private Admission(Limits limits, AtomicLong overflowDrops, AtomicLong timeoutDrops) {
    this.limits = limits;
    this.slots = limits.maxWorkers() > 0 ? new Semaphore(limits.maxWorkers(), true) : null;
    this.overflowDrops = overflowDrops;
    this.timeoutDrops = timeoutDrops;
  }

  /**
   * The gate for new limits of the same function. It keeps counting drops where this one left off
   * (the health report's {@code queue_drops} survive a config edit), and drops of calls still
   * waiting here count there too.
   */
  Admission withLimits(Limits newLimits) {
    return new Admission(newLimits, overflowDrops, timeoutDrops);
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
      logDrop(fnLabel, FnHttpException.Overloaded.OVERFLOW, -1);
      throw FnHttpException.Overloaded.overflow(limits.overflowStatus());
    }
    try {
      if (!slots.tryAcquire(limits.queueTimeoutMs(), TimeUnit.MILLISECONDS)) {
        timeoutDrops.incrementAndGet();
        logDrop(fnLabel, FnHttpException.Overloaded.QUEUE_TIMEOUT, limits.queueTimeoutMs());
        throw FnHttpException.Overloaded.queueTimeout(limits.overflowStatus());
      }
    } finally {
      waiting.decrementAndGet();
    }
    active.incrementAndGet();
    return new Ticket(this, true);
  }

  /**
   * One WARN line per function and second at most: under a burst every rejected call would otherwise
   * log, and the access log already has a line per call. The next line counts the calls it skipped.
   */
  private void logDrop(String fnLabel, String what, int waitedMs) {
    long now = System.nanoTime();
    long last = lastDropLog.get();
    if (now - last < DROP_LOG_INTERVAL_NANOS || !lastDropLog.compareAndSet(last, now)) {
      unloggedDrops.incrementAndGet();
      return;
    }
    long skipped = unloggedDrops.getAndSet(0);
    LOG.warn("fn={} {} ({}active={}/{}, queued={}/{}); answered {}{}", fnLabel, what,
        waitedMs < 0 ? "" : "waited " + waitedMs + "ms, ", active.get(),
        limits.maxWorkers(), waiting.get(), limits.maxQueue(), limits.overflowStatus(),
        skipped == 0 ? "" : "; " + skipped + " more drops since the last line");
  }

  private void release() {
    active.decrementAndGet();
    if (slots != null) {
      slots.release();
    }
  }
}
