package dev.fastfn.console;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.gateway.FnHttpException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DELETE /_fn/function}: removes a version folder, or a function's folder (keeping it, and
 * only removing the function's own files, when nested functions or versions live below it), or the
 * entry file of a file-route target. Rescans before returning, so the routes are gone for the next
 * request. 404 when there is nothing to delete (D3).
 */
final class FunctionRemover {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionRemover.class);
  /** What a function folder may hold besides helpers (console-api.md §4.7 DELETE). */
  private static final List<String> OWN_FILES = List.of("fn.config.json", "fn.env.json", "requirements.txt",
      "requirements.lock.txt", "package.json", "package-lock.json", "npm-shrinkwrap.json", ManifestInfo.DEPS_STATE);
  private static final List<String> OWN_DIRS = List.of(".deps", "node_modules");

  private final CatalogHolder catalogs;
  private final FunctionLocator locator;
  private final FunctionLocks locks;

  FunctionRemover(CatalogHolder catalogs, FunctionLocator locator, FunctionLocks locks) {
    this.catalogs = catalogs;
    this.locator = locator;
    this.locks = locks;
  }

  void delete(FunctionRef ref) {
    if (!ref.isFolderName()) {
      deleteFileTarget(ref);
      return;
    }
    Path dir = ref.folderUnder(locator.root());
    locator.checkInside(dir);
    locks.with(dir, () -> {
      boolean known = catalogs.get().lookup(ref.runtime(), ref.name(), ref.version()) instanceof Catalog.Lookup.Found;
      if (Files.isSymbolicLink(dir)) {
        throw new FnHttpException.BadRequest("symlink function path is not allowed");
      }
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || (!known && !hasHandler(dir, ref.runtime()))) {
        throw new FnHttpException.NotFound("unknown function");
      }
      try {
        if (ref.version() != null || !FileTrees.hasNestedFile(dir, allHandlerNames(), 6)) {
          FileTrees.deleteFolder(dir);
        } else {
          for (String f : ref.runtime().entryCandidates()) {
            Files.deleteIfExists(dir.resolve(f));
          }
          for (String f : OWN_FILES) {
            Files.deleteIfExists(dir.resolve(f));
          }
          for (String d : OWN_DIRS) {
            FileTrees.deleteRecursively(dir.resolve(d));
          }
        }
      } catch (IOException e) {
        LOG.warn("fn={} delete failed: {}", ref.label(), e.toString());
        catalogs.rescanAfterWriting(dir);
        throw new FnHttpException.InternalError("failed to delete function: " + e.getMessage());
      }
      FileTrees.pruneEmptyParents(dir.getParent(), locator.root().resolve(ref.runtime().id()));
      catalogs.rescanAfterWriting(dir);
      LOG.info("fn={} deleted", ref.label());
      return null;
    });
  }

  private void deleteFileTarget(FunctionRef ref) {
    FunctionSpec spec = locator.find(ref).spec();
    if (spec.kind() != FunctionSpec.Kind.FILE) {
      throw new FnHttpException.NotFound("unknown function");
    }
    Path file = spec.entryFile();
    locator.checkInside(file);
    locks.with(spec.functionDir(), () -> {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new FnHttpException.InternalError("failed to delete function: " + e.getMessage());
      }
      catalogs.rescanAfterWriting(spec.functionDir());
      return null;
    });
  }

  private static boolean hasHandler(Path dir, RuntimeKind runtime) {
    return runtime.entryCandidates().stream()
        .anyMatch(f -> Files.isRegularFile(dir.resolve(f), LinkOption.NOFOLLOW_LINKS));
  }

  private static List<String> allHandlerNames() {
    List<String> out = new ArrayList<>();
    for (RuntimeKind k : RuntimeKind.values()) {
      out.addAll(k.entryCandidates());
    }
    return out;
  }
}
