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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the function a {@link FunctionRef} names in the current catalog and checks that its folder
 * and entry file stay inside the functions root after resolving symlinks (D13).
 */
final class FunctionLocator {
  private final Path root;
  private final CatalogHolder catalogs;
  /** The server's own folders (data, logs); no file API reaches them, wherever they are. */
  private final List<Path> serverDirs;

  FunctionLocator(Path root, CatalogHolder catalogs, List<Path> serverDirs) {
    this.root = root;
    this.catalogs = catalogs;
    this.serverDirs = serverDirs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
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
    return folder(catalogs.get(), ref);
  }

  private Path folder(Catalog c, FunctionRef ref) {
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

  /**
   * The folder the file APIs work in ({@link #folder}) with what they may not reach in it: the
   * server's folders and the folders and entry files of every function but this one's versions.
   */
  FileScope scope(FunctionRef ref) {
    Catalog c = catalogs.get();
    Path dir = folder(c, ref).toAbsolutePath().normalize();
    Set<String> own = new HashSet<>();
    FunctionGroup group = c.group(ref.runtime(), ref.name());
    if (group != null) {
      if (group.defaultSpec() != null) {
        own.add(group.defaultSpec().key());
      }
      group.versions().values().forEach(v -> own.add(v.key()));
    }
    Set<Path> closedDirs = new HashSet<>();
    Set<Path> closedFiles = new HashSet<>();
    for (Path p : serverDirs) {
      if (p.startsWith(dir)) {
        closedDirs.add(p);
      }
    }
    for (FunctionSpec s : c.functions().values()) {
      Path fnDir = s.functionDir().toAbsolutePath().normalize();
      if (own.contains(s.key()) || !fnDir.startsWith(dir)) {
        continue;
      }
      if (fnDir.equals(dir)) {
        closedFiles.add(s.entryFile().toAbsolutePath().normalize());
      } else {
        closedDirs.add(fnDir);
      }
    }
    return new FileScope(dir, closedDirs, closedFiles);
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
