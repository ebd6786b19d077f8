package dev.fastfn.config;

import java.time.Duration;

/**
 * Async jobs (platform.md §2, issue 5).
 *
 * @param lease how long a claimed job stays with its runner without a heartbeat (FN_JOBS_LEASE_S);
 *     after a crash, running jobs go back to the queue once it expires
 */
public record JobsSettings(
    boolean enabled,
    int concurrency,
    Duration pollInterval,
    int maxAttempts,
    long maxResultBytes,
    Duration retention,
    Duration lease) {

  public static final int DEFAULT_CONCURRENCY = 2;
  public static final int DEFAULT_MAX_ATTEMPTS = 10;
  public static final long DEFAULT_MAX_RESULT_BYTES = 262_144;
  public static final long DEFAULT_RETENTION_S = 7 * 24 * 3600;
  public static final double DEFAULT_LEASE_S = 15;

  static JobsSettings from(EnvReader e) {
    int concurrency = e.raw("FN_JOBS_CONCURRENCY") != null
        ? e.intIn("FN_JOBS_CONCURRENCY", DEFAULT_CONCURRENCY, 1, 256)
        : e.intIn("FN_JOBS_MAX_CONCURRENCY", DEFAULT_CONCURRENCY, 1, 256);
    return new JobsSettings(
        e.bool("FN_JOBS_ENABLED", true),
        concurrency,
        Duration.ofMillis(Math.round(e.seconds("FN_JOBS_POLL_INTERVAL", 1.0, 0.01) * 1000)),
        e.intIn("FN_JOBS_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS, 1, 1000),
        e.longIn("FN_JOBS_MAX_RESULT_BYTES", DEFAULT_MAX_RESULT_BYTES, 1, Long.MAX_VALUE),
        Duration.ofSeconds(e.longIn("FN_JOBS_RETENTION_S", DEFAULT_RETENTION_S, 0, Long.MAX_VALUE)),
        Duration.ofMillis(Math.round(e.seconds("FN_JOBS_LEASE_S", DEFAULT_LEASE_S, 0.2) * 1000)));
  }
}
