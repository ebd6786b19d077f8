package dev.fastfn.console;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/** Recursive deletes that never follow symlinks (a link is removed, not its target). */
final class FileTrees {
  private FileTrees() {}

  static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(p);
      return;
    }
    Files.walkFileTree(p, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        Files.delete(dir);
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
