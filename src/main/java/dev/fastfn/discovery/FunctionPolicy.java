package dev.fastfn.discovery;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The effective, validated policy of one function version: what the gateway enforces on every call.
 * Built at discovery from {@code fn.config.json} plus defaults (routing.md §4.6, §5.1), never re-read
 * per request.
 *
 * @param methods allowed methods, upper-case, never empty
 * @param routes configured public routes ({@code invoke.routes}); empty = defaults
 * @param allowHosts host allowlist, lower-case; empty = all hosts
 * @param workerPool null when fn.config.json has no worker_pool block
 * @param keepWarm null when not configured
 * @param schedule raw {@code schedule} object, or null (validated by the schedule package)
 * @param edge raw {@code edge} object, or null
 * @param sharedDeps pack names from {@code shared_deps}
 * @param handlerName exported callable (invoke.handler, default "handler")
 * @param adapter "native", "aws-lambda" or "cloudflare-worker" (aliases resolved)
 */
public record FunctionPolicy(
    int timeoutMs,
    int maxConcurrency,
    long maxBodyBytes,
    List<String> methods,
    List<String> routes,
    List<String> allowHosts,
    boolean forceUrl,
    boolean includeDebugHeaders,
    WorkerPoolPolicy workerPool,
    KeepWarmPolicy keepWarm,
    JsonNode schedule,
    JsonNode edge,
    List<String> sharedDeps,
    String handlerName,
    String adapter) {

  public static final List<String> ALL_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

  public FunctionPolicy {
    if (timeoutMs <= 0) {
      throw new IllegalArgumentException("timeout_ms must be > 0");
    }
    if (maxConcurrency < 0) {
      throw new IllegalArgumentException("max_concurrency must be >= 0");
    }
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("max_body_bytes must be > 0");
    }
    methods = List.copyOf(methods);
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("methods must not be empty");
    }
    routes = List.copyOf(routes);
    allowHosts = List.copyOf(allowHosts);
    sharedDeps = List.copyOf(sharedDeps);
    schedule = schedule == null ? null : schedule.deepCopy();
    edge = edge == null ? null : edge.deepCopy();
  }

  /**
   * Per-function admission (routing.md §5.1 worker_pool.*).
   *
   * @param queuePollMs the reference's queue polling interval; our queue wakes waiters instead of
   *     polling, so it is only reported (health, catalog, {@code event.context.worker_pool})
   */
  public record WorkerPoolPolicy(
      boolean enabled,
      int maxWorkers,
      int maxQueue,
      int queueTimeoutMs,
      int queuePollMs,
      int overflowStatus,
      int minWarm,
      int idleTtlSeconds) {
    /** queue_poll_ms when not set (platform.md §4). */
    public static final int DEFAULT_QUEUE_POLL_MS = 20;
  }

  /** keep_warm block, normalized (defaults min_warm 1, ping 45 s, idle 300 s). */
  public record KeepWarmPolicy(boolean enabled, int minWarm, int pingEverySeconds, int idleTtlSeconds) {}
}
