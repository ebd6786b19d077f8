package dev.fastfn.console;

import dev.fastfn.discovery.AtomicFiles;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET|PUT|DELETE /_fn/function-file-content?runtime=&name=[&version=]&path=}: read, write and
 * delete helper files inside one function folder (D13). Paths are checked before any access: relative,
 * no '..', no symlink anywhere on the way out of the folder, nothing hidden and nothing of another
 * function or of the server ({@link FileScope}). fn.env.json and fn.config.json are never
 * read or written here (D9): they have their own masked, validated endpoints. Writes are atomic and
 * followed by a rescan, so changed helpers are used by the next request.
 */
final class FileContentEndpoint implements ControlHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FileContentEndpoint.class);
  static final int FILE_LIMIT = 1024 * 1024;
  private static final Set<String> MANAGED = Set.of(EnvFile.FILE_NAME, ConfigFile.NAME);

  private final List<RuntimeKind> runtimes;
  private final CatalogHolder catalogs;
  private final FunctionLocator locator;
  private final FunctionLocks locks;
  private final Settle settle;

  FileContentEndpoint(List<RuntimeKind> runtimes, CatalogHolder catalogs, FunctionLocator locator,
      FunctionLocks locks, Settle settle) {
    this.runtimes = runtimes;
    this.catalogs = catalogs;
    this.locator = locator;
    this.locks = locks;
    this.settle = settle;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) throws IOException {
    String method = Guard.method(req);
    if (!Set.of("GET", "HEAD", "PUT", "DELETE").contains(method)) {
      throw ConsoleResponses.notAllowed("GET", "PUT", "DELETE");
    }
    Map<String, Object> q = ConsoleRequests.query(req);
    if (ConsoleRequests.param(q, "runtime") == null || ConsoleRequests.param(q, "name") == null) {
      throw new FnHttpException.BadRequest("runtime and name required");
    }
    FunctionRef ref = FunctionRef.fromQuery(q, runtimes, false);
    switch (method) {
      case "PUT" -> put(req, res, ref);
      case "DELETE" -> delete(res, ref, ConsoleRequests.param(q, "path"));
      default -> get(res, ref, ConsoleRequests.param(q, "path"));
    }
  }

  private void get(ServerResponse res, FunctionRef ref, String rel) throws IOException {
    Path file = resolve(locator.scope(ref), rel, "read");
    if (Files.isSymbolicLink(file)) {
      throw new FnHttpException.Forbidden("symlink not allowed");
    }
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new FnHttpException.NotFound("file not found");
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new FnHttpException.BadRequest("path is not a file");
    }
    byte[] b;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      b = in.readNBytes(FILE_LIMIT + 1);
    }
    ObjectNode out = HttpJson.object();
    out.put("content", new String(b, 0, Math.min(b.length, FILE_LIMIT), StandardCharsets.UTF_8));
    out.put("path", rel);
    out.put("truncated", b.length > FILE_LIMIT);
    HttpJson.ok(res, out);
  }

  private void put(ServerRequest req, ServerResponse res, FunctionRef ref) {
    ObjectNode body = ConsoleRequests.readObject(req, 2L * FILE_LIMIT + 65_536);
    JsonNode p = body.get("path");
    if (p == null || !p.isString()) {
      throw new FnHttpException.BadRequest("path and content required in JSON body");
    }
    JsonNode c = body.get("content");
    if (c != null && !c.isNull() && !c.isString()) {
      throw new FnHttpException.BadRequest("content required (a string)");
    }
    String rel = p.stringValue();
    byte[] content = c == null || c.isNull() ? new byte[0] : c.stringValue().getBytes(StandardCharsets.UTF_8);
    if (content.length > FILE_LIMIT) {
      throw new FnHttpException.BadRequest("file too large (max 1 MB)");
    }
    FileScope scope = locator.scope(ref);
    Path dir = scope.dir();
    Path file = resolve(scope, rel, "write");
    Catalog after = locks.with(dir, () -> {
      Deque<Path> createdDirs = new ArrayDeque<>();
      try {
        for (Path d = file.getParent(); !d.equals(dir) && !Files.exists(d, LinkOption.NOFOLLOW_LINKS);
            d = d.getParent()) {
          createdDirs.push(d);
        }
        for (Path d = file.getParent(); !d.equals(dir); d = d.getParent()) {
          if (Files.exists(d, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
            throw new FnHttpException.BadRequest("a file is in the way of " + rel);
          }
        }
        for (Path d : createdDirs) {
          Files.createDirectory(d);
        }
        if (!FunctionLocator.isInside(dir, file)) {
          throw new FnHttpException.BadRequest("path outside function directory");
        }
        AtomicFiles.write(file, content);
      } catch (IOException e) {
        throw ConsoleResponses.failure("file", e);
      }
      LOG.info("fn={} file {} written ({} bytes)", ref.label(), rel, content.length);
      return catalogs.rescanAfterWriting(dir);
    });
    settle.after(after, ref);
    ObjectNode out = HttpJson.object();
    out.put("ok", true);
    out.put("path", rel);
    HttpJson.ok(res, out);
  }

  private void delete(ServerResponse res, FunctionRef ref, String rel) {
    FileScope scope = locator.scope(ref);
    Path dir = scope.dir();
    Path file = resolve(scope, rel, "delete");
    Catalog c = catalogs.get();
    if (c.lookup(ref.runtime(), ref.name(), ref.version()) instanceof Catalog.Lookup.Found f
        && f.spec().entryFile().equals(file)) {
      throw new FnHttpException.BadRequest("cannot delete the main handler file");
    }
    Catalog after = locks.with(dir, () -> {
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new FnHttpException.NotFound("file not found");
      }
      try {
        FileTrees.deleteRecursively(file);
      } catch (IOException e) {
        throw new FnHttpException.BadRequest("failed to delete file: " + e.getMessage());
      }
      LOG.info("fn={} file {} deleted", ref.label(), rel);
      return catalogs.rescanAfterWriting(dir);
    });
    settle.after(after, ref);
    ObjectNode out = HttpJson.object();
    out.put("ok", true);
    out.put("path", rel);
    HttpJson.ok(res, out);
  }

  /**
   * Validates {@code rel} and resolves it inside the scope's folder: 400 for a missing or malformed
   * path, one that leaves the folder (also through a symlinked parent) or one out of the scope's
   * reach, 403 for fn.env.json / fn.config.json.
   */
  static Path resolve(FileScope scope, String rel, String action) {
    Path dir = scope.dir();
    if (rel == null || rel.isEmpty()) {
      throw new FnHttpException.BadRequest("path required");
    }
    if (!ConsoleNames.isFilePath(rel)) {
      throw new FnHttpException.BadRequest("invalid path");
    }
    String base = rel.substring(rel.lastIndexOf('/') + 1);
    if (MANAGED.contains(base)) {
      String api = base.equals(EnvFile.FILE_NAME) ? "/_fn/function-env" : "/_fn/function-config";
      throw new FnHttpException.Forbidden("cannot " + action + " " + base + " here; use " + api);
    }
    Path file = dir.resolve(rel).normalize();
    if (!file.startsWith(dir) || file.equals(dir) || !FunctionLocator.isInside(dir, file)) {
      throw new FnHttpException.BadRequest("path outside function directory");
    }
    scope.check(rel, file);
    return file;
  }
}
