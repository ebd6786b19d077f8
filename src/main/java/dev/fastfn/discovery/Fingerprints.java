package dev.fastfn.discovery;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/**
 * Cheap change detectors: a 64-bit hash over (relative path, size, mtime) of every file a function's
 * workers could load. Contents are never read, so a scan stays fast; an edit that keeps size and
 * mtime (to the nanosecond where the filesystem keeps it) is not seen, which editors never do.
 */
final class Fingerprints {
  /** Directories never part of a fingerprint (installed deps and caches are handled by deps). */
  static final Set<String> SKIPPED_DIRS = Set.of("node_modules", "__pycache__");
  private static final int MAX_FILES = 5000;

  private Fingerprints() {}

  /**
   * A function folder: every file below {@code dir} except skipped/dot folders and the folders
   * named in {@code excludedChildren} (the other versions), plus {@code extraFiles}.
   */
  static String forFunction(Path dir, Collection<String> excludedChildren, Collection<Path> extraFiles) {
    Hasher h = new Hasher();
    walk(dir, dir, excludedChildren, h);
    for (Path p : extraFiles) {
      h.addFile(dir, p);
    }
    return h.hex();
  }

  /**
   * A file-route folder: the regular files directly in {@code dir}, the files under its
   * {@code _}-prefixed sub-folders (private helpers), plus {@code extraFiles}.
   */
  static String forFileFolder(Path dir, Collection<Path> extraFiles) {
    Hasher h = new Hasher();
    try (var stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        String name = p.getFileName().toString();
        if (a.isRegularFile()) {
          h.add(name, a);
        } else if (a.isDirectory() && name.startsWith("_") && !SKIPPED_DIRS.contains(name.toLowerCase(Locale.ROOT))) {
          walk(dir, p, Set.of(), h);
        }
      }
    } catch (IOException e) {
      h.addText("!" + e.getClass().getSimpleName());
    }
    for (Path p : extraFiles) {
      h.addFile(dir, p);
    }
    return h.hex();
  }

  private static void walk(Path base, Path start, Collection<String> excludedChildren, Hasher h) {
    try {
      Files.walkFileTree(start, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          if (d.equals(start)) {
            return FileVisitResult.CONTINUE;
          }
          String name = d.getFileName().toString();
          if (name.startsWith(".") || SKIPPED_DIRS.contains(name.toLowerCase(Locale.ROOT))) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          if (d.getParent().equals(start) && start.equals(base) && excludedChildren.contains(name)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            h.add(base.relativize(f).toString(), attrs);
          }
          return h.count > MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      h.addText("!" + e.getClass().getSimpleName());
    }
  }

  /**
   * Sum of per-file FNV-1a hashes: independent of directory listing order, so an unchanged tree
   * always gives the same value.
   */
  private static final class Hasher {
    private long sum;
    private int count;

    void add(String rel, BasicFileAttributes a) {
      count++;
      long h = text(0xcbf29ce484222325L, rel);
      h = mix(h, a.size());
      h = mix(h, a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
      sum += h;
    }

    void addFile(Path base, Path file) {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        add(file.toString(), a);
      } catch (IOException e) {
        addText("-" + file);
      }
    }

    void addText(String s) {
      sum += text(0xcbf29ce484222325L, s);
    }

    private static long text(long h, String s) {
      for (int i = 0; i < s.length(); i++) {
        h = mix(h, s.charAt(i));
      }
      return mix(h, 0);
    }

    private static long mix(long h, long v) {
      return (h ^ v) * 0x100000001b3L;
    }

    String hex() {
      return String.format("%016x", mix(sum, count));
    }
  }
}
