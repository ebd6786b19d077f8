package dev.fastfn.console;

import dev.fastfn.discovery.AtomicFiles;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Recursive deletes that never follow symlinks (a link is removed, not its target). */
final class FileTrees {
  private static final Logger LOG = LoggerFactory.getLogger(FileTrees.class);

  private FileTrees() {}

  /**
   * Removes the folder {@code dir} in one step: it is renamed aside to a hidden sibling, then deleted.
   * Scans and watchers never see it half deleted, and a concurrent atomic write into it (a function's
   * deps state file, written through a temp file a moment after a console write) can no longer add an
   * entry by its path. Once renamed, the folder is gone: a failure to delete the hidden copy is
   * logged, not thrown (what is left, {@code .fastfn-delete-*}, is hidden from scans and harmless).
   */
  static void deleteFolder(Path dir) throws IOException {
    Path aside = AtomicFiles.hiddenSibling(dir.getParent(), "fastfn-delete");
    try {
      Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      deleteRecursively(dir);
      return;
    }
    try {
      deleteRecursively(aside);
    } catch (IOException e) {
      LOG.warn("could not remove {} after renaming it aside; it is hidden and can be deleted by hand: {}", aside,
          e.toString());
    }
  }

  /**
   * Deletes {@code p} and everything below it; an entry that is already gone when its turn comes is
   * skipped. To remove a function folder that others may still write into, use {@link #deleteFolder}.
   */
  static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(p);
      return;
    }
    Files.walkFileTree(p, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
        if (exc instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE; // went away between the listing and the visit
        }
        throw exc;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** True when some directory below {@code dir} (up to {@code depth} levels) holds one of {@code names}. */
  static boolean hasNestedFile(Path dir, List<String> names, int depth) throws IOException {
    try (Stream<Path> s = Files.walk(dir, depth)) {
      return s.anyMatch(p -> !p.getParent().equals(dir) && names.contains(p.getFileName().toString())
          && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS));
    }
  }

  /** Removes empty directories from {@code dir} upward, stopping at {@code stop} (kept). */
  static void pruneEmptyParents(Path dir, Path stop) {
    Path p = dir;
    while (p != null && p.startsWith(stop) && !p.equals(stop)) {
      try (Stream<Path> s = Files.list(p)) {
        if (s.findAny().isPresent()) {
          return;
        }
      } catch (IOException e) {
        return;
      }
      try {
        Files.delete(p);
      } catch (IOException e) {
        return;
      }
      p = p.getParent();
    }
  }
}
