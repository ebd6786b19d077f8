package dev.fastfn.console;

import dev.fastfn.config.DepsSettings;
import dev.fastfn.discovery.FileHead;
import dev.fastfn.discovery.FileKinds;
import dev.fastfn.gateway.HttpJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The dependency parts of the function detail (console-api.md §4.8): {@code metadata.python}
 * (requirements.txt entries, inline {@code #@requirements} hints), {@code metadata.node}
 * (package.json dependencies) and {@code metadata.dependency_resolution} (the deps installer's
 * {@code .fastfn-deps-state.json}, passed through unmodified). Reads files; never writes.
 */
final class ManifestInfo {
  static final String DEPS_STATE = ".fastfn-deps-state.json";
  private static final int REQUIREMENTS_LIMIT = 128 * 1024;
  private static final int INLINE_LINES = 40;
  /** Handlers shorter than this are checked for "requirements" in one read before any line is matched. */
  private static final int INLINE_SCAN_BYTES = 16 * 1024;
  private static final Pattern INLINE = Pattern.compile("^\\s*#@?requirements\\s+(.+)$");
  private static final Pattern REQ_NAME = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)");

  private ManifestInfo() {}

  /** The state file's JSON object, or null when absent or unreadable. */
  static JsonNode dependencyResolution(Path dir) {
    JsonNode n = readJson(dir.resolve(DEPS_STATE));
    return n != null && n.isObject() ? n : null;
  }

  static ObjectNode python(Path dir, Path entry, DepsSettings deps) {
    ObjectNode req = HttpJson.object();
    ArrayNode inline = req.putArray("inline");
    inlineRequirements(entry).forEach(inline::add);
    Path file = dir.resolve("requirements.txt");
    req.put("file_path", file.toString());
    boolean exists = FileKinds.isFile(file);
    req.put("file_exists", exists);
    boolean truncated = false;
    TreeSet<String> entries = new TreeSet<>();
    if (exists) {
      try {
        byte[] all = Files.readAllBytes(file);
        truncated = all.length > REQUIREMENTS_LIMIT;
        String text = new String(all, 0, Math.min(all.length, REQUIREMENTS_LIMIT), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
          String t = line.strip();
          if (t.isEmpty() || t.startsWith("#") || t.startsWith("-")) {
            continue;
          }
          Matcher m = REQ_NAME.matcher(t);
          if (m.find()) {
            entries.add(m.group(1));
          }
        }
      } catch (IOException e) {
        // an unreadable file reads as empty; the installer reports the real error
      }
    }
    req.put("file_truncated", truncated);
    ArrayNode fe = req.putArray("file_entries");
    entries.forEach(fe::add);
    req.put("auto_install_enabled", deps.autoRequirements());
    ObjectNode out = HttpJson.object();
    out.set("requirements", req);
    return out;
  }

  static ObjectNode node(Path dir, DepsSettings deps) {
    ObjectNode out = HttpJson.object();
    Path pkg = dir.resolve("package.json");
    out.put("package_json_path", pkg.toString());
    boolean exists = FileKinds.isFile(pkg);
    JsonNode p = exists ? readJson(pkg) : null;
    out.put("package_json_exists", exists);
    if (p != null && p.path("name").isString()) {
      out.put("package_name", p.get("name").stringValue());
    }
    for (String lock : List.of("package-lock.json", "npm-shrinkwrap.json")) {
      if (FileKinds.isFile(dir.resolve(lock))) {
        out.put("lock_file", lock);
        break;
      }
    }
    names(out, "dependency_count", "dependencies", p == null ? null : p.get("dependencies"));
    names(out, "dev_dependency_count", "dev_dependencies", p == null ? null : p.get("devDependencies"));
    out.put("auto_install_enabled", deps.autoNodeDeps());
    return out;
  }

  private static void names(ObjectNode out, String countKey, String listKey, JsonNode deps) {
    TreeSet<String> names = new TreeSet<>();
    if (deps != null && deps.isObject()) {
      names.addAll(deps.propertyNames());
    }
    out.put(countKey, names.size());
    ArrayNode a = out.putArray(listKey);
    names.forEach(a::add);
  }

  /** Packages named by {@code #requirements a, b} / {@code #@requirements a b} in the first 40 lines. */
  static List<String> inlineRequirements(Path entry) {
    TreeSet<String> out = new TreeSet<>();
    if (entry == null || !entry.getFileName().toString().endsWith(".py")) {
      return List.of();
    }
    if (!FileHead.mayMention(entry, INLINE_SCAN_BYTES, "requirements")) {
      return List.of(); // the usual handler: settled by one read
    }
    try (var lines = Files.lines(entry, StandardCharsets.UTF_8)) {
      lines.limit(INLINE_LINES).forEach(line -> {
        Matcher m = INLINE.matcher(line);
        if (m.matches()) {
          for (String t : m.group(1).split("[,\\s]+")) {
            if (!t.isBlank()) {
              out.add(t.trim());
            }
          }
        }
      });
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of();
    }
    return List.copyOf(out);
  }

  static JsonNode readJson(Path f) {
    if (!FileKinds.isFile(f)) {
      return null;
    }
    try {
      if (Files.size(f) > 1024 * 1024) {
        return null;
      }
      return HttpJson.MAPPER.readTree(Files.readAllBytes(f));
    } catch (IOException | JacksonException e) {
      return null;
    }
  }

}
