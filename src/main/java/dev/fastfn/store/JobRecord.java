package dev.fastfn.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One job as stored. The result is kept apart ({@link JobRepository#result}) so listings stay small.
 *
 * @param request opaque JSON text owned by the jobs package (what to call, with which input)
 * @param attempt attempts started so far (0 while never run; an attempt cut short by a dead server
 *     is given back when the job is re-queued)
 * @param runAt when the job is due (enqueue time, run_at/delay_ms, or the retry time)
 * @param owner runner id holding the lease while running, else null
 * @param leaseUntil while running: the claim expires at this instant unless heartbeats extend it
 * @param recoveries how often an expired lease sent this job back to the queue
 * @param resultStatus HTTP status of the last attempt, if any
 * @param lastError error of the last failed attempt, if any
 * @param rowVersion incremented by every update; conditional updates compare it
 */
public record JobRecord(
    String id,
    JobStatus status,
    String runtime,
    String name,
    String version,
    String method,
    String request,
    int maxAttempts,
    int attempt,
    long retryDelayMs,
    Instant runAt,
    Instant createdAt,
    Instant updatedAt,
    Instant startedAt,
    Instant finishedAt,
    String owner,
    Instant leaseUntil,
    int recoveries,
    Integer resultStatus,
    String lastError,
    long rowVersion) {

  public JobRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(runAt, "runAt");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max_attempts must be >= 1");
    }
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0");
    }
    if (retryDelayMs < 0) {
      throw new IllegalArgumentException("retry_delay_ms must be >= 0");
    }
  }

  /** A new queued job. */
  public static JobRecord queued(String id, String runtime, String name, String version, String method,
      String request, int maxAttempts, long retryDelayMs, Instant runAt, Instant now) {
    return new JobRecord(id, JobStatus.QUEUED, runtime, name, version, method, request, maxAttempts, 0,
        retryDelayMs, runAt, now, now, null, null, null, null, 0, null, null, 0);
  }
}
