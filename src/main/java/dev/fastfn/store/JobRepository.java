package dev.fastfn.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Durable job queue. Every method is one committed transaction. State changes are conditional
 * updates (on the expected status, owner or row version), so two runners, or a runner and a cancel,
 * can never both win: a claim made by one runner is visible to the other only as a lost race.
 *
 * <p>Lease contract: a claimed job belongs to {@code owner} until {@code leaseUntil}; the owner
 * extends it with {@link #heartbeat} while the attempt runs. After the lease expires,
 * {@link #recoverExpired} may give the job to another runner, and the old owner's {@link #finish}
 * then returns false (its result is discarded).
 */
public interface JobRepository {
  /** Stores a new job (status QUEUED); fails if the id exists. */
  void insert(JobRecord job);

  Optional<JobRecord> find(String id);

  /** Jobs matching the query, newest first. */
  List<JobRecord> list(JobQuery query);

  /** Finished attempts of a job, oldest first. */
  List<AttemptRecord> attempts(String id);

  /** JSON text of the last attempt's result, if one was stored. */
  Optional<String> result(String id);

  /**
   * Claims up to {@code max} queued jobs due at {@code now} (oldest due first) for {@code owner}:
   * status RUNNING, attempt + 1, lease until now + lease. Returns the claimed rows.
   */
  List<JobRecord> claimDue(String owner, Instant now, Duration lease, int max);

  /** Extends the leases of the given running jobs of {@code owner}; returns how many it extended. */
  int heartbeat(String owner, Collection<String> ids, Instant now, Duration lease);

  /**
   * Records the end of the current attempt of a job {@code owner} holds and moves it to
   * {@code finish.next()}. Returns false when the job is no longer this owner's (lease lost).
   */
  boolean finish(String id, String owner, Finish finish);

  /** Cancels a queued job. */
  CancelResult cancel(String id, Instant now);

  /**
   * Sends running jobs whose lease expired before {@code now} back to the queue, giving back the
   * interrupted attempt; a job already recovered {@code maxRecoveries} times fails instead. Returns
   * the jobs it changed, as they are now.
   */
  List<JobRecord> recoverExpired(Instant now, int maxRecoveries);

  /** Deletes done, failed and canceled jobs that finished before {@code cutoff}; returns how many. */
  int deleteFinishedBefore(Instant cutoff);

  /** Earliest run_at among queued jobs, to know how long a runner may sleep. */
  Optional<Instant> nextRunAt();

  /** Number of jobs per status (for health and benchmarks). */
  java.util.Map<JobStatus, Integer> countByStatus();
}
