package dev.fastfn.runtime;

import java.time.Duration;

/**
 * Tuning of the worker layer. {@link #defaults()} is what the server uses; tests shorten the times.
 *
 * @param cancelGrace how long a worker may take to stop a call after its deadline before it is killed
 * @param defaultIdleTtl idle time after which a pool's workers are stopped (when the function sets no
 *     {@code worker_pool.idle_ttl_seconds})
 * @param housekeepingInterval how often idle pools are reaped and {@code min_warm} is topped up
 * @param sparesPerRuntime pre-started generic workers kept per enabled runtime (0 disables)
 * @param startTimeout how long a new process may take to announce itself before it is killed as hung
 *     (generous: on a loaded machine an interpreter start through a version-manager shim takes seconds)
 * @param loadTimeout how long importing a function's module may take
 * @param coldStartWait how long a call that finds no ready worker waits for one (dependency check,
 *     process start, import) at least; the call waits {@code max(coldStartWait, its timeout)} and its
 *     handler then gets its whole timeout. The handler's timeout covers the handler, not the start.
 * @param maxBackoff cap of the restart backoff of a crashing worker
 * @param maxFrameBytes largest frame sent to a worker
 * @param maxReplyBytes largest reply frame accepted from a worker
 */
public record RuntimeOptions(
    Duration cancelGrace,
    Duration defaultIdleTtl,
    Duration housekeepingInterval,
    int sparesPerRuntime,
    Duration startTimeout,
    Duration loadTimeout,
    Duration coldStartWait,
    Duration maxBackoff,
    int maxFrameBytes,
    int maxReplyBytes) {

  public static final Duration CANCEL_GRACE = Duration.ofMillis(500);
  public static final Duration IDLE_TTL = Duration.ofSeconds(300);
  public static final int MAX_FRAME_BYTES = 64 * 1024 * 1024;
  public static final int MAX_REPLY_BYTES = 10 * 1024 * 1024;

  public RuntimeOptions {
    if (cancelGrace.isNegative() || defaultIdleTtl.isNegative() || !housekeepingInterval.isPositive()
        || !startTimeout.isPositive() || !loadTimeout.isPositive() || !coldStartWait.isPositive()
        || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("runtime durations must be positive");
    }
    if (sparesPerRuntime < 0 || sparesPerRuntime > 8) {
      throw new IllegalArgumentException("sparesPerRuntime must be 0..8");
    }
    if (maxFrameBytes < 1024 || maxReplyBytes < 1024) {
      throw new IllegalArgumentException("frame limits must be >= 1024 bytes");
    }
  }

  public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration COLD_START_WAIT = Duration.ofSeconds(10);

  public static RuntimeOptions defaults() {
    return new RuntimeOptions(CANCEL_GRACE, IDLE_TTL, Duration.ofSeconds(1), 1, START_TIMEOUT,
        Duration.ofSeconds(60), COLD_START_WAIT, Duration.ofSeconds(5), MAX_FRAME_BYTES, MAX_REPLY_BYTES);
  }

  public RuntimeOptions withSpares(int spares) {
    return new RuntimeOptions(cancelGrace, defaultIdleTtl, housekeepingInterval, spares, startTimeout, loadTimeout,
        coldStartWait, maxBackoff, maxFrameBytes, maxReplyBytes);
  }

  public RuntimeOptions withCancelGrace(Duration grace) {
    return new RuntimeOptions(grace, defaultIdleTtl, housekeepingInterval, sparesPerRuntime, startTimeout, loadTimeout,
        coldStartWait, maxBackoff, maxFrameBytes, maxReplyBytes);
  }

  public RuntimeOptions withLoadTimeout(Duration load) {
    return new RuntimeOptions(cancelGrace, defaultIdleTtl, housekeepingInterval, sparesPerRuntime, startTimeout, load,
        coldStartWait, maxBackoff, maxFrameBytes, maxReplyBytes);
  }

  public RuntimeOptions withStartTimeouts(Duration start, Duration coldWait) {
    return new RuntimeOptions(cancelGrace, defaultIdleTtl, housekeepingInterval, sparesPerRuntime, start, loadTimeout,
        coldWait, maxBackoff, maxFrameBytes, maxReplyBytes);
  }
}
