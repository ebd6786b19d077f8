package dev.fastfn.discovery;

import java.util.Comparator;

/**
 * Where in a scan's pass a route was first registered: the zero-config walk, then for each enabled
 * runtime in order of its id its explicit functions by name and its runtime-scoped folders in listing
 * order. The order of {@link Catalog#mappedRoutes()} is the order of these units, so a one-folder
 * update (see {@link FolderUpdate}) knows where the new folder's routes go without a pass.
 *
 * @param runtimeRank the runtime's index in id order; -1 for the zero-config walk
 * @param scoped false for an explicit function, true for a runtime-scoped folder
 * @param top the explicit function's name, or the runtime-scoped folder's name below the runtime folder
 */
record PassUnit(int runtimeRank, boolean scoped, String top) implements Comparable<PassUnit> {
  static final PassUnit ZERO_CONFIG = new PassUnit(-1, false, "");

  private static final Comparator<PassUnit> ORDER = Comparator.comparingInt(PassUnit::runtimeRank)
      .thenComparing(PassUnit::scoped)
      .thenComparing(PassUnit::top);

  @Override
  public int compareTo(PassUnit other) {
    return ORDER.compare(this, other);
  }
}
