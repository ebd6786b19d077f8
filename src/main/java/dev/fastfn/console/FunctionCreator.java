package dev.fastfn.console;

import dev.fastfn.discovery.AtomicFiles;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /_fn/function}: creates {@code <root>/<runtime>/<name>[/<version>]} with a handler (the
 * given {@code code} or a runnable template) and {@code fn.config.json} from the body. Everything is
 * validated first; a new folder is assembled under a hidden staging name and renamed into place, and
 * any failure (including "not discoverable after writing") removes what was created, so a failed
 * create leaves nothing behind. 409 when the function exists (D3).
 */
final class FunctionCreator {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionCreator.class);
  private static final Set<String> CREATE_ONLY_KEYS = Set.of("code", "filename", "query_example", "body_example");

  private final CatalogHolder catalogs;
  private final FunctionLocator locator;
  private final FunctionLocks locks;

  FunctionCreator(CatalogHolder catalogs, FunctionLocator locator, FunctionLocks locks) {
    this.catalogs = catalogs;
    this.locator = locator;
    this.locks = locks;
  }

  /** A validated create request. */
  record Plan(FunctionRef ref, String filename, String code, ObjectNode config) {}

  /** Validates the body; throws 400 before anything is written. */
  static Plan plan(FunctionRef ref, ObjectNode body) {
    JsonNode code = body.get("code");
    String source = null;
    if (code != null && !code.isNull()) {
      if (!code.isString()) {
        throw new FnHttpException.BadRequest("code must be a string");
      }
      if (code.stringValue().getBytes(StandardCharsets.UTF_8).length > FunctionDetails.CODE_LIMIT) {
        throw new FnHttpException.BadRequest("code exceeds maximum size");
      }
      source = code.stringValue().isEmpty() ? null : code.stringValue();
    }
    String filename = ref.runtime().entryCandidates().get(0);
    JsonNode fn = body.get("filename");
    if (fn != null && !fn.isNull()) {
      if (!fn.isString() || !ref.runtime().entryCandidates().contains(fn.stringValue())) {
        throw new FnHttpException.BadRequest("invalid filename for runtime " + ref.runtime().id()
            + " (use one of " + String.join(", ", ref.runtime().entryCandidates()) + ")");
      }
      filename = fn.stringValue();
    }
    ObjectNode rest = body.deepCopy();
    rest.remove(CREATE_ONLY_KEYS);
    JsonNode qe = body.get("query_example");
    if (qe != null && !qe.isNull()) {
      rest.set("query", qe);
    }
    JsonNode be = body.get("body_example");
    if (be != null && !be.isNull()) {
      rest.set("body", be);
    }
    JsonNode summary = rest.get("summary");
    if (summary == null || summary.isNull() || (summary.isString() && summary.stringValue().isBlank())) {
      rest.put("summary", "Generated function");
    }
    if (!rest.has("methods") && !rest.path("invoke").has("methods")) {
      rest.putArray("methods").add("GET");
    }
    ObjectNode config = ConfigPatch.parse(rest).applyTo(HttpJson.object());
    return new Plan(ref, filename, source != null ? source : HandlerTemplates.of(ref.runtime()), config);
  }

  /** Writes the function and returns the new catalog in which it is found. */
  Catalog create(Plan plan) {
    FunctionRef ref = plan.ref();
    Path root = locator.root();
    Path dir = ref.folderUnder(root);
    locator.checkInside(dir);
    return locks.with(dir, () -> {
      if (catalogs.get().lookup(ref.runtime(), ref.name(), ref.version()) instanceof Catalog.Lookup.Found) {
        throw new FnHttpException.Conflict("function already exists");
      }
      if (Files.isSymbolicLink(dir)) {
        throw new FnHttpException.BadRequest("symlink function path is not allowed");
      }
      for (String candidate : ref.runtime().entryCandidates()) {
        if (Files.exists(dir.resolve(candidate), LinkOption.NOFOLLOW_LINKS)) {
          throw new FnHttpException.Conflict("function already exists");
        }
      }
      Deque<Path> created = new ArrayDeque<>();
      try {
        write(plan, dir, created);
      } catch (IOException | RuntimeException e) {
        rollback(created);
        if (e instanceof FnHttpException f) {
          throw f;
        }
        LOG.warn("fn={} create failed, nothing kept: {}", ref.label(), e.toString());
        throw new FnHttpException.InternalError("failed to create function: " + e.getMessage());
      }
      Catalog next = catalogs.rescanAfterWriting(dir);
      if (next.lookup(ref.runtime(), ref.name(), ref.version()) instanceof Catalog.Lookup.NotFound nf) {
        rollback(created);
        catalogs.rescanAfterWriting(dir);
        throw new FnHttpException.BadRequest("the new function is not discoverable (" + nf.reason()
            + "); nothing was created");
      }
      return next; // logged by the endpoint once the new function's worker is on its way
    });
  }

  /** Creates missing parents, then either renames a staged folder into place or adds files to {@code dir}. */
  private void write(Plan plan, Path dir, Deque<Path> created) throws IOException {
    Path parent = dir.getParent();
    createParents(parent, created);
    byte[] code = plan.code().getBytes(StandardCharsets.UTF_8);
    byte[] config = (HttpJson.MAPPER.writeValueAsString(plan.config()) + "\n").getBytes(StandardCharsets.UTF_8);
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new FnHttpException.Conflict("a file is in the way of the function folder");
      }
      if (ConfigFile.exists(dir)) {
        throw new FnHttpException.Conflict("function folder already has a fn.config.json");
      }
      Path handler = dir.resolve(plan.filename());
      created.push(handler);
      AtomicFiles.write(handler, code);
      Path cfg = dir.resolve(ConfigFile.NAME);
      created.push(cfg);
      AtomicFiles.write(cfg, config);
      return;
    }
    Path staging = AtomicFiles.hiddenSibling(parent, "fastfn-create");
    created.push(staging);
    Files.createDirectory(staging);
    Files.write(staging.resolve(plan.filename()), code);
    Files.write(staging.resolve(ConfigFile.NAME), config);
    try {
      Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(staging, dir);
    }
    created.pop();
    created.push(dir);
  }

  private static void createParents(Path parent, Deque<Path> created) throws IOException {
    Deque<Path> missing = new ArrayDeque<>();
    for (Path p = parent; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
      missing.push(p);
    }
    for (Path p : missing) {
      Files.createDirectory(p);
      created.push(p);
    }
  }

  /** Deletes what this create made, newest first; failures are logged, never thrown. */
  private static void rollback(Deque<Path> created) {
    while (!created.isEmpty()) {
      Path p = created.pop();
      try {
        FileTrees.deleteRecursively(p);
      } catch (IOException e) {
        LOG.warn("could not remove {} after a failed create: {}", p, e.toString());
      }
    }
  }
}
