package dev.fastfn.discovery;

import dev.fastfn.config.RuntimeKind;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The functions tree as one scan sees it: directory listings (regular files and real directories
 * only; symlinks are never listed, §1.6), parsed {@code fn.config.json} files, the overlay chain of
 * a folder and the single-entry test, each computed once per scan. Not thread-safe; one per scan.
 */
final class TreeView {
  /**
   * Sorted names of the regular files and real sub-directories of a directory, with the size and
   * mtime (ns) of each file as the listing saw them.
   */
  record Listing(List<String> files, List<String> dirs, Map<String, FileInfo> info) {
    static final Listing EMPTY = new Listing(List.of(), List.of(), Map.of());

    /**
     * Same names, sizes and mtimes as {@code other}, dot entries and {@code __pycache__} and
     * {@code node_modules} folders aside: no scan result depends on them (temp files of atomic
     * writes, the deps state file, what an import or an install makes), and the watcher ignores
     * dot entries too.
     */
    boolean sameAsSeenBy(Listing other) {
      return sameVisible(files, other.files, info, other.info) && sameVisible(dirs, other.dirs, null, null);
    }

    /**
     * Plain loops, no streams: rescans are rare, so this runs interpreted on the write path, where
     * a stream pipeline per listing cost several times the comparison itself.
     */
    private static boolean sameVisible(List<String> a, List<String> b, Map<String, FileInfo> infoA,
        Map<String, FileInfo> infoB) {
      int i = 0;
      int j = 0;
      while (true) {
        while (i < a.size() && unseen(a.get(i), infoA == null)) {
          i++;
        }
        while (j < b.size() && unseen(b.get(j), infoA == null)) {
          j++;
        }
        if (i == a.size() || j == b.size()) {
          return i == a.size() && j == b.size();
        }
        String name = a.get(i);
        if (!name.equals(b.get(j)) || (infoA != null && !Objects.equals(infoA.get(name), infoB.get(name)))) {
          return false;
        }
        i++;
        j++;
      }
    }

    /**
     * This listing of {@code dir} with the entries {@code names} looked at again (one stat each) and
     * every other entry kept: what listing the folder again finds when only those entries changed,
     * without reading the hundreds of names a folder of functions may hold. This listing itself when
     * none of them changed.
     */
    Listing withEntries(Path dir, Set<String> names) {
      List<String> f = files;
      List<String> d = dirs;
      Map<String, FileInfo> fileInfo = info;
      boolean copied = false;
      for (String name : names) {
        BasicFileAttributes a = FileKinds.attributes(dir.resolve(name));
        FileInfo nowFile = a != null && a.isRegularFile() ? FileInfo.of(a) : null;
        boolean nowDir = a != null && a.isDirectory();
        FileInfo wasFile = fileInfo.get(name);
        boolean wasDir = Collections.binarySearch(d, name) >= 0;
        if (Objects.equals(nowFile, wasFile) && nowDir == wasDir) {
          continue;
        }
        if (!copied) {
          f = new ArrayList<>(f);
          d = new ArrayList<>(d);
          fileInfo = new HashMap<>(fileInfo);
          copied = true;
        }
        if (wasFile != null) {
          f.remove(name);
          fileInfo.remove(name);
        }
        if (wasDir) {
          d.remove(name);
        }
        if (nowFile != null) {
          insertSorted(f, name);
          fileInfo.put(name, nowFile);
        }
        if (nowDir) {
          insertSorted(d, name);
        }
      }
      return copied ? new Listing(List.copyOf(f), List.copyOf(d), fileInfo) : this;
    }

    /** Whether {@code other} lists each of {@code names} as this one does, dot entries aside. */
    boolean sameEntries(Listing other, Set<String> names) {
      for (String n : names) {
        if (!n.startsWith(".") && (!Objects.equals(info.get(n), other.info.get(n))
            || (!unseen(n, true) && (Collections.binarySearch(dirs, n) >= 0) != (Collections.binarySearch(other.dirs, n) >= 0)))) {
          return false;
        }
      }
      return true;
    }

    /** A dot entry, or a folder no scan reads (see {@link Fingerprints#SKIPPED_DIRS}). */
    static boolean unseen(String name, boolean dir) {
      return name.startsWith(".") || (dir && Fingerprints.isSkippedDir(name));
    }

    private static void insertSorted(List<String> names, String name) {
      int at = Collections.binarySearch(names, name);
      names.add(at < 0 ? -at - 1 : at, name);
    }
  }

  /** Size and modification time (ns) of a listed file. */
  record FileInfo(long size, long mtimeNanos) {
    static FileInfo of(BasicFileAttributes a) {
      return new FileInfo(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
    }
  }

  private static final Set<String> ENTRY_NAMES = entryNames();

  private final Path root;
  /** {@code root} and a separator: the start of every path below it, as a string. */
  private final String rootPrefix;
  private final Consumer<String> problems;
  private final Map<Path, Listing> listings = new HashMap<>();
  private final Map<Path, FnConfig> configs = new HashMap<>();
  private final Map<Path, Boolean> singles = new HashMap<>();
  private final Map<Path, List<FnConfig>> overlays = new HashMap<>();

  private final FileCache<FnConfig> parsedConfigs;
  private final ListingCache kept;
  /** While a part of the scan is {@linkplain #startRecording recorded}: what it looked at. */
  private Reads recording;

  /**
   * The listings and configs a part of a scan looked at, each as the very object it got. A later
   * scan that gets the same objects for the same folders would work out the same result: listings
   * are kept across scans until a reported change replaces them, and a parsed config is kept while
   * its file's size and mtime are.
   */
  record Reads(Map<Path, Listing> listings, Map<Path, FnConfig> configs) {
    /** No config looked at has errors or names an entrypoint (which is checked on disk, not in a listing). */
    boolean onlyPlainConfigs() {
      for (FnConfig c : configs.values()) {
        if (c.errorText() != null || c.entrypoint() != null) {
          return false;
        }
      }
      return true;
    }
  }

  /** Absent configs as {@link #parsedConfigs} keeps them: the same object while the file stays absent. */
  private static final FileInfo NO_FILE = new FileInfo(-1, -1);

  /**
   * {@code parsedConfigs}: parsed configs kept across scans (see {@link FileCache}); {@code kept}:
   * listings kept across scans (see {@link ListingCache}).
   */
  TreeView(Path root, Consumer<String> problems, FileCache<FnConfig> parsedConfigs, ListingCache kept) {
    this.root = root;
    String r = root.toString();
    this.rootPrefix = r.endsWith(root.getFileSystem().getSeparator()) ? r : r + root.getFileSystem().getSeparator();
    this.problems = problems;
    this.parsedConfigs = parsedConfigs;
    this.kept = kept;
  }

  Path root() {
    return root;
  }

  Listing list(Path dir) {
    Listing l = listing(dir);
    if (recording != null) {
      recording.listings().putIfAbsent(dir, l);
    }
    return l;
  }

  /**
   * From now until {@link #stopRecording()}, remembers every listing and config asked for, including
   * those behind cached answers (single-entry tests, overlay chains). One recording at a time.
   */
  void startRecording() {
    recording = new Reads(new LinkedHashMap<>(), new LinkedHashMap<>());
  }

  Reads stopRecording() {
    Reads r = recording;
    recording = null;
    return r;
  }

  /**
   * {@code reads} as this scan sees them, when nothing a scan result depends on changed: every config
   * the very same object, and every listing the same object or one that differs in dot entries only
   * (a function's deps state file, a temp file: {@link Listing#sameAsSeenBy}). Then {@code reads}
   * itself if all are the same objects, else a copy holding this scan's listings, so that the next
   * scan compares identities again. Null when something changed.
   */
  Reads current(Reads reads) {
    Map<Path, Listing> refreshed = null;
    for (var e : reads.listings().entrySet()) {
      Listing now = listing(e.getKey());
      if (now == e.getValue()) {
        continue;
      }
      if (!now.sameAsSeenBy(e.getValue())) {
        return null;
      }
      if (refreshed == null) {
        refreshed = new LinkedHashMap<>(reads.listings());
      }
      refreshed.put(e.getKey(), now);
    }
    for (var e : reads.configs().entrySet()) {
      if (config(e.getKey()) != e.getValue()) {
        return null;
      }
    }
    return refreshed == null ? reads : new Reads(refreshed, reads.configs());
  }

  /** {@link #list} without recording: a config depends on its own file, not on the folder's other entries. */
  private Listing listing(Path dir) {
    Listing l = listings.get(dir);
    if (l == null) {
      l = kept.get(dir);
      if (l == null) {
        l = read(dir);
        kept.put(dir, l);
      }
      listings.put(dir, l);
    }
    return l;
  }

  /** The folder's parsed {@code fn.config.json}; its errors are reported once per scan. */
  FnConfig config(Path dir) {
    FnConfig c = configs.get(dir);
    if (c == null) {
      Path file = dir.resolve(FnConfigParser.FILE_NAME);
      FileInfo listed = listing(dir).info().get(FnConfigParser.FILE_NAME);
      // A config with errors is read again next scan: the cause may be passing (a half-saved file).
      c = listed != null
          ? parsedConfigs.get(file, listed, f -> FnConfigParser.read(f, rel(f)), parsed -> parsed.errorText() == null)
          : parsedConfigs.get(file, NO_FILE, f -> FnConfig.absent(rel(f), List.of()), absent -> true);
      configs.put(dir, c);
      if (c.errorText() != null) {
        problems.accept(c.errorText());
      }
    }
    if (recording != null) {
      recording.configs().putIfAbsent(dir, c);
    }
    return c;
  }

  /**
   * A directory is one function (§1.4) when it holds a canonical entry file (a regular file) or its
   * config names an existing {@code entrypoint} inside it.
   */
  boolean isSingleEntryRoot(Path dir) {
    Boolean b = singles.get(dir);
    if (b == null) {
      b = hasEntryFile(list(dir));
      if (!b) {
        String ep = config(dir).entrypoint();
        b = ep != null && SafeNames.resolveInside(dir, ep)
            .filter(FileKinds::isFile).isPresent();
      }
      singles.put(dir, b);
    } else if (recording != null && !hasEntryFile(list(dir))) {
      config(dir); // what the cached answer rests on, recorded
    }
    return b;
  }

  private static boolean hasEntryFile(Listing l) {
    for (String f : l.files()) {
      if (ENTRY_NAMES.contains(f)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Overlay configs (non-explicit, present) that apply to file routes in {@code dir}: from
   * {@code dir} up to the root, nearest first (§4.6).
   */
  List<FnConfig> overlays(Path dir) {
    if (recording != null) {
      chain(dir); // the configs a cached answer rests on, recorded
    }
    List<FnConfig> o = overlays.get(dir);
    if (o == null) {
      List<FnConfig> out = new ArrayList<>();
      FnConfig own = config(dir);
      if (own.isOverlay()) {
        out.add(own);
      }
      if (!dir.equals(root) && dir.startsWith(root)) {
        out.addAll(overlays(dir.getParent()));
      }
      o = List.copyOf(out);
      overlays.put(dir, o);
    }
    return o;
  }

  /** Configs on the path root..dir whose errors concern a file route in {@code dir} (non-explicit ones). */
  List<FnConfig> chain(Path dir) {
    List<FnConfig> out = new ArrayList<>();
    Path p = dir;
    while (p != null && p.startsWith(root)) {
      FnConfig c = config(p);
      if (!c.explicit()) {
        out.add(c);
      }
      if (p.equals(root)) {
        break;
      }
      p = p.getParent();
    }
    return out;
  }

  /** Listed size/mtime of a file, or null when it is not a regular file of its folder. */
  FileInfo info(Path file) {
    Path dir = file.getParent();
    return dir == null ? null : list(dir).info().get(file.getFileName().toString());
  }

  /** Root-relative path with '/' separators; "." for the root itself. */
  String rel(Path p) {
    if (p.equals(root)) {
      return ".";
    }
    String s = p.toString();
    // Scan paths are built by resolving names onto root: cutting the prefix off is what relativize
    // does for them, without its per-name comparisons (a scan asks for several per function).
    String rel = s.startsWith(rootPrefix) ? s.substring(rootPrefix.length()) : root.relativize(p).toString();
    return rel.replace('\\', '/');
  }

  /** Lists {@code dir}: one stat per entry. Empty when it is gone or unreadable. */
  static Listing read(Path dir) {
    List<String> files = new ArrayList<>();
    List<String> dirs = new ArrayList<>();
    Map<String, FileInfo> info = new HashMap<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        BasicFileAttributes a = FileKinds.attributes(p);
        if (a == null) {
          continue; // vanished while listing
        }
        String name = p.getFileName().toString();
        if (a.isRegularFile()) {
          files.add(name);
          info.put(name, FileInfo.of(a));
        } else if (a.isDirectory()) {
          dirs.add(name);
        }
      }
    } catch (IOException e) {
      return Listing.EMPTY;
    }
    Collections.sort(files);
    Collections.sort(dirs);
    return new Listing(List.copyOf(files), List.copyOf(dirs), info);
  }

  private static Set<String> entryNames() {
    java.util.HashSet<String> out = new java.util.HashSet<>();
    for (RuntimeKind k : RuntimeKind.values()) {
      out.addAll(k.entryCandidates());
    }
    return Set.copyOf(out);
  }
}
