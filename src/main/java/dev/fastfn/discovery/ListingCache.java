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
   * Reads again what {@code changes} names (single listings, whole subtrees, or everything) and drops
   * the kept listings that differ from what is on disk now. Returns false when every named directory
   * was kept and still reads the same, dot entries aside: a scan would then find what the previous one
   * found (the report was an echo, e.g. of a console write that already rescanned, or of a temp file).
   */
  boolean refresh(DirectoryChanges.Drained changes) {
    if (changes.everything()) {
      listings.clear();
      return true;
    }
    boolean changed = false;
    Set<Path> reread = new HashSet<>();
    for (Path dir : changes.listings()) {
      if (dir.startsWith(root)) { // parents above the root are never read by a scan
        reread.add(dir);
      }
    }
    for (Path top : changes.trees()) {
      if (!listings.containsKey(top)) {
        listings.keySet().removeIf(dir -> dir.startsWith(top)); // new, or never read: read it all again
        changed = true;
        continue;
      }
      for (Path dir : listings.keySet()) {
        if (dir.startsWith(top)) {
          reread.add(dir); // a new or removed sub-folder shows in its parent's listing
        }
      }
    }
    for (Path dir : reread) {
      TreeView.Listing kept = listings.get(dir);
      if (kept == null || !kept.sameAsSeenBy(TreeView.read(dir))) {
        listings.remove(dir);
        changed = true;
      }
    }
    return changed;
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
