package dev.fastfn.discovery;

import dev.fastfn.config.RuntimeKind;
import java.nio.file.Path;

/**
 * One invocable unit: a function version (runtime-scoped or explicit folder) or a file route target.
 * This is what the router hands to the Invoker and what a worker pool runs. Immutable.
 *
 * @param key unique id "{runtime}/{name}@{version|default}", e.g. "node/greet@v2", "python/get.hello.py@default"
 * @param runtime runtime that runs it
 * @param name function name ("greet", "api/users") or, for file routes, the root-relative file path
 *     ("items/[id].js")
 * @param version version label, or null for the default version
 * @param kind FUNCTION for runtime-scoped/explicit functions, FILE for file and manifest routes
 * @param functionDir absolute directory of the function (for FILE: the entry file's folder); workers
 *     get it as cwd and import root
 * @param entryFile absolute path of the handler file
 * @param sourceDir function directory relative to the root ("python/greet", "." ), for the catalog
 * @param policy effective policy
 * @param meta console/OpenAPI metadata
 * @param fingerprint changes whenever any file the function's workers load changes (code, helpers,
 *     fn.env.json, fn.config.json); a pool running an older fingerprint is recycled
 * @param env values from fn.env.json next to the entry (scalars stringified; secrets included, so
 *     never serialize this map without masking)
 * @param secretKeys keys marked {@code "is_secret": true} in fn.env.json
 * @param configError null, or why fn.config.json was rejected (the function then runs with defaults)
 */
public record FunctionSpec(
    String key,
    RuntimeKind runtime,
    String name,
    String version,
    Kind kind,
    Path functionDir,
    Path entryFile,
    String sourceDir,
    FunctionPolicy policy,
    InvokeMeta meta,
    String fingerprint,
    java.util.Map<String, String> env,
    java.util.Set<String> secretKeys,
    String configError) {

  public FunctionSpec {
    env = java.util.Map.copyOf(env);
    secretKeys = java.util.Set.copyOf(secretKeys);
  }

  public enum Kind { FUNCTION, FILE }

  public static String keyOf(RuntimeKind runtime, String name, String version) {
    return runtime.id() + "/" + name + "@" + (version == null ? "default" : version);
  }

  /** Version label as handlers see it: the version, or "default". */
  public String versionLabel() {
    return version == null ? "default" : version;
  }
}
