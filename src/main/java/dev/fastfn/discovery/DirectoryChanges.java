package dev.fastfn.discovery;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which directories of the functions tree changed since the last scan, so that a scan can reuse the
 * other directories' listings from the one before, and the unchanged entries of the listings it reads
 * again. Filled by the file watcher (every event names its directory and the entry in it) and by
 * console writes (before their own rescan); drained by each scan.
 *
 * <p>Listings are reused only while {@link #tracking(boolean) tracking} is on, which the watcher
 * turns on once every directory is registered with the watch service: without it nobody reports
 * changes made by other programs, and every scan reads the whole tree. Thread-safe.
 */
final class DirectoryChanges {
  /** What a scan must read again. {@code everything}: ignore all remembered listings. */
  record Drained(boolean everything, Set<Path> trees, Map<Path, Set<String>> entries) {
    static final Drained EVERYTHING = new Drained(true, Set.of(), Map.of());
  }

  private final ReentrantLock lock = new ReentrantLock();
  private boolean tracking;
  private boolean everything = true;
  private Set<Path> trees = new HashSet<>();
  private Map<Path, Set<String>> entries = new HashMap<>();

  /** On: every change is reported from now on, so listings may be reused (after one full scan). */
  void tracking(boolean on) {
    lock.lock();
    try {
      tracking = on;
      everything = true; // changes before this moment may have gone unreported
    } finally {
      lock.unlock();
    }
  }

  /**
   * In {@code dir}, the entries {@code names} changed (appeared, went, were modified or replaced), and
   * no other entry did: a re-read looks only at these.
   */
  void entries(Path dir, String... names) {
    lock.lock();
    try {
      Collections.addAll(entries.computeIfAbsent(dir, d -> new HashSet<>()), names);
    } finally {
      lock.unlock();
    }
  }

  /** {@code dir} and anything below it may have changed (created, removed, renamed). */
  void tree(Path dir) {
    lock.lock();
    try {
      trees.add(dir);
    } finally {
      lock.unlock();
    }
  }

  /** Unknown what changed. */
  void everything() {
    lock.lock();
    try {
      everything = true;
    } finally {
      lock.unlock();
    }
  }

  /** Takes what changed so far; later reports go to the next scan. */
  Drained drain() {
    lock.lock();
    try {
      Drained d = everything || !tracking ? Drained.EVERYTHING : new Drained(false, trees, entries);
      everything = false;
      trees = new HashSet<>();
      entries = new HashMap<>();
      return d;
    } finally {
      lock.unlock();
    }
  }
}
