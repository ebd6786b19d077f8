package dev.fastfn.discovery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Holds the current {@link Catalog} and swaps it atomically. A request calls {@link #get()} once and
 * passes that snapshot down. {@link #rescan()} rebuilds synchronously (console writes call it so that
 * their change is visible to the very next request).
 *
 * <p>The file watcher reports changes with {@link #markChanged()} the moment it sees them and rescans
 * only after they have been quiet for a while. A request that would miss a route can call
 * {@link #freshen()} in between: a new handler file then answers on the first request after it was
 * written, not after the watcher's debounce.
 */
public final class CatalogHolder {
  private final AtomicReference<Catalog> current;
  private final Supplier<Catalog> scanner;
  private final ReentrantLock scanLock = new ReentrantLock();
  private final List<Consumer<Catalog>> listeners = new CopyOnWriteArrayList<>();
  /** Bumped for every change seen on disk. */
  private final AtomicLong changes = new AtomicLong();
  /** The value of {@link #changes} when the published catalog's scan started. */
  private volatile long scannedThrough;

  public CatalogHolder(Supplier<Catalog> scanner) {
    this.scanner = scanner;
    this.current = new AtomicReference<>(scanner.get());
  }

  public Catalog get() {
    return current.get();
  }

  /** Rebuilds the catalog now and publishes it; scans never run concurrently. */
  public Catalog rescan() {
    scanLock.lock();
    try {
      return scanLocked();
    } finally {
      scanLock.unlock();
    }
  }

  /** Records that the tree changed after the current catalog was scanned. Cheap; any thread. */
  public void markChanged() {
    changes.incrementAndGet();
  }

  /** True when a change was reported that the current catalog may not include. */
  public boolean isStale() {
    return changes.get() != scannedThrough;
  }

  /**
   * The current catalog, rescanned first if a change was reported since its scan. Concurrent callers
   * share one scan.
   */
  public Catalog freshen() {
    if (!isStale()) {
      return current.get();
    }
    scanLock.lock();
    try {
      return isStale() ? scanLocked() : current.get();
    } finally {
      scanLock.unlock();
    }
  }

  private Catalog scanLocked() {
    long seen = changes.get(); // read first: a change during the scan leaves the result stale
    Catalog next = scanner.get();
    current.set(next);
    scannedThrough = seen;
    for (var l : listeners) {
      l.accept(next);
    }
    return next;
  }

  /** Called after each published rescan, on the scanning thread. Must be quick. */
  public void onChange(Consumer<Catalog> listener) {
    listeners.add(listener);
  }
}
