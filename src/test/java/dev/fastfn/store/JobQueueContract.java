package dev.fastfn.store;

import dev.fastfn.testing.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviour every {@link Store} backend must have. A backend test extends this class and opens its
 * store in {@link #open}.
 */
public abstract class JobQueueContract {
  protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  protected static final Duration LEASE = Duration.ofSeconds(10);

  @TempDir
  protected Path dir;
  protected ManualClock clock;
  protected Store store;
  protected JobRepository jobs;

  /** Opens (or reopens) the backend's store for {@code dir}. */
  protected abstract Store open(Path dir, Clock clock);

  @BeforeEach
  void openStore() {
    clock = new ManualClock(T0);
    store = open(dir, clock);
    jobs = store.jobs();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected JobRecord job(String id, Instant runAt) {
    return JobRecord.queued(id, "python", "hello", null, "GET", "{\"path\":\"/hello\"}", 3, 1000, runAt, clock.instant());
  }

  private Finish done(int status, String result) {
    return new Finish(JobStatus.DONE, clock.instant(), null, status, result, null);
  }

  @Test
  void an_inserted_job_is_found_queued_with_its_fields() {
    jobs.insert(job("j1", T0));
    JobRecord j = jobs.find("j1").orElseThrow();
    assertThat(j.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(j.attempt()).isZero();
    assertThat(j.maxAttempts()).isEqualTo(3);
    assertThat(j.request()).isEqualTo("{\"path\":\"/hello\"}");
    assertThat(j.runAt()).isEqualTo(T0);
    assertThat(j.owner()).isNull();
    assertThat(jobs.find("nope")).isEmpty();
  }

  @Test
  void inserting_an_existing_id_fails() {
    jobs.insert(job("j1", T0));
    assertThatThrownBy(() -> jobs.insert(job("j1", T0))).isInstanceOf(StoreException.class);
  }

  @Test
  void claim_takes_due_jobs_oldest_due_first_and_starts_an_attempt() {
    jobs.insert(job("late", T0.plusSeconds(5)));
    jobs.insert(job("b", T0.minusSeconds(1)));
    jobs.insert(job("a", T0.minusSeconds(2)));
    List<JobRecord> claimed = jobs.claimDue("r1", T0, LEASE, 5);
    assertThat(claimed).extracting(JobRecord::id).containsExactly("a", "b");
    JobRecord a = claimed.get(0);
    assertThat(a.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(a.attempt()).isEqualTo(1);
    assertThat(a.owner()).isEqualTo("r1");
    assertThat(a.leaseUntil()).isEqualTo(T0.plus(LEASE));
    assertThat(a.startedAt()).isEqualTo(T0);
  }

  @Test
  void claim_takes_no_more_than_the_free_slots() {
    for (int i = 0; i < 5; i++) {
      jobs.insert(job("j" + i, T0));
    }
    assertThat(jobs.claimDue("r1", T0, LEASE, 2)).hasSize(2);
    assertThat(jobs.claimDue("r1", T0, LEASE, 0)).isEmpty();
    assertThat(jobs.claimDue("r2", T0, LEASE, 10)).hasSize(3);
    assertThat(jobs.claimDue("r3", T0, LEASE, 10)).isEmpty();
  }

  @Test
  void concurrent_claims_never_hand_one_job_to_two_runners() throws Exception {
    for (int i = 0; i < 200; i++) {
      jobs.insert(job(String.format("j%03d", i), T0));
    }
    List<String> all = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> fs = new ArrayList<>();
      for (int r = 0; r < 8; r++) {
        String owner = "r" + r;
        fs.add(pool.submit(() -> {
          go.await();
          List<JobRecord> got;
          do {
            got = jobs.claimDue(owner, T0, LEASE, 3);
            got.forEach(j -> all.add(j.id()));
          } while (!got.isEmpty());
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : fs) {
        f.get();
      }
    }
    assertThat(all).hasSize(200).doesNotHaveDuplicates();
  }

  @Test
  void finishing_done_stores_status_result_and_the_attempt() {
    jobs.insert(job("j1", T0));
    jobs.claimDue("r1", T0, LEASE, 1);
    clock.advance(Duration.ofMillis(250));
    assertThat(jobs.finish("j1", "r1", done(200, "{\"status\":200}"))).isTrue();
    JobRecord j = jobs.find("j1").orElseThrow();
    assertThat(j.status()).isEqualTo(JobStatus.DONE);
    assertThat(j.resultStatus()).isEqualTo(200);
    assertThat(j.owner()).isNull();
    assertThat(j.leaseUntil()).isNull();
    assertThat(j.finishedAt()).isEqualTo(T0.plusMillis(250));
    assertThat(jobs.result("j1")).contains("{\"status\":200}");
    assertThat(jobs.attempts("j1")).containsExactly(
        new AttemptRecord(1, T0, T0.plusMillis(250), "done", 200, null));
  }

  @Test
  void a_runner_cannot_finish_a_job_it_does_not_hold() {
    jobs.insert(job("j1", T0));
    assertThat(jobs.finish("j1", "r1", done(200, "{}"))).isFalse(); // not running
    jobs.claimDue("r1", T0, LEASE, 1);
    assertThat(jobs.finish("j1", "r2", done(200, "{}"))).isFalse();
    assertThat(jobs.finish("missing", "r1", done(200, "{}"))).isFalse();
    assertThat(jobs.find("j1").orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void a_retry_requeues_at_the_given_time_and_keeps_each_error() {
    jobs.insert(job("j1", T0));
    jobs.claimDue("r1", T0, LEASE, 1);
    Instant retryAt = T0.plusSeconds(2);
    jobs.finish("j1", "r1", new Finish(JobStatus.QUEUED, T0, retryAt, 500, "{\"status\":500}", "HTTP 500"));
    JobRecord j = jobs.find("j1").orElseThrow();
    assertThat(j.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(j.runAt()).isEqualTo(retryAt);
    assertThat(j.lastError()).isEqualTo("HTTP 500");
    assertThat(j.finishedAt()).isNull();
    assertThat(jobs.claimDue("r1", T0.plusSeconds(1), LEASE, 1)).isEmpty();
    JobRecord again = jobs.claimDue("r1", retryAt, LEASE, 1).get(0);
    assertThat(again.attempt()).isEqualTo(2);
    jobs.finish("j1", "r1", new Finish(JobStatus.FAILED, retryAt, null, 504, null, "runtime timeout"));
    assertThat(jobs.find("j1").orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    assertThat(jobs.attempts("j1")).extracting(AttemptRecord::attempt, AttemptRecord::outcome, AttemptRecord::error)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "failed", "HTTP 500"),
            org.assertj.core.groups.Tuple.tuple(2, "failed", "runtime timeout"));
    assertThat(jobs.result("j1")).isEmpty();
  }

  @Test
  void only_queued_jobs_can_be_canceled() {
    jobs.insert(job("q", T0.plusSeconds(60)));
    jobs.insert(job("r", T0));
    jobs.claimDue("r1", T0, LEASE, 1);
    CancelResult c = jobs.cancel("q", T0);
    assertThat(c).isInstanceOf(CancelResult.Canceled.class);
    assertThat(((CancelResult.Canceled) c).job().status()).isEqualTo(JobStatus.CANCELED);
    assertThat(jobs.cancel("q", T0)).isEqualTo(new CancelResult.NotQueued(JobStatus.CANCELED));
    assertThat(jobs.cancel("r", T0)).isEqualTo(new CancelResult.NotQueued(JobStatus.RUNNING));
    assertThat(jobs.cancel("missing", T0)).isEqualTo(new CancelResult.NotFound());
    assertThat(jobs.claimDue("r1", T0.plusSeconds(120), LEASE, 5)).isEmpty();
  }

  @Test
  void heartbeats_extend_only_the_owners_leases() {
    jobs.insert(job("a", T0));
    jobs.insert(job("b", T0));
    jobs.claimDue("r1", T0, LEASE, 1);
    jobs.claimDue("r2", T0, LEASE, 1);
    Instant later = T0.plusSeconds(5);
    assertThat(jobs.heartbeat("r1", List.of("a", "b"), later, LEASE)).isEqualTo(1);
    assertThat(jobs.find("a").orElseThrow().leaseUntil()).isEqualTo(later.plus(LEASE));
    assertThat(jobs.find("b").orElseThrow().leaseUntil()).isEqualTo(T0.plus(LEASE));
    assertThat(jobs.heartbeat("r1", List.of(), later, LEASE)).isZero();
  }

  @Test
  void an_expired_lease_requeues_the_job_and_gives_the_attempt_back() {
    jobs.insert(job("j1", T0));
    jobs.claimDue("dead", T0, LEASE, 1);
    assertThat(jobs.recoverExpired(T0.plus(LEASE), 3)).isEmpty(); // not yet expired
    Instant after = T0.plus(LEASE).plusMillis(1);
    List<JobRecord> changed = jobs.recoverExpired(after, 3);
    assertThat(changed).singleElement().satisfies(j -> {
      assertThat(j.status()).isEqualTo(JobStatus.QUEUED);
      assertThat(j.attempt()).isZero();
      assertThat(j.recoveries()).isEqualTo(1);
      assertThat(j.owner()).isNull();
      assertThat(j.runAt()).isEqualTo(after);
      assertThat(j.lastError()).contains("interrupted");
    });
    assertThat(jobs.attempts("j1")).singleElement().extracting(AttemptRecord::outcome).isEqualTo("interrupted");
    assertThat(jobs.finish("j1", "dead", done(200, "{}"))).isFalse();
    JobRecord again = jobs.claimDue("alive", after, LEASE, 1).get(0);
    assertThat(again.attempt()).isEqualTo(1);
    assertThat(jobs.finish("j1", "alive", done(200, "{}"))).isTrue();
  }

  @Test
  void a_job_interrupted_too_often_is_abandoned_as_failed() {
    jobs.insert(job("j1", T0));
    Instant t = T0;
    for (int i = 0; i < 2; i++) {
      jobs.claimDue("dead" + i, t, LEASE, 1);
      t = t.plus(LEASE).plusSeconds(1);
      assertThat(jobs.recoverExpired(t, 2)).singleElement().extracting(JobRecord::status).isEqualTo(JobStatus.QUEUED);
    }
    jobs.claimDue("dead2", t, LEASE, 1);
    t = t.plus(LEASE).plusSeconds(1);
    JobRecord j = jobs.recoverExpired(t, 2).get(0);
    assertThat(j.status()).isEqualTo(JobStatus.FAILED);
    assertThat(j.lastError()).startsWith("abandoned");
    assertThat(j.finishedAt()).isEqualTo(t);
    assertThat(jobs.attempts("j1")).hasSize(3);
  }

  @Test
  void retention_deletes_only_jobs_finished_before_the_cutoff() {
    jobs.insert(job("old", T0.minusSeconds(1)));
    jobs.insert(job("new", T0));
    jobs.insert(job("queued", T0.plusSeconds(3600)));
    jobs.claimDue("r", T0, LEASE, 1);
    jobs.finish("old", "r", done(200, "{}"));
    clock.advance(Duration.ofSeconds(100));
    jobs.claimDue("r", clock.instant(), LEASE, 1);
    jobs.finish("new", "r", done(200, "{}"));
    assertThat(jobs.deleteFinishedBefore(T0.plusSeconds(50))).isEqualTo(1);
    assertThat(jobs.find("old")).isEmpty();
    assertThat(jobs.attempts("old")).isEmpty();
    assertThat(jobs.find("new")).isPresent();
    assertThat(jobs.find("queued")).isPresent();
  }

  @Test
  void listing_filters_and_returns_newest_first_within_the_limit() {
    for (int i = 0; i < 5; i++) {
      jobs.insert(JobRecord.queued("j" + i, i % 2 == 0 ? "python" : "node", i < 3 ? "a" : "b", null, "GET", "{}", 1, 0,
          T0, clock.instant()));
      clock.advance(Duration.ofMillis(1));
    }
    assertThat(jobs.list(new JobQuery(null, null, null, 3))).extracting(JobRecord::id).containsExactly("j4", "j3", "j2");
    assertThat(jobs.list(new JobQuery(null, "python", null, 50))).extracting(JobRecord::id)
        .containsExactly("j4", "j2", "j0");
    assertThat(jobs.list(new JobQuery(null, null, "b", 50))).extracting(JobRecord::id).containsExactly("j4", "j3");
    jobs.claimDue("r", T0.plusSeconds(1), LEASE, 1);
    assertThat(jobs.list(new JobQuery(JobStatus.RUNNING, null, null, 50))).extracting(JobRecord::id)
        .containsExactly("j0");
  }

  @Test
  void next_run_at_is_the_earliest_queued_due_time() {
    assertThat(jobs.nextRunAt()).isEmpty();
    jobs.insert(job("a", T0.plusSeconds(9)));
    jobs.insert(job("b", T0.plusSeconds(4)));
    assertThat(jobs.nextRunAt()).contains(T0.plusSeconds(4));
  }

  @Test
  void everything_survives_closing_and_reopening() {
    jobs.insert(job("j1", T0));
    jobs.claimDue("r1", T0, LEASE, 1);
    store.schedules().put(ScheduleStateRepository.SCHEDULE, "python/p@default",
        new ScheduleState(T0.plusSeconds(60), T0, 200, null, false, null, null, "h1"), T0);
    store.keyValues().put("ui", "state", "{\"a\":1}");
    store.close();
    store = open(dir, clock);
    jobs = store.jobs();
    JobRecord j = jobs.find("j1").orElseThrow();
    assertThat(j.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(j.owner()).isEqualTo("r1");
    assertThat(store.schedules().all(ScheduleStateRepository.SCHEDULE))
        .containsEntry("python/p@default", new ScheduleState(T0.plusSeconds(60), T0, 200, null, false, null, null, "h1"));
    assertThat(store.keyValues().get("ui", "state")).contains("{\"a\":1}");
  }

  @Test
  void schedule_state_is_replaced_per_key_and_pruned_to_live_keys() {
    ScheduleStateRepository s = store.schedules();
    s.put("schedule", "a", new ScheduleState(T0, null, null, null, true, null, null, "x"), T0);
    s.put("schedule", "a", new ScheduleState(T0.plusSeconds(1), T0, 500, "boom", false, T0.plusSeconds(2), 2, "x"), T0);
    s.put("schedule", "b", ScheduleState.EMPTY, T0);
    s.put("keep_warm", "a", ScheduleState.EMPTY, T0);
    assertThat(s.all("schedule")).hasSize(2).containsEntry("a",
        new ScheduleState(T0.plusSeconds(1), T0, 500, "boom", false, T0.plusSeconds(2), 2, "x"));
    assertThat(s.retainOnly("schedule", Set.of("a"))).isEqualTo(1);
    assertThat(s.all("schedule")).containsOnlyKeys("a");
    assertThat(s.all("keep_warm")).containsOnlyKeys("a");
  }

  @Test
  void key_values_are_namespaced() {
    KeyValueStore kv = store.keyValues();
    kv.put("secrets", "B", "2");
    kv.put("secrets", "A", "1");
    kv.put("secrets", "A", "3");
    kv.put("ui", "A", "x");
    assertThat(kv.all("secrets")).isEqualTo(Map.of("A", "3", "B", "2"));
    assertThat(kv.get("ui", "A")).contains("x");
    assertThat(kv.delete("secrets", "A")).isTrue();
    assertThat(kv.delete("secrets", "A")).isFalse();
    assertThat(kv.get("secrets", "A")).isEmpty();
  }
}
