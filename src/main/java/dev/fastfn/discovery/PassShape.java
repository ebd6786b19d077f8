package dev.fastfn.discovery;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What a full scan's pass leaves besides its catalog, for a one-folder update of that catalog (see
 * {@link FolderUpdate}): the scan-wide inputs a registration depends on, and where each route was
 * first registered.
 *
 * @param ignored folder names the pass never walks (defaults, the root config's, the settings')
 * @param assetPaths every assets folder a walked config names, existing or not
 * @param explicitNames "runtime/name" of every explicit function the walk found
 * @param routeUnits for each route of the catalog's {@link Catalog#mappedRoutes()}, in its order, the
 *     part of the pass that first registered it (so the list is sorted)
 */
record PassShape(Set<String> ignored, Set<Path> assetPaths, Set<String> explicitNames,
    List<PassUnit> routeUnits) {
  PassShape {
    ignored = Set.copyOf(ignored);
    assetPaths = Set.copyOf(assetPaths);
    explicitNames = Set.copyOf(explicitNames);
    routeUnits = List.copyOf(routeUnits);
  }
}
