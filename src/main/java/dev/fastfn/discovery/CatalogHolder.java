package dev.fastfn.discovery;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Holds the current {@link Catalog} and swaps it atomically. A request calls {@link #get()} once and
 * passes that snapshot down. {@link #rescan()} rebuilds synchronously (console writes call it so that
 * their change is visible to the very next request).
 */
public final class CatalogHolder {
  private final AtomicReference<Catalog> current;
  private final Supplier<Catalog> scanner;
  private final java.util.concurrent.locks.ReentrantLock scanLock = new java.util.concurrent.locks.ReentrantLock();
  private final java.util.List<java.util.function.Consumer<Catalog>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

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
      Catalog next = scanner.get();
      current.set(next);
      for (var l : listeners) {
        l.accept(next);
      }
      return next;
    } finally {
      scanLock.unlock();
    }
  }

  /** Called after each published rescan, on the scanning thread. Must be quick. */
  public void onChange(java.util.function.Consumer<Catalog> listener) {
    listeners.add(listener);
  }
}
