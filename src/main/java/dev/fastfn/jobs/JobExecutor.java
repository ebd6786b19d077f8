package dev.fastfn.jobs;

import dev.fastfn.store.JobRecord;

/**
 * Runs one attempt of a claimed job and reports what happened. Called on a virtual thread per
 * attempt, concurrently; must not throw for expected failures (return {@link AttemptOutcome.Refused}).
 * Production: {@link InvokerJobExecutor}.
 */
@FunctionalInterface
public interface JobExecutor {
  AttemptOutcome run(JobRecord job);
}
