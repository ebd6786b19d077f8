package dev.fastfn.store;

import java.time.Instant;

/**
 * One finished attempt of a job.
 *
 * @param outcome "done", "failed" or "interrupted" (the server died while it ran)
 * @param status HTTP status the attempt produced, if any
 * @param error why it failed, if it did
 */
public record AttemptRecord(int attempt, Instant startedAt, Instant finishedAt, String outcome, Integer status,
    String error) {}
