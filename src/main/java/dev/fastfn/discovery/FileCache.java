package dev.fastfn.discovery;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Values computed from files (parsed {@code fn.config.json}, handler hints), kept across scans by the
 * file's (path, size, mtime) as the scan's listing saw them, so a rescan parses only what changed.
 * Entries not used by the previous scan are forgotten at the start of the next one. Used by one scan
 * at a time (scans are serialized by {@link Scanner}).
 */
final class FileCache<T> {
  private record Entry<T>(long size, long mtime, T value) {}

  private Map<Path, Entry<T>> previous = new HashMap<>();
  private Map<Path, Entry<T>> current = new HashMap<>();

  /** Begins a scan. */
  void startScan() {
    previous = current;
    current = new HashMap<>();
  }

  /**
   * The value for {@code file}, computed again only when its size or mtime changed.
   * {@code keep} decides whether a freshly computed value may be reused by later scans.
   */
  T get(Path file, TreeView.FileInfo info, Function<Path, T> compute, java.util.function.Predicate<T> keep) {
    Entry<T> e = current.get(file);
    if (e == null) {
      e = previous.get(file);
    }
    if (e == null || e.size() != info.size() || e.mtime() != info.mtimeNanos()) {
      T value = compute.apply(file);
      if (!keep.test(value)) {
        return value;
      }
      e = new Entry<>(info.size(), info.mtimeNanos(), value);
    }
    current.put(file, e);
    return e.value();
  }
}
