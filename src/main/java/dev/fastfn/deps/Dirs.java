package dev.fastfn.deps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/** The few folder and file operations the installers need. */
final class Dirs {
  private Dirs() {}

  /** Deletes a tree without following symlinks (npm links {@code file:} deps into node_modules). */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  static boolean isNonEmptyDir(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The names in {@code dir} (dot files included, links not followed), empty when it is missing or
   * unreadable: one read of the folder answers what would otherwise be several probes of absent files.
   */
  static Set<String> entryNames(Path dir) {
    Set<String> names = new HashSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path e : entries) {
        names.add(e.getFileName().toString());
      }
    } catch (IOException | DirectoryIteratorException e) {
      return Set.of();
    }
    return names;
  }

  /** The file's text, or null when it does not exist or cannot be read. */
  static String readIfExists(Path file) {
    if (!Files.exists(file)) {
      return null; // reading a missing file costs an exception; asking does not
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | java.io.UncheckedIOException e) {
      return null;
    }
  }
}
