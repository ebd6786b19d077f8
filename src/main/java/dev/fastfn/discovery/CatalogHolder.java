package dev.fastfn.discovery;

import java.nio.file.Path;
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
 *
 * <p>Reports name the directories that changed, and while the watcher {@link #trackChanges tracks}
 * the tree a rescan reads only those again (a console write re-lists the folder it wrote, not the
 * whole tree).
 */
public final class CatalogHolder {
  private final AtomicReference<Catalog> current;
  private final Scans scanner;
  private final DirectoryChanges directories = new DirectoryChanges();
  private final ReentrantLock scanLock = new ReentrantLock();
  private final List<Consumer<Catalog>> listeners = new CopyOnWriteArrayList<>();
  /** Bumped for every change seen on disk. */
  private final AtomicLong changes = new AtomicLong();
  /** The value of {@link #changes} when the published catalog's scan started. */
  private volatile long scannedThrough;

  /** Scans with {@code scanner}, which reuses unchanged listings while changes are tracked. */
  public CatalogHolder(Scanner scanner) {
    this((Scans) scanner::scan);
  }

  /** Every scan calls {@code scanner} (tests: a fixed or hand-built catalog). */
  public CatalogHolder(Supplier<Catalog> scanner) {
    this((Scans) changes -> scanner.get());
  }

  /** One scan, told which directories changed since the previous one. */
  @FunctionalInterface
  private interface Scans {
    Catalog scan(DirectoryChanges.Drained changes);
  }

  private CatalogHolder(Scans scanner) {
    this.scanner = scanner;
    this.current = new AtomicReference<>(scanner.scan(directories.drain()));
  }

  public Catalog get() {
    return current.get();
  }

  /** Reads the whole tree again now and publishes the catalog; scans never run concurrently. */
  public Catalog rescan() {
    directories.everything();
    return rescanChanged();
  }

  /**
   * After writing into {@code dir} (or removing it): rescans now, reading again {@code dir} and what
   * is below it, and the names in its parents (a folder appears or goes there; the parents' other
   * entries are as they were), plus whatever else was reported changed.
   */
  public Catalog rescanAfterWriting(Path dir) {
    directories.tree(dir);
    for (Path p = dir; p.getParent() != null; p = p.getParent()) {
      directories.entries(p.getParent(), p.getFileName().toString());
    }
    return rescanChanged();
  }

  private Catalog rescanChanged() {
    scanLock.lock();
    try {
      return scanLocked();
    } finally {
      scanLock.unlock();
    }
  }

  /** Records that the tree changed somewhere after the current catalog was scanned. Cheap; any thread. */
  public void markChanged() {
    directories.everything();
    changes.incrementAndGet();
  }

  /**
   * Records that the entry {@code child} of its folder appeared, went, or changed, and with it
   * anything below it: what a watch event reports. Re-reading the folder looks at no other entry.
   */
  public void markEntryChanged(Path child) {
    Path dir = child.getParent();
    if (dir != null) {
      directories.entries(dir, child.getFileName().toString());
    }
    directories.tree(child);
    changes.incrementAndGet();
  }

  /** Records that {@code dir} and anything below it may have changed (created, removed, renamed). */
  public void markTreeChanged(Path dir) {
    directories.tree(dir);
    changes.incrementAndGet();
  }

  /**
   * Records that the dot entry {@code child} (a temp file, the deps state) appeared, went, or changed,
   * without making the catalog stale: no scan result depends on dot entries. The next scan updates
   * its folder's remembered listing.
   */
  public void markDotEntryChanged(Path child) {
    Path dir = child.getParent();
    if (dir != null) {
      directories.entries(dir, child.getFileName().toString());
    }
  }

  /**
   * {@code on}: from now on every change in the watched tree is reported, so a rescan may reuse the
   * listings of directories nobody reported (see {@link CatalogWatcher#watches}). Off: every scan
   * reads the whole tree.
   */
  public void trackChanges(boolean on) {
    directories.tracking(on);
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
    Catalog before = current.get();
    Catalog next = scanner.scan(directories.drain());
    if (next == before) {
      scannedThrough = seen; // nothing on disk changed: nothing to publish, no listener to bother
      return next;
    }
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
