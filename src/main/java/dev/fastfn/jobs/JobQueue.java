package dev.fastfn.jobs;

import dev.fastfn.config.JobsSettings;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.store.AttemptRecord;
import dev.fastfn.store.CancelResult;
import dev.fastfn.store.JobQuery;
import dev.fastfn.store.JobRecord;
import dev.fastfn.store.JobRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The job queue as other code uses it: enqueue (validated, committed, then listeners woken), look
 * up, list, cancel, read results. Thread-safe; all state is in the {@link JobRepository}.
 */
public final class JobQueue {
  private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);

  private final JobRepository repo;
  private final CatalogHolder catalogs;
  private final JobsSettings settings;
  private final Clock clock;
  private final RandomGenerator random;
  private final AtomicLong sequence = new AtomicLong();
  private final List<Runnable> enqueueListeners = new CopyOnWriteArrayList<>();

  public JobQueue(JobRepository repo, CatalogHolder catalogs, JobsSettings settings, Clock clock,
      RandomGenerator random) {
    this.repo = repo;
    this.catalogs = catalogs;
    this.settings = settings;
    this.clock = clock;
    this.random = random;
  }

  /** Called after each committed enqueue (the runner wakes up instead of waiting for its poll). */
  public void onEnqueue(Runnable listener) {
    enqueueListeners.add(listener);
  }

  /**
   * Validates a {@code POST /_fn/jobs} body against the current catalog, stores the job and returns
   * it, committed. Throws {@link dev.fastfn.gateway.FnHttpException} for invalid input
   * ({@link JobSubmission} lists the checks).
   */
  public JobRecord enqueue(JsonNode body) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS); // the store keeps milliseconds
    JobSubmission s = JobSubmission.parse(body, catalogs.get(), settings, now);
    FunctionSpec fn = s.fn();
    JobRecord job = JobRecord.queued(newId(now), fn.runtime().id(), fn.name(), fn.version(), s.method(),
        s.request().toJson(), s.maxAttempts(), s.retryDelayMs(), s.runAt(), now);
    repo.insert(job);
    LOG.info("job={} enqueued fn={} rt={} method={} run_at={} max_attempts={}", job.id(), fn.name(),
        fn.runtime().id(), s.method(), s.runAt(), s.maxAttempts());
    enqueueListeners.forEach(Runnable::run);
    return job;
  }

  public Optional<JobRecord> find(String id) {
    return repo.find(id);
  }

  public List<AttemptRecord> attempts(String id) {
    return repo.attempts(id);
  }

  public List<JobRecord> list(JobQuery query) {
    return repo.list(query);
  }

  public Optional<String> result(String id) {
    return repo.result(id);
  }

  public CancelResult cancel(String id) {
    CancelResult r = repo.cancel(id, clock.instant());
    if (r instanceof CancelResult.Canceled) {
      LOG.info("job={} canceled", id);
    }
    return r;
  }

  /** {@code job-<epoch ms>-<sequence>-<6 random digits>}; the padded sequence keeps ids of one millisecond in order. */
  private String newId(Instant now) {
    return String.format("job-%d-%06d-%06d", now.toEpochMilli(), sequence.incrementAndGet() % 1_000_000,
        random.nextInt(1_000_000));
  }
}
