package dev.fastfn.discovery;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Directory listings kept from one scan to the next. A scan first {@link #refresh refreshes} the
 * directories reported changed since the previous one; every other listing is still what is on
 * disk, because the watcher reports every change in a watched directory. Directories the watcher
 * does not watch are never kept. Used by one scan at a time (scans are serialized by
 * {@link Scanner}).
 */
final class ListingCache {
  private final Path root;
  private final Map<Path, TreeView.Listing> listings = new HashMap<>();

  ListingCache(Path root) {
    this.root = root;
  }

  /**
   * Reads again what {@code changes} names (changed entries of a listing, whole subtrees, or
   * everything) and keeps what it read. Returns false when every named directory was kept and still
   * reads the same, dot entries aside: a scan would then find what the previous one found (the report
   * was an echo, e.g. of a console write that already rescanned, or of a temp file).
   */
  boolean refresh(DirectoryChanges.Drained changes) {
    if (changes.everything()) {
      listings.clear();
      return true;
    }
    boolean changed = false;
    Set<Path> reread = new HashSet<>();
    for (Path top : changes.trees()) {
      if (inUnseenFolder(top)) {
        continue; // what an import or an install writes: its folder's entry says whether it matters
      }
      if (!listings.containsKey(top)) {
        // A new folder, or one never read: read it all again. A file: its folder's entry says it all,
        // so an echo of a write that was already rescanned changes nothing.
        boolean dropped = listings.keySet().removeIf(dir -> dir.startsWith(top));
        changed |= dropped || FileKinds.isDirectory(top);
        continue;
      }
      for (Path dir : listings.keySet()) {
        if (dir.startsWith(top)) {
          reread.add(dir); // a new or removed sub-folder shows in its parent's listing
        }
      }
    }
    for (Path dir : reread) {
      changed |= keep(dir);
    }
    for (var e : changes.entries().entrySet()) {
      Path dir = e.getKey();
      if (dir.startsWith(root) && !reread.contains(dir)) {
        changed |= keepEntries(dir, e.getValue());
      }
    }
    return changed;
  }

  /**
   * Lists {@code dir} again and keeps what it read, which the scan would otherwise read a second
   * time. True when that differs from the kept listing, or when none was kept.
   */
  private boolean keep(Path dir) {
    TreeView.Listing kept = listings.get(dir);
    if (kept == null) {
      return true; // never read or not watched: the scan reads it
    }
    TreeView.Listing now = TreeView.read(dir);
    if (now == TreeView.Listing.EMPTY) {
      listings.remove(dir); // gone or unreadable: nothing to keep for a folder that may come back
      return true;
    }
    if (kept.sameAsSeenBy(now)) {
      return false;
    }
    listings.put(dir, now);
    return true;
  }

  /**
   * Looks again at the entries {@code names} of {@code dir} only: a report names every entry that
   * changed, so the others are as kept (a folder of hundreds of functions costs one stat, not a
   * listing). True when one of them changed, dot entries aside, or when nothing was kept.
   */
  private boolean keepEntries(Path dir, Set<String> names) {
    TreeView.Listing kept = listings.get(dir);
    if (kept == null) {
      return true; // never read or not watched: the scan reads it
    }
    if (!FileKinds.isDirectory(dir)) {
      listings.remove(dir); // gone: nothing to keep for a folder that may come back
      return true;
    }
    TreeView.Listing now = kept.withEntries(dir, names);
    if (now == kept) {
      return false;
    }
    listings.put(dir, now);
    return !kept.sameEntries(now, names);
  }

  /** Whether {@code p} is, or is inside, a folder below the root that no scan reads. */
  private boolean inUnseenFolder(Path p) {
    if (!p.startsWith(root)) {
      return false;
    }
    for (int i = root.getNameCount(); i < p.getNameCount(); i++) {
      if (Fingerprints.isSkippedDir(p.getName(i).toString())) {
        return true;
      }
    }
    return false;
  }

  TreeView.Listing get(Path dir) {
    return listings.get(dir);
  }

  void put(Path dir, TreeView.Listing listing) {
    if (CatalogWatcher.watches(root, dir)) {
      listings.put(dir, listing);
    }
  }
}
