package dev.fastfn.discovery;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.config.RuntimeKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers every function and route under the functions root and returns an immutable
 * {@link Catalog} (routing.md §1–§2, §4.7, with DESIGN D7/D8). A scan never fails: unreadable or
 * malformed files become {@link Catalog#problems()} (each logged once at WARN) and the affected
 * function runs with defaults.
 *
 * <p>Thread-safe: scans are serialized by an internal lock (they also reuse caches of handler
 * hints, parsed configs and {@code fn.env.json} files, keyed by file size and mtime, the directory
 * listings that no reported change touched, and the registrations of functions whose listings and
 * configs are all as they were). Typical use: {@code new CatalogHolder(scanner)}.
 */
public final class Scanner {
  private static final Logger LOG = LoggerFactory.getLogger(Scanner.class);

  /** Like the config a console create writes; parsed at start-up and by {@link #exercise}. */
  static final String SAMPLE_CONFIG =
      "{\"invoke\":{\"methods\":[\"GET\"],\"summary\":\"Generated function\",\"query\":{\"name\":\"x\"}},"
          + "\"timeout_ms\":2000}";

  private final FastfnConfig config;
  private final Clock clock;
  private final Scan.Caches caches;
  private final ListingCache listings;
  private final ReentrantLock lock = new ReentrantLock();
  private Set<String> reported = Set.of();
  /** The last catalog built, returned again when a report turns out to change nothing. */
  private Catalog previous;
  /** What the pass that built {@link #previous} left for a one-folder update; null before the first. */
  private PassShape shape;
  private long oneFolderUpdates;

  public Scanner(FastfnConfig config) {
    this(config, Clock.systemUTC());
  }

  public Scanner(FastfnConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.listings = new ListingCache(config.functionsRoot());
    this.caches = new Scan.Caches(listings);
    // Load the JSON parsing path now: otherwise the first fn.config.json written into a tree that had
    // none pays Jackson's class loading (seconds on a busy machine) inside a hot-reload rescan.
    FnConfigParser.parse(SAMPLE_CONFIG, "warm-up");
  }

  public FastfnConfig config() {
    return config;
  }

  /** Scans the whole tree now. */
  public Catalog scan() {
    return scan(DirectoryChanges.Drained.EVERYTHING);
  }

  /**
   * Scans now, reusing the listings of the previous scans except those {@code changes} names. Returns
   * the previous catalog itself when none of the named directories changed on disk since it was built.
   * When the changes hold one function folder of a runtime folder that changed, new (a console
   * create) or not (a code, config or env write), and the others change nothing a scan reads, adds
   * or replaces that folder in the previous catalog without a pass over the other folders, if that
   * gives what a pass would (see {@link FolderUpdate}).
   */
  Catalog scan(DirectoryChanges.Drained changes) {
    lock.lock();
    try {
      long t0 = System.nanoTime();
      FolderUpdate.Parts parts = shape != null ? FolderUpdate.byFolder(changes, config.functionsRoot()) : null;
      FolderUpdate.Result update = null;
      Path folder = null;
      if (parts != null && !parts.folders().isEmpty()) {
        // the runtime folders' listings as the last scan left them: whether a changed folder is new
        Map<Path, TreeView.Listing> before = new HashMap<>(2);
        for (Path f : parts.folders().keySet()) {
          before.computeIfAbsent(f.getParent(), listings::get);
        }
        // Each folder's changes apart: the echoes of earlier writes change nothing a scan reads
        boolean restChanged = listings.refresh(parts.rest());
        List<Path> changed = new ArrayList<>(1);
        parts.folders().forEach((f, own) -> {
          if (listings.refresh(own)) {
            changed.add(f);
          }
        });
        if (!restChanged && changed.isEmpty()) {
          return previous;
        }
        if (!restChanged && changed.size() == 1) {
          folder = changed.get(0);
          update = updateFolder(folder, before.get(folder.getParent()));
        }
      } else if (!listings.refresh(changes) && previous != null) {
        return previous;
      }
      if (update != null) {
        previous = update.catalog();
        shape = update.shape();
        oneFolderUpdates++;
        LOG.debug("root={} updated {} without a pass in {} us", config.functionsRoot(), folder,
            (System.nanoTime() - t0) / 1_000);
        return previous;
      }
      Scan scan = new Scan(config, caches);
      Catalog catalog = scan.run(clock.instant());
      previous = catalog;
      shape = scan.shape();
      logNewProblems(catalog.problems());
      if (LOG.isDebugEnabled()) {
        LOG.debug("root={} scanned: functions={} routes={} conflicts={} in {} us", config.functionsRoot(),
            catalog.functions().size(), catalog.mappedRoutes().size(), catalog.conflicts().size(),
            (System.nanoTime() - t0) / 1_000);
      }
      return catalog;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The previous catalog with the function folder {@code dir} added, when {@code parentBefore} (its
   * runtime folder's listing as the last scan left it) does not have it, or else registered again;
   * null when that needs a full pass.
   */
  private FolderUpdate.Result updateFolder(Path dir, TreeView.Listing parentBefore) {
    if (parentBefore == null) {
      return null; // no scan has read the runtime folder
    }
    String name = dir.getFileName().toString();
    boolean existed = parentBefore.dirs().contains(name) || parentBefore.files().contains(name);
    RuntimeKind rt = Scan.runtimeFolder(dir.getParent().getFileName().toString());
    FolderUpdate.Added added = Scan.registerAlone(config, caches, shape, rt, dir);
    if (added == null) {
      return null;
    }
    return existed ? FolderUpdate.replace(previous, shape, dir, added, clock.instant())
        : FolderUpdate.apply(previous, shape, added, clock.instant());
  }

  /** How many scans were one-folder updates (see {@link FolderUpdate}). */
  long oneFolderUpdates() {
    lock.lock();
    try {
      return oneFolderUpdates;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs the scan code over the tree as last scanned, and parses a config like the one a console
   * create writes (a rescan keeps parsed configs, so it parses only new ones), {@code passes} times or
   * until {@code budget} has passed, and publishes nothing: the JIT then has compiled it before the
   * first console write or dropped file needs a rescan. Rescans are rare, so without this they run
   * interpreted, at about four times the cost. Reads no directory the last scan did not list; takes
   * the scan lock per pass. Stops early when the thread is interrupted.
   */
  public void exercise(int passes, Duration budget) {
    long end = System.nanoTime() + budget.toNanos();
    for (int i = 0; i < passes && System.nanoTime() - end < 0 && !Thread.currentThread().isInterrupted(); i++) {
      lock.lock();
      try {
        if (previous == null) {
          return;
        }
        // Every other pass works every function out, as a rescan does for a changed one; the
        // others replay what the last scan kept, as a rescan does for the rest.
        new Scan(config, caches, i % 2 == 1).run(clock.instant());
      } finally {
        lock.unlock();
      }
      FnConfigParser.parse(SAMPLE_CONFIG, "warm-up");
    }
  }

  /** A problem is logged when it appears, not again on every rescan while it persists. */
  private void logNewProblems(List<String> problems) {
    Set<String> now = new HashSet<>(problems);
    for (String p : problems) {
      if (!reported.contains(p)) {
        LOG.warn("discovery problem: {}", p);
      }
    }
    reported = now;
  }
}
