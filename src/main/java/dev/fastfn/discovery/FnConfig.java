package dev.fastfn.discovery;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One parsed {@code fn.config.json}, field by field. A null field means "not set here" so that
 * layers (overlays root-down, version over function) can be merged key by key
 * ({@link Policies}). Values are already validated and normalized (routing.md §5.1); invalid ones
 * are null and described in {@link #errors}.
 *
 * @param file path relative to the functions root, for messages ("python/a/fn.config.json")
 * @param present the file exists and holds a JSON object
 * @param errors why (parts of) the file were rejected; empty when fine
 * @param explicit declares identity: runtime/name/entrypoint or a non-empty invoke.routes (§2.1)
 * @param runtime raw {@code runtime} string (trimmed), may name an unsupported runtime
 * @param name validated function name
 * @param entrypoint validated relative entry path
 * @param routes {@code invoke.routes} + {@code invoke.route}, normalized; null when neither is set
 * @param homeRoute folder home alias target (§7.2); redirects are not kept
 * @param home the {@code home} setting as written, for a root config (§7.1 step 3); null when unset
 * @param assetsDirectory {@code assets.directory}, when a safe relative path
 * @param ignoreDirs extra ignored directory names (root config only), lower-case
 */
record FnConfig(
    String file,
    boolean present,
    List<String> errors,
    boolean explicit,
    String runtime,
    String name,
    String entrypoint,
    Integer timeoutMs,
    Integer maxConcurrency,
    Long maxBodyBytes,
    Boolean includeDebugHeaders,
    List<String> methods,
    List<String> routes,
    List<String> allowHosts,
    Boolean forceUrl,
    String summary,
    JsonNode query,
    JsonNode body,
    String contentType,
    String defaultMethod,
    String handler,
    String adapter,
    WorkerPoolConfig workerPool,
    FunctionPolicy.KeepWarmPolicy keepWarm,
    JsonNode schedule,
    JsonNode edge,
    List<String> sharedDeps,
    String homeRoute,
    Home home,
    String assetsDirectory,
    List<String> ignoreDirs) {

  FnConfig {
    errors = List.copyOf(errors);
    methods = methods == null ? null : List.copyOf(methods);
    routes = routes == null ? null : List.copyOf(routes);
    allowHosts = allowHosts == null ? null : List.copyOf(allowHosts);
    sharedDeps = sharedDeps == null ? null : List.copyOf(sharedDeps);
    ignoreDirs = List.copyOf(ignoreDirs);
  }

  /**
   * A {@code home} setting (§5.1): an internal path to run, a place to redirect to, or both (the
   * path wins when valid). Raw strings; {@link HomeTarget#choose} validates them.
   */
  record Home(String function, String redirect) {}

  /** No file (or nothing usable in it) at {@code file}. */
  static FnConfig absent(String file, List<String> errors) {
    return new FnConfig(file, false, errors, false, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, List.of());
  }

  /** An overlay applies its policy to file routes below it; explicit configs define a function. */
  boolean isOverlay() {
    return present && !explicit;
  }

  /** "<file>: <error>; <error>", or null when the file is fine. */
  String errorText() {
    return errors.isEmpty() ? null : file + ": " + String.join("; ", errors);
  }

  /** {@code worker_pool} block before defaults are applied; null fields = not set. */
  record WorkerPoolConfig(
      Boolean enabled,
      Integer maxWorkers,
      Integer maxQueue,
      Integer queueTimeoutMs,
      Integer queuePollMs,
      Integer overflowStatus,
      Integer minWarm,
      Integer idleTtlSeconds) {}
}
