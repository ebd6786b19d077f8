package dev.fastfn.jobs;

import dev.fastfn.testing.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.fastfn.config.JobsSettings;
import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.store.AttemptRecord;
import dev.fastfn.store.JdbcStore;
import dev.fastfn.store.JobRecord;
import dev.fastfn.store.JobStatus;
import dev.fastfn.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The runner's life cycle, retries, dead letters, result sizes and leases on a real SQLite store. */
class JobRunnerTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  /** nextDouble() == 0.5: jitter factor exactly 1. */
  private static final RandomGenerator NO_JITTER = () -> Long.MIN_VALUE;

  @TempDir
  Path dir;
  ManualClock clock;
  Store store;
  CatalogHolder catalogs;
  final List<JobRecord> calls = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() {
    clock = new ManualClock(T0);
    store = JdbcStore.openSqlite(dir, clock);
    catalogs = new CatalogHolder(() -> Fixtures.catalog(Fixtures.fn(RuntimeKind.PYTHON, "work", "GET", "POST")));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  static JobsSettings settings(int concurrency, long maxResultBytes) {
    return new JobsSettings(true, concurrency, Duration.ofMillis(200), 10, maxResultBytes, Duration.ofDays(7),
        Duration.ofSeconds(9));
  }

  JobQueue queue;

  JobQueue queue() {
    if (queue == null) {
      queue = new JobQueue(store.jobs(), catalogs, settings(2, 262_144), clock, NO_JITTER);
    }
    return queue;
  }

  JobRunner runner(JobExecutor executor) {
    return runner(executor, settings(2, 262_144));
  }

  JobRunner runner(JobExecutor executor, JobsSettings s) {
    return new JobRunner(store.jobs(), job -> {
      calls.add(job);
      return executor.run(job);
    }, s, clock, NO_JITTER);
  }

  JobRecord enqueue(String json) {
    return queue().enqueue((ObjectNode) Fixtures.JSON.readTree(json));
  }

  static AttemptOutcome.Response ok(int status, String body) {
    return new AttemptOutcome.Response(status, Map.of("Content-Type", List.of("application/json")),
        body.getBytes(StandardCharsets.UTF_8), 5);
  }

  JobRecord reload(JobRecord j) {
    return store.jobs().find(j.id()).orElseThrow();
  }

  JsonNode result(JobRecord j) {
    return Fixtures.JSON.readTree(store.jobs().result(j.id()).orElseThrow());
  }

  @Test
  void a_job_runs_once_and_is_done_with_its_whole_result() {
    JobRecord job = enqueue("{\"name\":\"work\",\"method\":\"POST\",\"body\":{\"a\":1}}");
    JobRunner runner = runner(j -> ok(200, "{\"ok\":true}"));
    assertThat(runner.runDue()).isEqualTo(1);
    assertThat(runner.runDue()).isZero();
    JobRecord done = reload(job);
    assertThat(done.status()).isEqualTo(JobStatus.DONE);
    assertThat(done.attempt()).isEqualTo(1);
    assertThat(done.resultStatus()).isEqualTo(200);
    assertThat(done.lastError()).isNull();
    assertThat(result(job).toString()).isEqualTo("{\"id\":\"" + job.id()
        + "\",\"status\":200,\"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"{\\\"ok\\\":true}\","
        + "\"is_base64\":false,\"latency_ms\":5}");
    assertThat(calls).singleElement().satisfies(c -> {
      assertThat(c.attempt()).isEqualTo(1);
      assertThat(JobRequest.fromJson(c.request()).body()).isEqualTo("{\"a\":1}");
    });
  }

  @Test
  void a_handler_5xx_is_retried_with_exponential_backoff_then_dead_lettered_with_every_error() {
    JobRecord job = enqueue("{\"name\":\"work\",\"max_attempts\":3,\"retry_delay_ms\":1000}");
    AtomicInteger n = new AtomicInteger();
    JobRunner runner = runner(j -> ok(500, "{\"error\":\"boom " + n.incrementAndGet() + "\"}"));
    assertThat(runner.runDue()).isEqualTo(1);
    JobRecord afterFirst = reload(job);
    assertThat(afterFirst.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(afterFirst.runAt()).isEqualTo(T0.plusMillis(1000));
    assertThat(afterFirst.lastError()).isEqualTo("HTTP 500: {\"error\":\"boom 1\"}");
    clock.advance(Duration.ofMillis(999));
    assertThat(runner.runDue()).as("not due before the backoff").isZero();
    clock.advance(Duration.ofMillis(1));
    assertThat(runner.runDue()).isEqualTo(1);
    assertThat(reload(job).runAt()).as("second delay doubles").isEqualTo(clock.instant().plusMillis(2000));
    clock.advance(Duration.ofMillis(2000));
    assertThat(runner.runDue()).isEqualTo(1);
    JobRecord dead = reload(job);
    assertThat(dead.status()).isEqualTo(JobStatus.FAILED);
    assertThat(dead.attempt()).isEqualTo(3);
    assertThat(dead.lastError()).isEqualTo("HTTP 500: {\"error\":\"boom 3\"}");
    assertThat(store.jobs().attempts(job.id())).extracting(AttemptRecord::attempt, AttemptRecord::outcome,
        AttemptRecord::status, AttemptRecord::error).containsExactly(
            tuple(1, "failed", 500, "HTTP 500: {\"error\":\"boom 1\"}"),
            tuple(2, "failed", 500, "HTTP 500: {\"error\":\"boom 2\"}"),
            tuple(3, "failed", 500, "HTTP 500: {\"error\":\"boom 3\"}"));
    assertThat(result(job).path("status").asInt()).isEqualTo(500);
    clock.advance(Duration.ofHours(1));
    assertThat(runner.runDue()).isZero();
    assertThat(calls).hasSize(3);
  }

  @Test
  void a_retry_that_succeeds_ends_done_and_clears_last_error() {
    JobRecord job = enqueue("{\"name\":\"work\",\"max_attempts\":2,\"retry_delay_ms\":0}");
    AtomicInteger n = new AtomicInteger();
    JobRunner runner = runner(j -> n.incrementAndGet() == 1
        ? new AttemptOutcome.Refused(504, "runtime timeout", Map.of(), true, 2500)
        : ok(200, "fine"));
    runner.runDue();
    assertThat(reload(job).lastError()).isEqualTo("runtime timeout (HTTP 504)");
    runner.runDue();
    JobRecord done = reload(job);
    assertThat(done.status()).isEqualTo(JobStatus.DONE);
    assertThat(done.attempt()).isEqualTo(2);
    assertThat(done.lastError()).isNull();
    assertThat(calls).extracting(JobRecord::attempt).containsExactly(1, 2);
    assertThat(store.jobs().attempts(job.id())).extracting(AttemptRecord::outcome).containsExactly("failed", "done");
  }

  @Test
  void a_refusal_that_would_repeat_ends_the_job_done_with_that_status() {
    JobRecord job = enqueue("{\"name\":\"work\",\"max_attempts\":3}");
    JobRunner runner = runner(j -> new AttemptOutcome.Refused(405, "method not allowed", Map.of("Allow", "GET"), false, 0));
    runner.runDue();
    JobRecord done = reload(job);
    assertThat(done.status()).isEqualTo(JobStatus.DONE);
    assertThat(done.resultStatus()).isEqualTo(405);
    assertThat(result(job).toString()).isEqualTo("{\"id\":\"" + job.id() + "\",\"status\":405,\"headers\":"
        + "{\"Content-Type\":\"application/json\",\"Allow\":\"GET\"},\"body\":\"{\\\"error\\\":\\\"method not allowed\\\"}\","
        + "\"is_base64\":false,\"latency_ms\":0}");
  }

  @Test
  void an_overloaded_gateway_is_a_failed_attempt_that_is_retried() {
    JobRecord job = enqueue("{\"name\":\"work\",\"max_attempts\":2,\"retry_delay_ms\":0}");
    JobRunner runner = runner(j -> new AttemptOutcome.Refused(429, "worker pool overflow", Map.of(), true, 0));
    runner.runDue();
    assertThat(reload(job).status()).isEqualTo(JobStatus.QUEUED);
    runner.runDue();
    assertThat(reload(job).status()).isEqualTo(JobStatus.FAILED);
    assertThat(reload(job).lastError()).isEqualTo("worker pool overflow (HTTP 429)");
  }

  @Test
  void a_result_over_the_limit_fails_the_job_with_a_clear_error_and_stores_nothing() {
    JobRecord job = enqueue("{\"name\":\"work\",\"max_attempts\":3}");
    JobRunner runner = runner(j -> ok(200, "x".repeat(2000)), settings(2, 1000));
    runner.runDue();
    JobRecord failed = reload(job);
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.attempt()).as("not retried: it would be too large again").isEqualTo(1);
    assertThat(failed.resultStatus()).isEqualTo(200);
    assertThat(failed.lastError()).matches(
        "result too large: \\d+ bytes exceeds FN_JOBS_MAX_RESULT_BYTES \\(1000\\); nothing was stored");
    assertThat(store.jobs().result(job.id())).isEmpty();
  }

  @Test
  void a_result_at_the_limit_is_stored_whole_and_binary_bodies_as_base64() {
    JobRecord text = enqueue("{\"name\":\"work\"}");
    JobRunner probe = runner(j -> ok(200, "y".repeat(500)), settings(2, 100_000));
    probe.runDue();
    int exact = store.jobs().result(text.id()).orElseThrow().getBytes(StandardCharsets.UTF_8).length;

    JobRecord atLimit = enqueue("{\"name\":\"work\"}");
    runner(j -> ok(200, "y".repeat(500)), settings(2, exact)).runDue();
    assertThat(reload(atLimit).status()).isEqualTo(JobStatus.DONE);
    assertThat(result(atLimit).path("body").asString()).hasSize(500);

    JobRecord binary = enqueue("{\"name\":\"work\"}");
    runner(j -> new AttemptOutcome.Response(200, Map.of(), new byte[] {(byte) 0xff, 0, 1}, 1)).runDue();
    JsonNode r = result(binary);
    assertThat(r.path("is_base64").asBoolean()).isTrue();
    assertThat(r.path("body_base64").asString()).isEqualTo("/wAB");
    assertThat(r.has("body")).isFalse();
  }

  @Test
  void a_delayed_job_waits_for_its_time() {
    JobRecord job = enqueue("{\"name\":\"work\",\"delay_ms\":4000}");
    assertThat(job.runAt()).isEqualTo(T0.plusMillis(4000));
    JobRunner runner = runner(j -> ok(200, "{}"));
    clock.advance(Duration.ofMillis(3999));
    assertThat(runner.runDue()).isZero();
    assertThat(reload(job).status()).isEqualTo(JobStatus.QUEUED);
    clock.advance(Duration.ofMillis(1));
    assertThat(runner.runDue()).isEqualTo(1);
    assertThat(reload(job).status()).isEqualTo(JobStatus.DONE);
  }

  @Test
  void a_runner_claims_no_more_jobs_than_its_concurrency() throws Exception {
    for (int i = 0; i < 3; i++) {
      enqueue("{\"name\":\"work\"}");
    }
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(2);
    JobRunner runner = runner(j -> {
      started.countDown();
      await(release);
      return ok(200, "{}");
    });
    Thread t = Thread.ofVirtual().start(runner::runDue);
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(runner.inFlight()).hasSize(2);
    assertThat(runner.runDue()).as("no free slot").isZero();
    release.countDown();
    t.join(10_000);
    assertThat(runner.runDue()).isEqualTo(1);
    assertThat(store.jobs().countByStatus()).containsEntry(JobStatus.DONE, 3);
  }

  @Test
  void a_job_of_a_dead_runner_is_requeued_after_its_lease_and_completes_exactly_once() {
    JobRecord job = enqueue("{\"name\":\"work\"}");
    // A runner that claimed the job and died: nothing heartbeats its lease any more.
    store.jobs().claimDue("runner-dead", clock.instant(), Duration.ofSeconds(9), 1);
    JobRunner survivor = runner(j -> ok(200, "{}"));
    assertThat(survivor.runDue()).isZero();
    clock.advance(Duration.ofSeconds(9));
    assertThat(survivor.recoverExpired()).as("lease not yet expired").isZero();
    clock.advance(Duration.ofMillis(1));
    assertThat(survivor.recoverExpired()).isEqualTo(1);
    assertThat(survivor.runDue()).isEqualTo(1);
    JobRecord done = reload(job);
    assertThat(done.status()).isEqualTo(JobStatus.DONE);
    assertThat(done.attempt()).as("the interrupted attempt is given back").isEqualTo(1);
    assertThat(calls).hasSize(1);
    assertThat(store.jobs().attempts(job.id())).extracting(AttemptRecord::outcome)
        .containsExactly("interrupted", "done");
  }

  @Test
  void heartbeats_keep_a_long_attempt_from_being_taken_over() throws Exception {
    JobRecord job = enqueue("{\"name\":\"work\"}");
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    JobRunner slow = runner(j -> {
      started.countDown();
      await(release);
      return ok(200, "{}");
    });
    JobRunner other = runner(j -> ok(200, "{}"));
    Thread t = Thread.ofVirtual().start(slow::runDue);
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(3));
      assertThat(slow.heartbeat()).isEqualTo(1);
      assertThat(other.recoverExpired()).isZero();
      assertThat(other.runDue()).isZero();
    }
    release.countDown();
    t.join(10_000);
    assertThat(reload(job).status()).isEqualTo(JobStatus.DONE);
    assertThat(calls).hasSize(1);
  }

  @Test
  void housekeeping_deletes_finished_jobs_older_than_the_retention() {
    JobRecord old = enqueue("{\"name\":\"work\"}");
    JobRunner runner = runner(j -> ok(200, "{}"));
    runner.runDue();
    clock.advance(Duration.ofDays(7).plusSeconds(1));
    JobRecord recent = enqueue("{\"name\":\"work\"}");
    runner.runDue();
    JobRecord waiting = enqueue("{\"name\":\"work\",\"delay_ms\":60000}");
    assertThat(runner.housekeep()).isEqualTo(1);
    assertThat(store.jobs().find(old.id())).isEmpty();
    assertThat(store.jobs().find(recent.id())).isPresent();
    assertThat(store.jobs().find(waiting.id())).isPresent();
  }

  @Test
  void the_started_runner_wakes_on_enqueue_and_runs_the_job_without_waiting_for_the_poll() {
    Clock real = Clock.systemUTC();
    JobsSettings slowPoll = new JobsSettings(true, 2, Duration.ofSeconds(30), 10, 262_144, Duration.ofDays(7),
        Duration.ofSeconds(9));
    JobQueue q = new JobQueue(store.jobs(), catalogs, slowPoll, real, NO_JITTER);
    try (JobRunner runner = new JobRunner(store.jobs(), j -> ok(200, "{}"), slowPoll, real, NO_JITTER)) {
      q.onEnqueue(runner::wake);
      runner.start();
      Awaitility.await().pollDelay(Duration.ofMillis(200)).until(() -> true); // let it reach its 30 s wait
      JobRecord job = q.enqueue((ObjectNode) Fixtures.JSON.readTree("{\"name\":\"work\"}"));
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> store.jobs().find(job.id()).orElseThrow().status() == JobStatus.DONE);
      JobRecord later = q.enqueue((ObjectNode) Fixtures.JSON.readTree("{\"name\":\"work\",\"delay_ms\":700}"));
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> store.jobs().find(later.id()).orElseThrow().status() == JobStatus.DONE);
      JobRecord ran = store.jobs().find(later.id()).orElseThrow();
      assertThat(ran.startedAt()).isAfterOrEqualTo(later.runAt());
    }
  }

  private static void await(CountDownLatch l) {
    try {
      if (!l.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
