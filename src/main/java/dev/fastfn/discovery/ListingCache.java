package dev.fastfn.discovery;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Directory listings kept from one scan to the next. A scan first {@link #forget forgets} the
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

  /** Drops what {@code changes} names: single listings, whole subtrees, or everything. */
  void forget(DirectoryChanges.Drained changes) {
    if (changes.everything()) {
      listings.clear();
      return;
    }
    for (Path dir : changes.listings()) {
      listings.remove(dir);
    }
    for (Path top : changes.trees()) {
      listings.keySet().removeIf(dir -> dir.startsWith(top));
    }
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
