package dev.fastfn.console;

import dev.fastfn.discovery.AtomicFiles;
import dev.fastfn.discovery.FileKinds;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A function's {@code fn.env.json} (security-cli-ui.md A11.1): read leniently, patched, and written
 * back atomically with every key in object form {@code {"KEY":{"value":..,"is_secret":..}}}.
 * Views for clients mask secret values as {@code <hidden>}.
 *
 * <p>Written here because the discovery package has no writer yet; discovery reads the same file
 * format into {@code FunctionSpec.env()} / {@code secretKeys()}.
 */
final class EnvFile {
  static final String FILE_NAME = "fn.env.json";
  static final String HIDDEN = "<hidden>";
  private static final long MAX_BYTES = 256 * 1024;
  private static final List<String> SECRET_HINTS = List.of(
      "secret", "token", "password", "passwd", "pwd", "api_key", "apikey", "private_key", "auth", "credential");

  private EnvFile() {}

  /** One variable. @param value a scalar JSON node (string, number or boolean) */
  record Entry(JsonNode value, boolean secret) {}

  static boolean exists(Path dir) {
    return FileKinds.isFile(dir.resolve(FILE_NAME));
  }

  /** The entries, sorted by key; a missing, symlinked, oversized or invalid file reads as empty. */
  static TreeMap<String, Entry> read(Path dir) {
    TreeMap<String, Entry> out = new TreeMap<>();
    Path f = dir.resolve(FILE_NAME);
    if (!FileKinds.isFile(f)) {
      return out;
    }
    JsonNode root;
    try {
      if (Files.size(f) > MAX_BYTES) {
        return out;
      }
      root = HttpJson.MAPPER.readTree(Files.readAllBytes(f));
    } catch (IOException | JacksonException e) {
      return out;
    }
    if (root == null || !root.isObject()) {
      return out;
    }
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      JsonNode v = e.getValue();
      if (isScalar(v)) {
        out.put(e.getKey(), new Entry(v, looksSecret(e.getKey())));
      } else if (v.isObject() && isScalar(v.get("value"))) {
        JsonNode s = v.get("is_secret");
        out.put(e.getKey(), new Entry(v.get("value"), s != null && s.isBoolean() && s.booleanValue()));
      }
    }
    return out;
  }

  /**
   * Applies a PUT body to {@code current} (mutated): scalar sets, null deletes, {@code {"value":..,
   * "is_secret":..}} sets both, {@code "<hidden>"} keeps the stored value. Validates the whole body
   * before changing anything.
   */
  static void apply(TreeMap<String, Entry> current, ObjectNode patch) {
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      validate(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      String key = e.getKey();
      JsonNode v = e.getValue();
      Entry old = current.get(key);
      if (v.isNull()) {
        current.remove(key);
      } else if (isScalar(v)) {
        if (isHidden(v)) {
          continue; // a masked value sent back unchanged: keep what is stored
        }
        current.put(key, new Entry(v, old != null ? old.secret() : looksSecret(key)));
      } else {
        JsonNode value = v.get("value");
        JsonNode flag = v.get("is_secret");
        boolean secret = flag != null && !flag.isNull() ? flag.booleanValue()
            : old != null ? old.secret() : looksSecret(key);
        if (value.isNull()) {
          current.remove(key);
        } else if (isHidden(value)) {
          if (old != null) {
            current.put(key, new Entry(old.value(), secret));
          }
        } else {
          current.put(key, new Entry(value, secret));
        }
      }
    }
  }

  private static void validate(String key, JsonNode v) {
    if (key.isEmpty() || key.length() > 200 || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0) {
      throw new FnHttpException.BadRequest("env keys must be non-empty strings without '=' (got '" + key + "')");
    }
    if (v.isNull() || isScalar(v)) {
      return;
    }
    if (!v.isObject()) {
      throw new FnHttpException.BadRequest(
          "env values must be string|number|boolean|null or {value,is_secret} (key " + key + ")");
    }
    if (!v.has("value")) {
      throw new FnHttpException.BadRequest("env entry objects must include value (key " + key + ")");
    }
    JsonNode value = v.get("value");
    if (!value.isNull() && !isScalar(value)) {
      throw new FnHttpException.BadRequest("env value must be string|number|boolean|null (key " + key + ")");
    }
    JsonNode flag = v.get("is_secret");
    if (flag != null && !flag.isNull() && !flag.isBoolean()) {
      throw new FnHttpException.BadRequest("is_secret must be true or false (key " + key + ")");
    }
    for (String k : v.propertyNames()) {
      if (!k.equals("value") && !k.equals("is_secret")) {
        throw new FnHttpException.BadRequest("env entry for " + key + " has unknown field: " + k);
      }
    }
  }

  /** Writes every entry in object form, atomically. */
  static void write(Path dir, Map<String, Entry> entries) throws IOException {
    ObjectNode root = HttpJson.object();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      ObjectNode o = root.putObject(e.getKey());
      o.set("value", e.getValue().value());
      o.put("is_secret", e.getValue().secret());
    }
    AtomicFiles.write(dir.resolve(FILE_NAME), (HttpJson.MAPPER.writeValueAsString(root) + "\n")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The client view: {@code {KEY:{value|"<hidden>", is_secret}}}, keys sorted. */
  static ObjectNode masked(Map<String, Entry> entries) {
    ObjectNode out = HttpJson.object();
    for (Map.Entry<String, Entry> e : new TreeMap<>(entries).entrySet()) {
      ObjectNode o = out.putObject(e.getKey());
      if (e.getValue().secret()) {
        o.put("value", HIDDEN);
      } else {
        o.set("value", e.getValue().value());
      }
      o.put("is_secret", e.getValue().secret());
    }
    return out;
  }

  static boolean looksSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return SECRET_HINTS.stream().anyMatch(k::contains);
  }

  private static boolean isScalar(JsonNode v) {
    return v != null && (v.isString() || v.isNumber() || v.isBoolean());
  }

  private static boolean isHidden(JsonNode v) {
    return v.isString() && HIDDEN.equals(v.stringValue());
  }
}
