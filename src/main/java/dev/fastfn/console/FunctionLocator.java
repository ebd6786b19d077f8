package dev.fastfn.console;

import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.discovery.FunctionGroup;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.discovery.SafeNames;
import dev.fastfn.gateway.FnHttpException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Finds the function a {@link FunctionRef} names in the current catalog and checks that its folder
 * and entry file stay inside the functions root after resolving symlinks (D13).
 */
final class FunctionLocator {
  private final Path root;
  private final CatalogHolder catalogs;

  FunctionLocator(Path root, CatalogHolder catalogs) {
    this.root = root;
    this.catalogs = catalogs;
  }

  Path root() {
    return root;
  }

  /** A discovered function version with its folder and entry file. */
  record Located(FunctionRef ref, FunctionGroup group, FunctionSpec spec) {
    Path dir() {
      return spec.functionDir();
    }

    Path entry() {
      return spec.entryFile();
    }
  }

  /** The function in the current catalog, or 404 with the reason. */
  Located find(FunctionRef ref) {
    return find(catalogs.get(), ref);
  }

  Located find(Catalog catalog, FunctionRef ref) {
    return switch (catalog.lookup(ref.runtime(), ref.name(), ref.version())) {
      case Catalog.Lookup.Found f -> {
        checkInside(f.spec().functionDir());
        if (Files.isSymbolicLink(f.spec().entryFile())) {
          throw new FnHttpException.NotFound("function code not found");
        }
        checkInside(f.spec().entryFile());
        yield new Located(ref, f.group(), f.spec());
      }
      case Catalog.Lookup.NotFound n -> throw new FnHttpException.NotFound(n.reason());
      case Catalog.Lookup.Ambiguous a -> throw new FnHttpException.Conflict("ambiguous function name",
          java.util.Map.of("runtimes", a.runtimes()));
    };
  }

  /**
   * The folder the file APIs work in: the discovered function's folder, else the runtime-scoped
   * folder {@code <root>/<runtime>/<name>[/<version>]} when it exists; 404 otherwise.
   */
  Path folder(FunctionRef ref) {
    Catalog c = catalogs.get();
    if (c.lookup(ref.runtime(), ref.name(), ref.version()) instanceof Catalog.Lookup.Found f) {
      checkInside(f.spec().functionDir());
      return f.spec().functionDir();
    }
    if (ref.isFolderName()) {
      Path dir = ref.folderUnder(root);
      if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        checkInside(dir);
        return dir;
      }
    }
    throw new FnHttpException.NotFound("unknown function");
  }

  /** 400 when {@code p} (or the part of it that exists) resolves outside the functions root. */
  void checkInside(Path p) {
    if (!isInside(root, p)) {
      throw new FnHttpException.BadRequest("invalid function path");
    }
  }

  /**
   * True when {@code candidate} stays inside {@code dir} lexically and after resolving the symlinks of
   * its deepest existing ancestor. The candidate need not exist.
   */
  static boolean isInside(Path dir, Path candidate) {
    Path base = dir.toAbsolutePath().normalize();
    return candidate.toAbsolutePath().normalize().startsWith(base) && SafeNames.isInside(base, candidate);
  }
}
