package dev.fastfn.console;

import dev.fastfn.gateway.FnHttpException;
import java.nio.file.Path;
import java.util.Set;

/**
 * What the file APIs of one function may reach inside its folder (D9, D13). A file function's folder
 * is the folder its file lies in, which may hold other functions and, for a file at the top of the
 * tree, everything: so besides hidden entries (the data, dependency and staging folders all start
 * with a dot), the server's data and log folders and the folders and entry files of other functions
 * are out of reach, and so is any folder that holds one of them.
 *
 * @param dir the function folder; every path given here is inside it, absolute and normalized
 * @param closedDirs folders below {@code dir} that belong to the server or to other functions
 * @param closedFiles entry files of other functions that live in {@code dir} itself or below it
 */
record FileScope(Path dir, Set<Path> closedDirs, Set<Path> closedFiles) {
  FileScope {
    closedDirs = Set.copyOf(closedDirs);
    closedFiles = Set.copyOf(closedFiles);
  }

  /** True when {@code rel} (already a safe relative path) names a hidden entry at some level. */
  static boolean isHidden(String rel) {
    for (String seg : rel.split("/")) {
      if (seg.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code p} is neither inside a closed folder nor a closed file, and holds neither. */
  boolean reaches(Path p) {
    for (Path d : closedDirs) {
      if (p.startsWith(d) || d.startsWith(p)) {
        return false;
      }
    }
    for (Path f : closedFiles) {
      if (f.startsWith(p)) {
        return false;
      }
    }
    return true;
  }

  /** 400 when {@code file}, named {@code rel} by the client, is out of this function's reach. */
  void check(String rel, Path file) {
    if (isHidden(rel)) {
      throw new FnHttpException.BadRequest("hidden path not allowed: " + rel);
    }
    if (!reaches(file)) {
      throw new FnHttpException.BadRequest("path belongs to another function or to the server: " + rel);
    }
  }
}
