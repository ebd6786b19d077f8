package dev.fastfn.console;

import dev.fastfn.discovery.AtomicFiles;

import dev.fastfn.gateway.HttpJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A function's raw {@code fn.config.json}: read as a JSON object, written atomically (compact + newline). */
final class ConfigFile {
  static final String NAME = "fn.config.json";
  private static final long MAX_BYTES = 1024 * 1024;

  private ConfigFile() {}

  /** The stored object; empty when the file is missing, a symlink, too large or not a JSON object. */
  static Optional<ObjectNode> read(Path dir) {
    Path f = dir.resolve(NAME);
    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      if (Files.size(f) > MAX_BYTES) {
        return Optional.empty();
      }
      JsonNode n = HttpJson.MAPPER.readTree(Files.readAllBytes(f));
      return n != null && n.isObject() ? Optional.of((ObjectNode) n) : Optional.empty();
    } catch (IOException | JacksonException e) {
      return Optional.empty();
    }
  }

  static boolean exists(Path dir) {
    return Files.exists(dir.resolve(NAME), LinkOption.NOFOLLOW_LINKS);
  }

  static void write(Path dir, ObjectNode config) throws IOException {
    AtomicFiles.write(dir.resolve(NAME),
        (HttpJson.MAPPER.writeValueAsString(config) + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
