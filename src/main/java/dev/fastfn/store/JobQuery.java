package dev.fastfn.store;

/**
 * Filter for {@link JobRepository#list}: every non-null field must match. Newest first.
 *
 * @param limit 1..1000
 */
public record JobQuery(JobStatus status, String runtime, String name, int limit) {
  public JobQuery {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1..1000");
    }
  }
}
