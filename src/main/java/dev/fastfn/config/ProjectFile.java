package dev.fastfn.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code fastfn.json}: project defaults for the CLI (routing.md §5.3). Its values only fill FN_*
 * variables the environment does not set (flag > env > fastfn.json > default).
 *
 * @param functionsDir {@code functions-dir} (or alias), or null
 * @param env FN_* values derived from the file
 */
public record ProjectFile(Path path, String functionsDir, Map<String, String> env, JsonNode raw) {
  public ProjectFile {
    env = Map.copyOf(env);
  }

  public static ProjectFile none() {
    return new ProjectFile(null, null, Map.of(), null);
  }

  /** Loads {@code explicit} (must exist) or {@code ./fastfn.json} (optional). */
  public static ProjectFile load(Path explicit, Path cwd) {
    Path p = explicit != null ? explicit : cwd.resolve("fastfn.json");
    if (explicit == null && !Files.isRegularFile(p)) {
      return none();
    }
    JsonNode root;
    try {
      root = JsonMapper.builder().build().readTree(Files.readString(p));
    } catch (IOException | JacksonException e) {
      throw new EnvReader.InvalidConfigException("cannot read " + p + ": " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new EnvReader.InvalidConfigException(p + " must contain a JSON object");
    }
    Map<String, String> env = new LinkedHashMap<>();
    String dir = text(root, "functions-dir", "functions_dir", "functionsDir");
    putText(env, "FN_PUBLIC_BASE_URL", text(root, "public-base-url", "public_base_url", "publicBaseUrl"));
    putBool(env, "FN_OPENAPI_INCLUDE_INTERNAL", bool(root, "openapi-include-internal", "openapi_include_internal",
        "openapiIncludeInternal", "swagger-include-admin", "swagger_include_admin", "swaggerIncludeAdmin"));
    JsonNode openapi = root.get("openapi");
    if (openapi != null && openapi.isObject()) {
      putBool(env, "FN_OPENAPI_INCLUDE_INTERNAL", bool(openapi, "include-internal", "include_internal", "includeInternal"));
    }
    putBool(env, "FN_FORCE_URL", bool(root, "force-url", "force_url", "forceUrl"));
    putBool(env, "FN_HOT_RELOAD", bool(root, "hot-reload", "hot_reload", "hotReload"));
    JsonNode daemons = first(root, "runtime-daemons", "runtime_daemons", "runtimeDaemons");
    if (daemons != null) {
      if (daemons.isObject()) {
        StringBuilder sb = new StringBuilder();
        for (var e : daemons.properties()) {
          if (sb.length() > 0) {
            sb.append(',');
          }
          sb.append(e.getKey()).append('=').append(e.getValue().asString());
        }
        env.put("FN_RUNTIME_DAEMONS", sb.toString());
      } else if (daemons.isString()) {
        env.put("FN_RUNTIME_DAEMONS", daemons.asString());
      }
    }
    JsonNode bins = first(root, "runtime-binaries", "runtime_binaries", "runtimeBinaries");
    if (bins != null && bins.isObject()) {
      for (var e : bins.properties()) {
        if (e.getValue().isString()) {
          env.put("FN_" + e.getKey().toUpperCase(java.util.Locale.ROOT) + "_BIN", e.getValue().asString());
        }
      }
    }
    return new ProjectFile(p, dir, env, root);
  }

  private static JsonNode first(JsonNode root, String... names) {
    for (String n : names) {
      JsonNode v = root.get(n);
      if (v != null && !v.isNull()) {
        return v;
      }
    }
    return null;
  }

  private static String text(JsonNode root, String... names) {
    JsonNode v = first(root, names);
    return v != null && v.isString() && !v.asString().isBlank() ? v.asString().trim() : null;
  }

  private static Boolean bool(JsonNode root, String... names) {
    JsonNode v = first(root, names);
    if (v == null) {
      return null;
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    return List.of("1", "true", "yes", "on").contains(v.asString().trim().toLowerCase(java.util.Locale.ROOT));
  }

  private static void putText(Map<String, String> env, String key, String v) {
    if (v != null) {
      env.put(key, v);
    }
  }

  private static void putBool(Map<String, String> env, String key, Boolean v) {
    if (v != null) {
      env.put(key, v ? "1" : "0");
    }
  }
}
