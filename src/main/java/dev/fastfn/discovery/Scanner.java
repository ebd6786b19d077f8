package dev.fastfn.discovery;

import dev.fastfn.config.FastfnConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
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
   */
  Catalog scan(DirectoryChanges.Drained changes) {
    lock.lock();
    try {
      long t0 = System.nanoTime();
      if (!listings.refresh(changes) && previous != null) {
        return previous;
      }
      Catalog catalog = new Scan(config, caches).run(clock.instant());
      previous = catalog;
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
