package dev.fastfn.discovery;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload of the catalog (routing.md §8): watches the functions tree with the JDK
 * {@link WatchService} (inotify on Linux), registering new directories as they appear, and calls
 * {@link CatalogHolder#rescan()} after a burst of changes has been quiet for the debounce time
 * (at most ~0.5 s after the first event). An OVERFLOW re-registers everything and rescans. A
 * safety check every few seconds compares a cheap signature of the tree (paths, sizes, mtimes) and
 * rescans when it changed, covering anything the watch service missed. After a burst the signature
 * is brought up to date from the entries the events named ({@link TreeSignature}); only the safety
 * check walks the whole tree.
 *
 * <p>Every event is reported to the holder with the directory it names, and once the whole tree is
 * registered the holder is told that changes are {@linkplain CatalogHolder#trackChanges tracked}:
 * rescans then re-read only the directories that changed.
 *
 * <p>Not watched: dot folders, {@code node_modules}, {@code __pycache__}. Runs on one named daemon
 * thread that never dies on an exception; {@link #close()} stops it.
 */
public final class CatalogWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogWatcher.class);
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(100);
  public static final Duration DEFAULT_SAFETY_INTERVAL = Duration.ofSeconds(5);
  private static final long MAX_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  /** Folders no scan reads (an import's cache, installed packages): not watched either. */
  private static final Set<String> UNWATCHED = Fingerprints.SKIPPED_DIRS;
  static final int MAX_DEPTH = 16;

  /** What {@code /_fn/health} reports under {@code hot_reload.watchdog}. */
  public record Status(boolean active, String backend, Instant lastScanAt, String error) {}

  private final Path root;
  private final CatalogHolder holder;
  private final Duration debounce;
  private final Duration safetyInterval;
  private final Clock clock;
  private final boolean useWatchService;
  private final Map<WatchKey, Path> keys = new HashMap<>(); // watcher thread only (after start)
  private final java.util.concurrent.locks.ReentrantLock startLock = new java.util.concurrent.locks.ReentrantLock();
  private volatile WatchService service;
  private volatile Thread thread;
  private volatile boolean closed;
  private volatile Instant lastScanAt;
  private volatile String error;
  private long signature;
  private final TreeSignature signatures;
  /** Entries the current burst's events named; null when a burst lost track of where (overflow). */
  private Set<Path> touched = new HashSet<>();

  public CatalogWatcher(Path root, CatalogHolder holder) {
    this(root, holder, DEFAULT_DEBOUNCE, DEFAULT_SAFETY_INTERVAL, Clock.systemUTC());
  }

  public CatalogWatcher(Path root, CatalogHolder holder, Duration debounce, Duration safetyInterval, Clock clock) {
    this(root, holder, debounce, safetyInterval, clock, true);
  }

  /** {@code useWatchService=false} runs only the periodic signature check (tests, exotic filesystems). */
  CatalogWatcher(Path root, CatalogHolder holder, Duration debounce, Duration safetyInterval, Clock clock,
      boolean useWatchService) {
    this.useWatchService = useWatchService;
    this.root = root.toAbsolutePath().normalize();
    this.holder = holder;
    this.debounce = debounce;
    this.safetyInterval = safetyInterval;
    this.clock = clock;
    this.signatures = new TreeSignature(root, MAX_DEPTH);
  }

  /**
   * Registers the tree and starts the watcher thread. If the watch service cannot be created the
   * thread still runs the periodic safety rescans (status reports the error).
   */
  public void start() {
    startLock.lock();
    try {
      startLocked();
    } finally {
      startLock.unlock();
    }
  }

  private void startLocked() {
    if (thread != null || closed) {
      return;
    }
    try {
      if (useWatchService) {
        service = FileSystems.getDefault().newWatchService();
        registerAll(root);
        holder.trackChanges(true);
      }
    } catch (IOException | UnsupportedOperationException e) {
      error = "watch service unavailable: " + e.getMessage();
      LOG.warn("root={} {}; falling back to a rescan check every {} s", root, error, safetyInterval.toSeconds());
    }
    signature = signatures.full();
    Thread t = new Thread(this::loop, "fastfn-catalog-watcher");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  public Status status() {
    Thread t = thread;
    return new Status(t != null && t.isAlive() && !closed, service != null ? "watchservice" : "interval",
        lastScanAt, error);
  }

  @Override
  public void close() {
    closed = true;
    holder.trackChanges(false);
    WatchService s = service;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        LOG.debug("root={} closing watch service: {}", root, e.toString());
      }
    }
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  private void loop() {
    long nextSafety = System.nanoTime() + safetyInterval.toNanos();
    while (!closed) {
      try {
        long wait = Math.max(1, nextSafety - System.nanoTime());
        WatchKey key = poll(wait);
        if (key == null) {
          if (System.nanoTime() - nextSafety >= 0) {
            nextSafety = System.nanoTime() + safetyInterval.toNanos();
            long sig = signatures.full();
            if (sig != signature) {
              LOG.debug("root={} tree changed without a watch event; rescanning", root);
              rescan(sig);
            }
          }
          continue;
        }
        touched = new HashSet<>();
        boolean dirty = handle(key); // reported at once: a request may rescan before the debounce ends
        long first = System.nanoTime();
        long quietUntil = first + debounce.toNanos();
        while (true) {
          long until = Math.min(quietUntil, first + MAX_DELAY_NANOS);
          long remaining = until - System.nanoTime();
          if (remaining <= 0) {
            break;
          }
          WatchKey more = poll(remaining);
          if (more == null) {
            break;
          }
          if (handle(more)) {
            dirty = true;
          }
          quietUntil = System.nanoTime() + debounce.toNanos();
        }
        if (dirty) {
          // Only what the events named is read again for the signature: the whole tree is walked by
          // the safety check, not after every burst.
          rescanIfStale(touched == null ? signatures.full() : signatures.changed(touched));
        }
      } catch (ClosedWatchServiceException e) {
        break;
      } catch (InterruptedException e) {
        if (closed) {
          break;
        }
        LOG.debug("root={} watcher interrupted while open; continuing", root);
      } catch (Throwable t) {
        holder.markChanged(); // an event may have been lost with the failure
        error = t.toString();
        LOG.error("root={} catalog watcher failed; will keep running", root, t);
      }
    }
    LOG.debug("root={} catalog watcher stopped", root);
  }

  private WatchKey poll(long nanos) throws InterruptedException {
    WatchService s = service;
    if (s == null) {
      TimeUnit.NANOSECONDS.sleep(nanos); // no watch service: only the safety check runs
      return null;
    }
    return s.poll(nanos, TimeUnit.NANOSECONDS);
  }

  /** The signature is taken before the rescan so that a change during the scan is seen next time. */
  private void rescan(long sig) {
    signature = sig;
    holder.rescan();
    lastScanAt = clock.instant();
  }

  /** After a burst: a request may already have rescanned for it (then nothing is left to do). */
  private void rescanIfStale(long sig) {
    signature = sig;
    holder.freshen();
    lastScanAt = clock.instant();
  }

  /** Handles one key's events, reporting each to the holder; true when something relevant changed. */
  private boolean handle(WatchKey key) {
    Path dir = keys.get(key);
    boolean dirty = false;
    for (WatchEvent<?> ev : key.pollEvents()) {
      if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
        LOG.debug("root={} watch events overflowed; re-registering and rescanning", root);
        registerAllQuietly();
        holder.markChanged();
        touched = null;
        dirty = true;
        continue;
      }
      if (dir == null) { // a key this watcher no longer knows: where the change was is unknown
        holder.markChanged();
        touched = null;
        dirty = true;
        continue;
      }
      if (!(ev.context() instanceof Path name)) {
        continue;
      }
      String n = name.toString();
      if (n.startsWith(".") && !n.equals(".")) {
        holder.markDotEntryChanged(dir.resolve(name)); // editor swap files, our own temp files; no rescan
        continue;
      }
      dirty = true;
      Path child = dir.resolve(name);
      holder.markEntryChanged(child);
      if (touched != null) {
        touched.add(child);
      }
      if (ev.kind() == StandardWatchEventKinds.ENTRY_CREATE && FileKinds.isDirectory(child)) {
        try {
          registerAll(child);
        } catch (IOException e) {
          LOG.debug("root={} cannot watch {}: {}", root, child, e.toString());
        }
        // Files created in it before it was registered raised no event: read it again from now on.
        holder.markTreeChanged(child);
      }
    }
    if (!key.reset()) {
      keys.remove(key);
    }
    return dirty;
  }

  private void registerAllQuietly() {
    try {
      registerAll(root);
    } catch (IOException e) {
      error = "re-registering after overflow: " + e.getMessage();
    }
  }

  private void registerAll(Path start) throws IOException {
    WatchService s = service;
    if (s == null) {
      return;
    }
    Files.walkFileTree(start, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
        if (!d.equals(root) && ignored(d)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        WatchKey k = d.register(s, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
            StandardWatchEventKinds.ENTRY_MODIFY);
        keys.put(k, d);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path f, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /**
   * Whether changes in {@code dir} (below {@code root}) raise events: it lies within the registered
   * depth and neither it nor a parent below the root is a dot folder or an unwatched name.
   */
  static boolean watches(Path root, Path dir) {
    return watches(root, dir, MAX_DEPTH);
  }

  /** {@link #watches(Path, Path)} with another depth limit. */
  static boolean watches(Path root, Path dir, int maxDepth) {
    if (!dir.startsWith(root)) {
      return false;
    }
    Path rel = root.relativize(dir);
    if (rel.toString().isEmpty()) {
      return true;
    }
    if (rel.getNameCount() >= maxDepth) {
      return false;
    }
    for (Path part : rel) {
      if (ignoredName(part.toString())) {
        return false;
      }
    }
    return true;
  }

  /** A folder skipped with everything in it: a dot folder or an unwatched name. */
  static boolean ignored(Path dir) {
    return ignoredName(dir.getFileName().toString());
  }

  private static boolean ignoredName(String n) {
    return n.startsWith(".") || UNWATCHED.contains(n.toLowerCase(Locale.ROOT));
  }

}
