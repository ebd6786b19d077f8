package dev.fastfn.console;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.config.RuntimeKind;
import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.HttpJson;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /_fn/packs} (console-api.md §4.5): the shared dependency packs under
 * {@code <root>/.fastfn/packs/<runtime>/<pack>}, with what each holds. Every enabled runtime appears,
 * with {@code packs: []} when it has none (D5). Folder names outside {@code [a-zA-Z0-9_-]} are skipped.
 */
final class PacksEndpoint implements ControlHandler {
  private final FastfnConfig config;
  private final Clock clock;

  PacksEndpoint(FastfnConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    String method = Guard.method(req);
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw ConsoleResponses.notAllowed("GET");
    }
    Path packsRoot = config.functionsRoot().resolve(".fastfn").resolve("packs");
    ObjectNode out = HttpJson.object();
    out.put("generated_at", ConsoleResponses.epochSeconds(clock.instant()));
    out.put("packs_root", packsRoot.toString());
    ObjectNode rts = out.putObject("runtimes");
    TreeSet<String> names = new TreeSet<>();
    config.runtimes().forEach(k -> names.add(k.id()));
    names.addAll(children(packsRoot));
    for (String rt : names) {
      ArrayNode packs = rts.putObject(rt).putArray("packs");
      Path rtDir = packsRoot.resolve(rt);
      for (String name : children(rtDir)) {
        packs.add(pack(rtDir.resolve(name), name, RuntimeKind.parse(rt).orElse(null)));
      }
    }
    HttpJson.ok(res, out);
  }

  private static ObjectNode pack(Path dir, String name, RuntimeKind runtime) {
    ObjectNode p = HttpJson.object();
    p.put("name", name);
    p.put("dir", dir.toString());
    if (runtime != RuntimeKind.NODE) {
      p.put("requirements_txt", Files.isRegularFile(dir.resolve("requirements.txt"), LinkOption.NOFOLLOW_LINKS));
      p.put("deps_dir", Files.isDirectory(dir.resolve(".deps"), LinkOption.NOFOLLOW_LINKS));
    }
    if (runtime != RuntimeKind.PYTHON) {
      p.put("package_json", Files.isRegularFile(dir.resolve("package.json"), LinkOption.NOFOLLOW_LINKS));
      for (String lock : List.of("package-lock.json", "npm-shrinkwrap.json")) {
        if (Files.isRegularFile(dir.resolve(lock), LinkOption.NOFOLLOW_LINKS)) {
          p.put("lock_file", lock);
          break;
        }
      }
      p.put("node_modules", Files.isDirectory(dir.resolve("node_modules"), LinkOption.NOFOLLOW_LINKS));
    }
    return p;
  }

  /** Sorted names of real (non-symlink) subfolders with pack-safe names; empty when dir is missing. */
  private static List<String> children(Path dir) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    TreeSet<String> out = new TreeSet<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> p.getFileName().toString())
          .filter(ConsoleNames::isPackName)
          .forEach(out::add);
    } catch (IOException e) {
      return List.of();
    }
    return List.copyOf(out);
  }
}
