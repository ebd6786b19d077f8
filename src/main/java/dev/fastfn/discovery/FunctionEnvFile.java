package dev.fastfn.discovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes {@code fn.env.json} (routing.md §5.2): a JSON object whose values are scalars
 * (stringified) or {@code {"value": <scalar>, "is_secret": <bool>}}; null values are skipped.
 * Stateless and thread-safe; writes are atomic (temp file + rename in the same folder).
 */
public final class FunctionEnvFile {
  public static final String FILE_NAME = "fn.env.json";
  private static final long MAX_FILE_BYTES = 1 << 20;

  /** One variable; {@code secret} is the {@code is_secret} flag (the console masks such values). */
  public record EnvEntry(String value, boolean secret) {
    public EnvEntry {
      java.util.Objects.requireNonNull(value, "value");
    }
  }

  private FunctionEnvFile() {}

  /**
   * Entries in file order. A missing file (or a symlink, never followed) is empty.
   *
   * @throws IOException when the file cannot be read or is not a JSON object; the message names the
   *     problem ("invalid JSON: ... at line 1, column 2")
   */
  public static Map<String, EnvEntry> read(Path file) throws IOException {
    if (!FileKinds.isFile(file)) {
      return Map.of();
    }
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new IOException("file is larger than 1 MiB");
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    JsonNode root;
    try {
      root = FnConfigParser.mapper().readTree(text);
    } catch (JacksonException e) {
      throw new IOException("invalid JSON: " + FnConfigParser.describe(e), e);
    }
    if (root == null || root.isMissingNode()) {
      return Map.of(); // empty file
    }
    if (!root.isObject()) {
      throw new IOException("must be a JSON object");
    }
    Map<String, EnvEntry> out = new LinkedHashMap<>();
    for (var e : root.properties()) {
      JsonNode v = e.getValue();
      boolean secret = false;
      if (v.isObject()) {
        JsonNode s = v.get("is_secret");
        secret = s != null && s.isBoolean() && s.booleanValue();
        v = v.get("value");
        if (v == null) {
          continue;
        }
      }
      String str = scalar(v);
      if (str != null) {
        out.put(e.getKey(), new EnvEntry(str, secret));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Replaces the file with {@code entries}: plain entries as strings, secret ones as
   * {@code {"value": "...", "is_secret": true}}. Refuses to write through a symlink.
   */
  public static void write(Path file, Map<String, EnvEntry> entries) throws IOException {
    if (Files.isSymbolicLink(file)) {
      throw new IOException("symlink target is not allowed");
    }
    ObjectNode root = FnConfigParser.mapper().createObjectNode();
    for (var e : entries.entrySet()) {
      EnvEntry v = e.getValue();
      if (v.secret()) {
        ObjectNode o = root.putObject(e.getKey());
        o.put("value", v.value());
        o.put("is_secret", true);
      } else {
        root.put(e.getKey(), v.value());
      }
    }
    String text = FnConfigParser.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    writeAtomically(file, text);
  }

  /** Writes {@code text} to a temp file next to {@code file} and renames it over {@code file}. */
  static void writeAtomically(Path file, String text) throws IOException {
    AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
  }


  private static String scalar(JsonNode v) {
    if (v == null || v.isNull() || v.isContainer()) {
      return null;
    }
    if (v.isString()) {
      return v.stringValue();
    }
    if (v.isBoolean()) {
      return Boolean.toString(v.booleanValue());
    }
    if (v.isNumber()) {
      return v.isIntegralNumber() ? v.bigIntegerValue().toString() : v.numberValue().toString();
    }
    return v.asString();
  }
}
