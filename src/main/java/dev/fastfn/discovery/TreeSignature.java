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

/**
 * The watcher's cheap signature of the tree: an order-independent hash of the path of every watched
 * directory and of (path, size, mtime) of every file in one. A directory's own size and mtime are
 * left out: they change whenever a dot file comes or goes in it (an atomic write's temp file, the
 * deps state file), which no scan looks at, and every change that matters shows up as a path or a
 * file's size or mtime.
 *
 * <p>Each entry's share is kept, so that after a burst of watch events only the entries they named
 * are read again ({@link #changed}), not the whole tree; {@link #full} walks everything, which is how
 * the periodic safety check finds a change that raised no event. Both give the same value for the
 * same tree. Used by the watcher's thread only.
 */
final class TreeSignature {
  private final Path root;
  private final int maxDepth;
  /** Every counted folder and file, with its share of the hash. */
  private Map<Path, Long> shares = new HashMap<>();
  private long sum;

  /** Counts what the watcher watches below {@code root}, down to {@code maxDepth} levels. */
  TreeSignature(Path root, int maxDepth) {
    this.root = root;
    this.maxDepth = maxDepth;
  }

  /** Reads the whole tree again and returns its signature. */
  long full() {
    shares = new HashMap<>();
    sum = 0;
    walk(root, maxDepth);
    return value();
  }

  /**
   * Returns the signature after {@code entries} (files or folders that appeared, went or changed)
   * are read again, each with everything below it: the same as a full walk would find there.
   */
  long changed(Collection<Path> entries) {
    for (Path entry : entries) {
      shares.entrySet().removeIf(e -> {
        boolean under = e.getKey().startsWith(entry);
        if (under) {
          sum -= e.getValue();
        }
        return under;
      });
      Path dir = entry.getParent();
      if (dir != null && watchedFolder(dir)) {
        walk(entry, maxDepth - depth(entry)); // nothing when it is gone
      }
    }
    return value();
  }

  private long value() {
    return sum ^ ((long) shares.size() << 48);
  }

  /** Whether {@code dir} is one of the folders a full walk enters: one the watcher watches. */
  private boolean watchedFolder(Path dir) {
    return CatalogWatcher.watches(root, dir, maxDepth) && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
  }

  private int depth(Path p) {
    return p.equals(root) ? 0 : root.relativize(p).getNameCount();
  }

  /**
   * Adds {@code start} and what lies down to {@code levels} below it; {@code levels} ends where a
   * full walk ends, so a folder at the depth limit counts as an entry (with its size and mtime), as
   * it does there.
   */
  private void walk(Path start, int levels) {
    try {
      Files.walkFileTree(start, Set.of(), levels, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          if (!d.equals(root) && CatalogWatcher.ignored(d)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          add(d, 0, 0);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          if (!f.getFileName().toString().startsWith(".")) { // dot files are ignored like their watch events
            add(f, attrs.size(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS));
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

  private void add(Path path, long size, long mtimeNanos) {
    long h = path.toString().hashCode() * 0x9E3779B97F4A7C15L;
    h ^= size * 0xC2B2AE3D27D4EB4FL;
    h ^= mtimeNanos;
    long share = h * 0x165667B19E3779F9L + 0x27D4EB2F165667C5L;
    Long before = shares.put(path, share);
    sum += share - (before == null ? 0 : before);
  }
}
