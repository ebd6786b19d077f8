package dev.fastfn.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Takes log events off the request path: callers only enqueue; one platform thread appends them in
 * batches to a file appender that does not flush per line, and flushes once per batch, so a line is on
 * disk a moment after it was logged (about 5 ms: the drainer lingers so bursts become one batch) at
 * the cost of one write per batch instead of one per request. Nothing is dropped: when the queue is
 * full, callers wait.
 *
 * <p>{@link #sync(long)} waits until every event enqueued before the call is on disk, for readers that
 * must see their own writes ({@code /_fn/logs}).
 */
final class AsyncFileAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  private static final int CAPACITY = 16_384;
  private static final int BATCH = 512;
  private static final long LINGER_MILLIS = 5;

  private final OutputStreamAppender<ILoggingEvent> target;
  private final LinkedBlockingQueue<ILoggingEvent> queue = new LinkedBlockingQueue<>(CAPACITY);
  private final ReentrantLock progressLock = new ReentrantLock();
  private final Condition progressed = progressLock.newCondition();
  private final AtomicLong enqueued = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private volatile boolean running;
  private Thread drainer;

  /** {@code target} must be started with immediate flush off; this appender owns it from now on. */
  AsyncFileAppender(OutputStreamAppender<ILoggingEvent> target) {
    this.target = target;
  }

  @Override
  public void start() {
    running = true;
    drainer = Thread.ofPlatform().name("fastfn-log-" + getName()).daemon().start(this::drain);
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    event.prepareForDeferredProcessing(); // message and thread name, before another thread renders it
    enqueued.incrementAndGet();
    try {
      queue.put(event);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      target.doAppend(event); // never lose a line; the drainer's lock in the target keeps the file sane
      markWritten(1);
    }
  }

  private void drain() {
    List<ILoggingEvent> batch = new ArrayList<>(BATCH);
    while (running || !queue.isEmpty()) {
      try {
        ILoggingEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        if (running && queue.size() < BATCH) { // a full batch waiting: write it now
          // Linger so a burst becomes one batch: while the queue is not empty, producers do not wake
          // this thread, so under load it wakes once per LINGER instead of once per line.
          Thread.sleep(LINGER_MILLIS);
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        for (ILoggingEvent e : batch) {
          target.doAppend(e);
        }
        flush();
        markWritten(batch.size());
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        addError("log drain failed", e); // keep the thread alive: logging must not stop
        markWritten(batch.size());
        batch.clear();
      }
    }
  }

  private void flush() {
    OutputStream out = target.getOutputStream();
    if (out != null) {
      try {
        out.flush();
      } catch (IOException e) {
        addError("log flush failed", e);
      }
    }
  }

  private void markWritten(int n) {
    written.addAndGet(n);
    progressLock.lock();
    try {
      progressed.signalAll();
    } finally {
      progressLock.unlock();
    }
  }

  /** Waits (up to {@code maxMillis}) until every event logged before this call is flushed to disk. */
  void sync(long maxMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
    long target = enqueued.get();
    progressLock.lock();
    try {
      while (written.get() < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !running) {
          return;
        }
        progressed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      progressLock.unlock();
    }
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    running = false;
    Thread t = drainer;
    if (t != null) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    target.stop();
  }
}
