package dev.fastfn.store;

/** Outcome of {@link JobRepository#cancel}. */
public sealed interface CancelResult {
  record Canceled(JobRecord job) implements CancelResult {}

  record NotFound() implements CancelResult {}

  record NotQueued(JobStatus status) implements CancelResult {}
}
