package dev.fastfn.store;

import java.time.Instant;
import java.util.Objects;

/**
 * How a running attempt ended, as {@link JobRepository#finish} records it.
 *
 * @param next DONE, FAILED, or QUEUED for a retry at {@code retryAt}
 * @param resultStatus HTTP status of this attempt, if there was one
 * @param result JSON text of this attempt's result (replaces the previous one), or null
 * @param error why the attempt failed (becomes last_error), or null when it succeeded
 */
public record Finish(JobStatus next, Instant now, Instant retryAt, Integer resultStatus, String result, String error) {
  public Finish {
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(now, "now");
    if (next == JobStatus.QUEUED && retryAt == null) {
      throw new IllegalArgumentException("a retry needs retryAt");
    }
    if (next == JobStatus.RUNNING || next == JobStatus.CANCELED) {
      throw new IllegalArgumentException("an attempt cannot finish as " + next.id());
    }
  }
}
