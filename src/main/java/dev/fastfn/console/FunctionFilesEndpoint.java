package dev.fastfn.console;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /_fn/function-files}: the files of a function folder ({@code name}, {@code path},
 * {@code size}, {@code type} = handler|config|env|deps|lock|file), up to 3 levels deep, without
 * dot-entries, symlinks, installed dependency folders or anything of other functions or of the server
 * ({@link FileScope}), plus the version subfolders. Names only:
 * contents go through the file-content endpoint, which never serves fn.env.json (D9).
 */
final class FunctionFilesEndpoint implements ControlHandler {
  private static final int MAX_DEPTH = 3;
  private static final int MAX_FILES = 2000;
  private static final Set<String> SKIPPED_DIRS = Set.of("node_modules", "__pycache__");
  private static final Set<String> DEPS = Set.of("requirements.txt", "package.json");
  private static final Set<String> LOCKS = Set.of("package-lock.json", "npm-shrinkwrap.json", "requirements.lock.txt");

  private final List<RuntimeKind> runtimes;
  private final FunctionLocator locator;

  FunctionFilesEndpoint(List<RuntimeKind> runtimes, FunctionLocator locator) {
    this.runtimes = runtimes;
    this.locator = locator;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) throws IOException {
    String method = Guard.method(req);
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw ConsoleResponses.notAllowed("GET");
    }
    FunctionRef ref = FunctionRef.fromQuery(ConsoleRequests.query(req), runtimes, false);
    FileScope scope = locator.scope(ref);
    Path dir = scope.dir();
    ObjectNode out = HttpJson.object();
    out.put("runtime", ref.runtime().id());
    out.put("name", ref.name());
    if (ref.version() != null) {
      out.put("version", ref.version());
    }
    out.put("function_dir", dir.toString());
    ArrayNode files = out.putArray("files");
    for (Path p : list(scope)) {
      ObjectNode f = files.addObject();
      String rel = dir.relativize(p).toString().replace('\\', '/');
      f.put("name", p.getFileName().toString());
      f.put("path", rel);
      f.put("size", Files.size(p));
      f.put("type", type(p.getFileName().toString(), ref.runtime()));
    }
    ArrayNode versions = out.putArray("versions");
    versions(scope, ref.runtime()).forEach(versions::add);
    HttpJson.ok(res, out);
  }

  static String type(String fileName, RuntimeKind runtime) {
    if (fileName.equals(ConfigFile.NAME)) {
      return "config";
    }
    if (fileName.equals(EnvFile.FILE_NAME)) {
      return "env";
    }
    if (DEPS.contains(fileName)) {
      return "deps";
    }
    if (LOCKS.contains(fileName)) {
      return "lock";
    }
    return runtime.entryCandidates().contains(fileName) ? "handler" : "file";
  }

  private static List<Path> list(FileScope scope) throws IOException {
    Path dir = scope.dir();
    List<Path> out = new ArrayList<>();
    Files.walkFileTree(dir, Set.of(), MAX_DEPTH + 1, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        if (d.equals(dir)) {
          return FileVisitResult.CONTINUE;
        }
        String n = d.getFileName().toString();
        return n.startsWith(".") || SKIPPED_DIRS.contains(n) || scope.closedDirs().contains(d)
            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && !f.getFileName().toString().startsWith(".") && !scope.closedFiles().contains(f)) {
          out.add(f);
        }
        return out.size() >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path f, IOException exc) {
        return FileVisitResult.CONTINUE;
      }
    });
    out.sort(Comparator.comparing(p -> dir.relativize(p).toString()));
    return out;
  }

  private static List<String> versions(FileScope scope, RuntimeKind runtime) throws IOException {
    TreeSet<String> out = new TreeSet<>();
    try (Stream<Path> s = Files.list(scope.dir())) {
      s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !scope.closedDirs().contains(p))
          .filter(p -> ConsoleNames.isVersion(p.getFileName().toString()))
          .filter(p -> runtime.entryCandidates().stream()
              .anyMatch(c -> Files.isRegularFile(p.resolve(c), LinkOption.NOFOLLOW_LINKS)))
          .forEach(p -> out.add(p.getFileName().toString()));
    } catch (IOException e) {
      throw new FnHttpException.InternalError("cannot list function folder: " + e.getMessage());
    }
    return List.copyOf(out);
  }
}
