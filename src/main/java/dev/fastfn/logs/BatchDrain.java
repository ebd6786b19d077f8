package dev.fastfn.logs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Takes log lines off the request path: callers only enqueue; one platform thread hands them to a
 * {@link Sink} in batches, so a line is on disk a moment after it was logged (about 5 ms: the drainer
 * lingers so that a burst becomes one batch) at the cost of one write per batch instead of one per
 * line. Nothing is dropped: when the queue is full, callers wait.
 *
 * <p>{@link #sync(long)} waits until every item added before the call has been written, for readers
 * that must see their own lines ({@code /_fn/logs}).
 *
 * @param <T> what one line is made of; the sink renders it
 */
final class BatchDrain<T> implements AutoCloseable {
  private static final int CAPACITY = 16_384;
  private static final int BATCH = 512;
  private static final long LINGER_MILLIS = 5;

  /** Writes one batch and makes it visible to readers (flushes). Called by one thread at a time. */
  interface Sink<T> {
    void write(List<T> batch) throws IOException;
  }

  private final Sink<T> sink;
  private final Consumer<Exception> onError;
  private final LinkedBlockingQueue<T> queue = new LinkedBlockingQueue<>(CAPACITY);
  /** Serializes the drainer's batches with the rare direct write of an interrupted caller. */
  private final ReentrantLock sinkLock = new ReentrantLock();
  private final ReentrantLock progressLock = new ReentrantLock();
  private final Condition progressed = progressLock.newCondition();
  private final AtomicLong enqueued = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final Thread drainer;
  private volatile boolean running = true;

  /** Starts the drainer thread at once; {@code onError} hears of failed writes (the thread goes on). */
  BatchDrain(String threadName, Sink<T> sink, Consumer<Exception> onError) {
    this.sink = sink;
    this.onError = onError;
    this.drainer = Thread.ofPlatform().name(threadName).daemon().start(this::drain);
  }

  /** Queues {@code item}; after {@link #close()} it is dropped (nothing would write it) and false is returned. */
  boolean add(T item) {
    if (!running) {
      return false;
    }
    enqueued.incrementAndGet();
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      writeNow(List.of(item)); // never lose a line
    }
    return true;
  }

  private void drain() {
    List<T> batch = new ArrayList<>(BATCH);
    while (running || !queue.isEmpty()) {
      try {
        T first = queue.poll(200, TimeUnit.MILLISECONDS);
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
        writeNow(batch);
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void writeNow(List<T> batch) {
    sinkLock.lock();
    try {
      sink.write(batch);
    } catch (IOException | RuntimeException e) {
      onError.accept(e); // keep going: logging must not stop
    } finally {
      sinkLock.unlock();
      markWritten(batch.size());
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

  /** Waits (up to {@code maxMillis}) until every item added before this call has been written. */
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

  /** Writes what is queued (waiting up to 2 s) and stops the drainer. */
  @Override
  public void close() {
    running = false;
    try {
      drainer.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
