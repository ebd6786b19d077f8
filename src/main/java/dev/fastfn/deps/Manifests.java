package dev.fastfn.deps;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.FunctionSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The dependency parts of the console's function detail (console-api.md §4.8 {@code metadata}): what
 * the manifests declare, read straight from the files. Pure reads; thread-safe.
 */
public final class Manifests {
  /** The console reads inline requirements from the first 40 lines (the installer from the first 30). */
  private static final int CONSOLE_INLINE_LINES = 40;
  private static final int MAX_REQUIREMENTS_BYTES = 128 * 1024;
  /** shared_deps entries the console shows (console-api.md §3.4, create regex). */
  private static final Pattern CONFIGURED_PACK = Pattern.compile("^[a-zA-Z0-9_/-]+$");

  private Manifests() {}

  /**
   * Returns {@code {python:{requirements:{inline, file_path, file_exists, file_truncated, file_entries,
   * auto_install_enabled}}, node:{package_json_path, package_json_exists, package_name?, lock_file?,
   * dependency_count, dependencies, dev_dependency_count, dev_dependencies, auto_install_enabled},
   * shared_deps:{packs_root, configured}}}; the caller merges these keys into {@code metadata}. Both
   * runtime sections are present for every function, as in the reference.
   */
  public static ObjectNode describe(FastfnConfig config, FunctionSpec fn) {
    ObjectNode out = DepsJson.NODES.objectNode();
    out.putObject("python").set("requirements", python(config, fn));
    out.set("node", node(config, fn.functionDir()));
    ObjectNode shared = out.putObject("shared_deps");
    shared.put("packs_root", config.functionsRoot().resolve(".fastfn").resolve("packs").resolve(fn.runtime().id())
        .toString());
    ArrayNode configured = shared.putArray("configured");
    new LinkedHashSet<>(fn.policy().sharedDeps()).stream()
        .filter(p -> CONFIGURED_PACK.matcher(p).matches())
        .forEach(configured::add);
    return out;
  }

  private static ObjectNode python(FastfnConfig config, FunctionSpec fn) {
    ObjectNode r = DepsJson.NODES.objectNode();
    ArrayNode inline = r.putArray("inline");
    if (fn.runtime() == RuntimeKind.PYTHON && fn.entryFile() != null) {
      new TreeSet<>(Requirements.inline(fn.entryFile(), CONSOLE_INLINE_LINES)).forEach(inline::add);
    }
    Path file = fn.functionDir().resolve("requirements.txt");
    r.put("file_path", file.toString());
    boolean exists = Files.isRegularFile(file);
    r.put("file_exists", exists);
    boolean truncated = false;
    String text = null;
    if (exists) {
      try (InputStream in = Files.newInputStream(file)) {
        byte[] bytes = in.readNBytes(MAX_REQUIREMENTS_BYTES + 1);
        truncated = bytes.length > MAX_REQUIREMENTS_BYTES;
        text = new String(bytes, 0, Math.min(bytes.length, MAX_REQUIREMENTS_BYTES), StandardCharsets.UTF_8);
      } catch (IOException e) {
        text = null;
      }
    }
    r.put("file_truncated", truncated);
    ArrayNode entries = r.putArray("file_entries");
    new TreeSet<>(Requirements.names(text)).forEach(entries::add);
    r.put("auto_install_enabled", config.deps().autoRequirements());
    return r;
  }

  private static ObjectNode node(FastfnConfig config, Path dir) {
    ObjectNode n = DepsJson.NODES.objectNode();
    Path pkg = dir.resolve("package.json");
    n.put("package_json_path", pkg.toString());
    String text = Dirs.readIfExists(pkg);
    n.put("package_json_exists", text != null);
    JsonNode json = null;
    if (text != null) {
      try {
        json = DepsJson.MAPPER.readTree(text);
      } catch (RuntimeException e) {
        json = null; // invalid package.json: shown as existing, with no dependencies
      }
    }
    if (json != null && json.path("name").isString()) {
      n.put("package_name", json.path("name").asString());
    }
    Path lock = NodeInstaller.lockFile(dir);
    if (lock != null) {
      n.put("lock_file", lock.getFileName().toString());
    }
    List<String> deps = keys(json, "dependencies");
    List<String> dev = keys(json, "devDependencies");
    n.put("dependency_count", deps.size());
    deps.forEach(n.putArray("dependencies")::add);
    n.put("dev_dependency_count", dev.size());
    dev.forEach(n.putArray("dev_dependencies")::add);
    n.put("auto_install_enabled", config.deps().autoNodeDeps());
    return n;
  }

  private static List<String> keys(JsonNode json, String field) {
    if (json == null || !json.path(field).isObject()) {
      return List.of();
    }
    return new ArrayList<>(new TreeSet<>(json.path(field).propertyNames()));
  }
}
