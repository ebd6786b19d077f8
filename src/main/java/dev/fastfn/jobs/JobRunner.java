package dev.fastfn.jobs;

import dev.fastfn.config.JobsSettings;
import dev.fastfn.gateway.HttpJson;
import dev.fastfn.store.Finish;
import dev.fastfn.store.JobRecord;
import dev.fastfn.store.JobRepository;
import dev.fastfn.store.JobStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs queued jobs: claims due jobs with a lease (up to {@code FN_JOBS_CONCURRENCY} at once), runs
 * each attempt on its own virtual thread through the {@link JobExecutor}, heartbeats the leases while
 * attempts run, and records the outcome.
 *
 * <p>Outcome rule: an attempt succeeds when the function answered with a status below 500. A handler
 * 5xx, or a gateway failure that may pass (overload 429/503, worker unavailable, crash 502, timeout
 * 504), is a failed attempt: retried after {@link Backoff} while attempts remain, else the job is
 * {@code failed} with every attempt's error kept. A refusal that would repeat identically (unknown
 * function 404, method 405, body 413) ends the job as {@code done} with that status, as the
 * reference does. A result larger than {@code FN_JOBS_MAX_RESULT_BYTES} fails the job at once with
 * a clear error (D10: stored whole or not at all).
 *
 * <p>Threads: one platform thread "fastfn-jobs" claims, heartbeats and does housekeeping (lease
 * recovery, retention); it sleeps until the next due job, the poll interval, or {@link #wake()}
 * (enqueue, a finished attempt). Attempts run on virtual threads. Tests skip {@link #start()} and drive
 * the same steps with {@link #runDue()}, {@link #heartbeat()}, {@link #recoverExpired()} and
 * {@link #housekeep()} under a controlled clock.
 *
 * <p>Crash safety: a killed server leaves its jobs {@code running} with a lease that is no longer
 * extended; once it expires, {@link #recoverExpired()} (on any runner, e.g. the restarted server)
 * puts them back in the queue without counting the interrupted attempt, so nothing is lost and no
 * job runs on two runners at once. A job interrupted {@value #MAX_RECOVERIES} times fails.
 */
public final class JobRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  static final int MAX_RECOVERIES = 3;
  private static final Duration HOUSEKEEPING_EVERY = Duration.ofMinutes(1);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
  private static final int ERROR_EXCERPT = 300;

  private final JobRepository repo;
  private final JobExecutor executor;
  private final JobsSettings settings;
  private final Clock clock;
  private final RandomGenerator random;
  private final String owner;
  private final Duration heartbeatEvery;
  private final Duration recoveryEvery;
  private final Map<String, JobRecord> inFlight = new ConcurrentHashMap<>();
  private final ExecutorService attempts =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fastfn-job-", 0).factory());
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeup = lock.newCondition();
  private boolean signaled;
  private volatile boolean accepting = true;
  private Thread dispatcher;

  public JobRunner(JobRepository repo, JobExecutor executor, JobsSettings settings, Clock clock,
      RandomGenerator random) {
    this.repo = repo;
    this.executor = executor;
    this.settings = settings;
    this.clock = clock;
    this.random = random;
    this.owner = "runner-" + ProcessHandle.current().pid() + "-" + Long.toHexString(random.nextLong() & 0xffffffL);
    this.heartbeatEvery = settings.lease().dividedBy(3);
    this.recoveryEvery = clamp(settings.lease().dividedBy(2), Duration.ofMillis(100), Duration.ofSeconds(5));
  }

  /** The lease owner id of this runner. */
  public String owner() {
    return owner;
  }

  /** Starts the dispatcher thread. */
  public void start() {
    dispatcher = Thread.ofPlatform().name("fastfn-jobs").daemon(true).start(this::loop);
    LOG.info("job runner started owner={} concurrency={} lease={}ms poll={}ms", owner, settings.concurrency(),
        settings.lease().toMillis(), settings.pollInterval().toMillis());
  }

  /** Makes the dispatcher look for due jobs now. */
  public void wake() {
    lock.lock();
    try {
      signaled = true;
      wakeup.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * One dispatch step, synchronous: claims the due jobs that fit in the free slots, runs them, and
   * returns when all of them have finished. Returns how many ran.
   */
  public int runDue() {
    List<Future<?>> running = new ArrayList<>();
    for (JobRecord job : claim(clock.instant())) {
      running.add(attempts.submit(() -> execute(job)));
    }
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while jobs ran", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
    return running.size();
  }

  /** Extends the leases of the attempts in flight; returns how many were extended. */
  public int heartbeat() {
    if (inFlight.isEmpty()) {
      return 0;
    }
    int n = repo.heartbeat(owner, List.copyOf(inFlight.keySet()), clock.instant(), settings.lease());
    if (n < inFlight.size()) {
      LOG.warn("owner={} heartbeat extended {} of {} leases; the others were taken over and their results "
          + "will be discarded", owner, n, inFlight.size());
    }
    return n;
  }

  /** Re-queues (or abandons) running jobs whose lease expired; returns how many it changed. */
  public int recoverExpired() {
    List<JobRecord> changed = repo.recoverExpired(clock.instant(), MAX_RECOVERIES);
    for (JobRecord j : changed) {
      if (j.status() == JobStatus.FAILED) {
        LOG.warn("job={} fn={} abandoned: {}", j.id(), j.name(), j.lastError());
      } else {
        LOG.info("job={} fn={} re-queued: {}", j.id(), j.name(), j.lastError());
      }
    }
    if (!changed.isEmpty()) {
      wake();
    }
    return changed.size();
  }

  /** Deletes finished jobs older than FN_JOBS_RETENTION_S (0 keeps them forever); returns how many. */
  public int housekeep() {
    if (settings.retention().isZero()) {
      return 0;
    }
    int n = repo.deleteFinishedBefore(clock.instant().minus(settings.retention()));
    if (n > 0) {
      LOG.info("deleted {} finished jobs older than {}s", n, settings.retention().toSeconds());
    }
    return n;
  }

  /** Ids of the attempts running now. */
  public List<String> inFlight() {
    return List.copyOf(inFlight.keySet());
  }

  private List<JobRecord> claim(Instant now) {
    int free = settings.concurrency() - inFlight.size();
    if (free <= 0 || !accepting) {
      return List.of();
    }
    List<JobRecord> claimed = repo.claimDue(owner, now, settings.lease(), free);
    for (JobRecord j : claimed) {
      inFlight.put(j.id(), j);
      LOG.info("job={} fn={} rt={} attempt={}/{} claimed", j.id(), j.name(), j.runtime(), j.attempt(),
          j.maxAttempts());
    }
    return claimed;
  }

  private void execute(JobRecord job) {
    try {
      AttemptOutcome outcome;
      try {
        outcome = executor.run(job);
      } catch (RuntimeException e) {
        LOG.error("job={} attempt={} failed inside the runner", job.id(), job.attempt(), e);
        outcome = new AttemptOutcome.Refused(500, "internal error while running the job", Map.of(), true, 0);
      }
      Finish finish = classify(job, outcome, clock.instant());
      if (!repo.finish(job.id(), owner, finish)) {
        LOG.warn("job={} attempt={} finished after its lease was taken over; result discarded", job.id(),
            job.attempt());
      } else if (finish.next() == JobStatus.QUEUED) {
        LOG.info("job={} attempt={}/{} failed ({}); retry at {}", job.id(), job.attempt(), job.maxAttempts(),
            finish.error(), finish.retryAt());
      } else {
        LOG.info("job={} attempt={}/{} {} status={}{}", job.id(), job.attempt(), job.maxAttempts(),
            finish.next().id(), finish.resultStatus(), finish.error() == null ? "" : " error=" + finish.error());
      }
    } catch (Throwable t) {
      // Top of the attempt thread: the lease expires and the job is recovered later.
      LOG.error("job={} could not record its outcome; it will be re-queued when its lease expires", job.id(), t);
    } finally {
      inFlight.remove(job.id());
      wake();
    }
  }

  Finish classify(JobRecord job, AttemptOutcome outcome, Instant now) {
    String result = HttpJson.MAPPER.writeValueAsString(JobResults.render(job.id(), outcome));
    int status = switch (outcome) {
      case AttemptOutcome.Response r -> r.status();
      case AttemptOutcome.Refused r -> r.status();
    };
    long size = result.getBytes(StandardCharsets.UTF_8).length;
    if (size > settings.maxResultBytes()) {
      return new Finish(JobStatus.FAILED, now, null, status, null, "result too large: " + size
          + " bytes exceeds FN_JOBS_MAX_RESULT_BYTES (" + settings.maxResultBytes() + "); nothing was stored");
    }
    String error = switch (outcome) {
      case AttemptOutcome.Response r -> r.status() < 500 ? null : "HTTP " + r.status() + excerpt(r.body());
      case AttemptOutcome.Refused r -> r.retryable() ? r.message() + " (HTTP " + r.status() + ")" : null;
    };
    if (error == null) {
      return new Finish(JobStatus.DONE, now, null, status, result, null);
    }
    if (job.attempt() < job.maxAttempts()) {
      Instant retryAt = now.plus(Backoff.after(job.retryDelayMs(), job.attempt(), random));
      return new Finish(JobStatus.QUEUED, now, retryAt, status, result, error);
    }
    return new Finish(JobStatus.FAILED, now, null, status, result, error);
  }

  private static String excerpt(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String s = new String(body, 0, Math.min(body.length, ERROR_EXCERPT * 4), StandardCharsets.UTF_8)
        .replaceAll("\\s+", " ").trim();
    if (s.length() > ERROR_EXCERPT) {
      s = s.substring(0, ERROR_EXCERPT) + "...";
    }
    return s.isEmpty() ? "" : ": " + s;
  }

  private void loop() {
    Instant nextHeartbeat = clock.instant().plus(heartbeatEvery);
    Instant nextRecovery = Instant.MIN;
    Instant nextHousekeeping = Instant.MIN;
    Instant stopBy = null;
    while (true) {
      try {
        Instant now = clock.instant();
        if (!accepting) {
          stopBy = stopBy == null ? now.plus(SHUTDOWN_GRACE) : stopBy;
          if (inFlight.isEmpty() || !now.isBefore(stopBy)) {
            break;
          }
        }
        if (!now.isBefore(nextHeartbeat)) {
          heartbeat();
          nextHeartbeat = now.plus(heartbeatEvery);
        }
        long waitMs = settings.pollInterval().toMillis();
        if (accepting) {
          if (!now.isBefore(nextRecovery)) {
            recoverExpired();
            nextRecovery = now.plus(recoveryEvery);
          }
          if (!now.isBefore(nextHousekeeping)) {
            housekeep();
            nextHousekeeping = now.plus(HOUSEKEEPING_EVERY);
          }
          List<JobRecord> claimed = claim(now);
          claimed.forEach(j -> attempts.submit(() -> execute(j)));
          if (inFlight.size() < settings.concurrency()) {
            Optional<Instant> due = repo.nextRunAt();
            if (due.isPresent()) {
              waitMs = Math.min(waitMs, Duration.between(now, due.get()).toMillis());
            }
          }
          waitMs = Math.min(waitMs, Duration.between(now, nextRecovery).toMillis());
        }
        waitMs = Math.min(waitMs, Duration.between(now, nextHeartbeat).toMillis());
        await(Math.max(waitMs, 2));
      } catch (InterruptedException e) {
        LOG.debug("job dispatcher interrupted");
        break;
      } catch (Throwable t) {
        LOG.error("job dispatcher step failed. Will keep running.", t);
        try {
          await(settings.pollInterval().toMillis());
        } catch (InterruptedException e) {
          break;
        }
      }
    }
    if (!inFlight.isEmpty()) {
      LOG.warn("job runner stopped with attempts still running: {}; they go back to the queue when their lease "
          + "expires", inFlight.keySet());
    }
  }

  private void await(long millis) throws InterruptedException {
    lock.lock();
    try {
      if (!signaled) {
        wakeup.await(millis, TimeUnit.MILLISECONDS);
      }
      signaled = false;
    } finally {
      lock.unlock();
    }
  }

  /** Stops claiming, lets running attempts finish (up to a grace period) while heartbeating them, then stops. */
  @Override
  public void close() {
    accepting = false;
    wake();
    if (dispatcher != null) {
      try {
        dispatcher.join(SHUTDOWN_GRACE.plusSeconds(2).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    attempts.shutdown();
  }

  private static Duration clamp(Duration d, Duration min, Duration max) {
    return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
  }
}
