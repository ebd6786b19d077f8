package dev.fastfn.discovery;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The watcher's cheap signature of the tree: an order-independent hash of the path of every watched
 * directory and of (path, size, mtime) of every file in one. A directory's own size and mtime are
 * left out: they change whenever a dot file comes or goes in it (an atomic write's temp file, the
 * deps state file), which no scan looks at, and every change that matters shows up as a path or a
 * file's size or mtime.
 *
 * <p>The hash is kept per directory, so that after a burst of watch events only the entries they
 * named are read again ({@link #changed}), not the whole tree; {@link #full} walks everything, which
 * is how the periodic safety check finds a change that raised no event. Both give the same value
 * for the same tree. Used by the watcher's thread only.
 */
final class TreeSignature {
  /** One directory's share: its own path and its files. */
  private record Part(long hash, int count) {}

  private final Path root;
  private final int maxDepth;
  private final Predicate<Path> ignored;
  private Map<Path, Part> parts = new HashMap<>();

  /** {@code ignored} says which directories (below the root) are skipped with everything in them. */
  TreeSignature(Path root, int maxDepth, Predicate<Path> ignored) {
    this.root = root;
    this.maxDepth = maxDepth;
    this.ignored = ignored;
  }

  /** Reads the whole tree again and returns its signature. */
  long full() {
    Map<Path, Part> fresh = new HashMap<>();
    walk(root, maxDepth, fresh);
    parts = fresh;
    return value();
  }

  /**
   * Returns the signature after {@code entries} (files or folders that appeared, went or changed)
   * are read again: each one's subtree, and the files of the folder that holds it.
   */
  long changed(Collection<Path> entries) {
    for (Path entry : entries) {
      parts.keySet().removeIf(p -> p.startsWith(entry));
      int depth = depth(entry);
      if (depth > 0 && depth < maxDepth && watchedFolder(entry.getParent()) && !ignored.test(entry)
          && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
        walk(entry, maxDepth - depth, parts);
      }
    }
    for (Path entry : entries) {
      Path dir = entry.getParent();
      if (dir != null) {
        parts.remove(dir);
        if (watchedFolder(dir)) {
          walk(dir, 1, parts); // its own path and files; its subfolders have parts of their own
        }
      }
    }
    return value();
  }

  private long value() {
    long hash = 0;
    long count = 0;
    for (Part p : parts.values()) {
      hash += p.hash();
      count += p.count();
    }
    return hash ^ (count << 48);
  }

  /** Whether {@code dir} is one of the folders a full walk enters. */
  private boolean watchedFolder(Path dir) {
    if (!dir.startsWith(root)) {
      return false;
    }
    int depth = depth(dir);
    if (depth >= maxDepth) {
      return false;
    }
    for (Path d = dir; !d.equals(root); d = d.getParent()) {
      if (ignored.test(d)) {
        return false;
      }
    }
    return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
  }

  private int depth(Path p) {
    return p.equals(root) ? 0 : root.relativize(p).getNameCount();
  }

  /**
   * Adds the parts of {@code start} and, down to {@code levels} below it, of the folders in it. At
   * the last level the walk reports folders as entries; they count as files there only when a full
   * walk would do the same (at the tree's depth limit).
   */
  private void walk(Path start, int levels, Map<Path, Part> into) {
    try {
      Files.walkFileTree(start, Set.of(), levels, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          if (!d.equals(root) && ignored.test(d)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          add(into, d, d.toString(), 0, 0);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          if (attrs.isDirectory() && depth(f) < maxDepth) {
            return FileVisitResult.CONTINUE; // a folder below this walk's last level: counted by its own part
          }
          if (!f.getFileName().toString().startsWith(".")) { // dot files are ignored like their watch events
            add(into, f.getParent(), f.toString(), attrs.size(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // the start folder went away meanwhile: its events are on their way
    }
  }

  private static void add(Map<Path, Part> into, Path dir, String path, long size, long mtimeNanos) {
    long h = path.hashCode() * 0x9E3779B97F4A7C15L;
    h ^= size * 0xC2B2AE3D27D4EB4FL;
    h ^= mtimeNanos;
    long mixed = h * 0x165667B19E3779F9L + 0x27D4EB2F165667C5L;
    into.merge(dir, new Part(mixed, 1), (a, b) -> new Part(a.hash() + b.hash(), a.count() + b.count()));
  }
}
