package dev.fastfn.discovery;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/**
 * Cheap change detectors: a 64-bit hash over (relative path, size, mtime) of every file a function's
 * workers could load (not dot files or dependency lock files). Built from the scan's directory listings, so it costs no extra I/O; contents
 * are never read. An edit that keeps both size and mtime (ns where the filesystem keeps them) is not
 * seen, which editors never do.
 */
final class Fingerprints {
  /** Directories never part of a fingerprint (installed deps and caches are handled by deps). */
  static final Set<String> SKIPPED_DIRS = Set.of("node_modules", "__pycache__");

  /** Whether {@code dir}, a folder's name, is one of {@link #SKIPPED_DIRS} (in any case). */
  static boolean isSkippedDir(String dir) {
    return SKIPPED_DIRS.contains(dir.toLowerCase(Locale.ROOT));
  }
  /**
   * Files written by dependency installs that workers never load. Counting them would recycle a
   * pool after each install, which prepares dependencies again.
   */
  static final Set<String> SKIPPED_FILES = Set.of("package-lock.json", "requirements.lock.txt");
  private static final int MAX_DEPTH = 12;

  private Fingerprints() {}

  /**
   * A function folder: every file below {@code dir} except skipped/dot folders and the child
   * folders named in {@code excludedChildren} (the other versions), plus {@code extraFiles}.
   */
  static String forFunction(TreeView view, Path dir, Collection<String> excludedChildren, Collection<Path> extraFiles) {
    Hasher h = new Hasher();
    walk(view, dir, "", excludedChildren, h, 0);
    extras(view, extraFiles, h);
    return h.hex();
  }

  /**
   * A file-route folder: the regular files directly in {@code dir}, the files under its
   * {@code _}-prefixed sub-folders (private helpers), plus {@code extraFiles}.
   */
  static String forFileFolder(TreeView view, Path dir, Collection<Path> extraFiles) {
    Hasher h = new Hasher();
    TreeView.Listing l = view.list(dir);
    for (String f : l.files()) {
      if (counted(f)) {
        h.add(f, l.info().get(f));
      }
    }
    for (String d : l.dirs()) {
      if (d.startsWith("_") && !isSkippedDir(d)) {
        walk(view, dir.resolve(d), d + "/", Set.of(), h, 1);
      }
    }
    extras(view, extraFiles, h);
    return h.hex();
  }

  private static void walk(TreeView view, Path dir, String prefix, Collection<String> excludedChildren, Hasher h,
      int depth) {
    TreeView.Listing l = view.list(dir);
    for (String f : l.files()) {
      if (counted(f)) {
        h.add(prefix + f, l.info().get(f));
      }
    }
    if (depth >= MAX_DEPTH) {
      return;
    }
    for (String d : l.dirs()) {
      if (d.startsWith(".") || isSkippedDir(d) || excludedChildren.contains(d)) {
        continue;
      }
      walk(view, dir.resolve(d), prefix + d + "/", Set.of(), h, depth + 1);
    }
  }

  /** Dot files (editor swap files, {@code .fastfn-deps-state.json}) and install outputs are not code. */
  private static boolean counted(String file) {
    return !file.startsWith(".") && !SKIPPED_FILES.contains(file);
  }

  private static void extras(TreeView view, Collection<Path> files, Hasher h) {
    for (Path p : files) {
      TreeView.FileInfo info = view.info(p);
      if (info != null) {
        h.add(p.toString(), info);
      }
    }
  }

  /**
   * Sum of per-file FNV-1a hashes: independent of listing order, so an unchanged tree always gives
   * the same value.
   */
  private static final class Hasher {
    private long sum;
    private int count;

    void add(String rel, TreeView.FileInfo info) {
      if (info == null) {
        return;
      }
      count++;
      long h = 0xcbf29ce484222325L;
      for (int i = 0; i < rel.length(); i++) {
        h = mix(h, rel.charAt(i));
      }
      h = mix(h, 0);
      h = mix(h, info.size());
      h = mix(h, info.mtimeNanos());
      sum += h;
    }

    private static long mix(long h, long v) {
      return (h ^ v) * 0x100000001b3L;
    }

    String hex() {
      String s = Long.toHexString(mix(sum, count));
      return "0".repeat(16 - s.length()) + s;
    }
  }
}
