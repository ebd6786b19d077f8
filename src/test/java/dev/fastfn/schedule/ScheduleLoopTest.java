package dev.fastfn.schedule;

import dev.fastfn.testing.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.gateway.Invoker;
import dev.fastfn.gateway.SecretsSource;
import dev.fastfn.gateway.WarmTracker;
import dev.fastfn.jobs.Fixtures;
import dev.fastfn.jobs.StubRunner;
import dev.fastfn.runtime.CallOutcome;
import dev.fastfn.store.JdbcStore;
import dev.fastfn.store.ScheduleState;
import dev.fastfn.store.ScheduleStateRepository;
import dev.fastfn.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Scheduler ticks under a manual clock, with the real Invoker, store and state persistence. */
class ScheduleLoopTest {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00.250Z");
  static final RandomGenerator NO_JITTER = () -> Long.MIN_VALUE;

  @TempDir
  Path dir;
  ManualClock clock;
  Store store;
  final AtomicReference<Catalog> catalog = new AtomicReference<>();
  CatalogHolder catalogs;
  StubRunner runner;
  WarmTracker warm;
  Invoker invoker;
  /** Runs dispatched later, by hand: lets a test hold a run "in flight". */
  final List<Runnable> held = new ArrayList<>();

  @BeforeEach
  void setUp() {
    clock = new ManualClock(T0);
    store = JdbcStore.openSqlite(dir, clock);
    catalog.set(Fixtures.catalog());
    catalogs = new CatalogHolder(catalog::get);
    runner = StubRunner.echo();
    warm = new WarmTracker(clock);
    invoker = new Invoker(runner, SecretsSource.NONE, warm, clock);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  ScheduleLoop loop(Executor executor) {
    return new ScheduleLoop(catalogs, store.schedules(), invoker::invoke, warm, clock, NO_JITTER, executor);
  }

  ScheduleLoop direct() {
    return loop(Runnable::run);
  }

  void publish(FunctionSpec... specs) {
    catalog.set(Fixtures.catalog(specs));
    catalogs.rescan();
  }

  static FunctionSpec pulse(String schedule) {
    return Fixtures.scheduled(RuntimeKind.PYTHON, "pulse", schedule);
  }

  JsonNode row(ScheduleLoop loop, String name) {
    for (JsonNode r : loop.listing().path("schedules")) {
      if (r.path("name").asString().equals(name)) {
        return r;
      }
    }
    return null;
  }

  @Test
  void an_interval_schedule_fires_on_its_grid_and_records_state() {
    publish(pulse("{\"enabled\":true,\"every_seconds\":10,\"method\":\"POST\",\"query\":{\"action\":\"inc\"},"
        + "\"headers\":{\"X-Src\":\"cron\"},\"body\":\"ping\",\"context\":{\"tenant\":\"acme\"}}"));
    ScheduleLoop loop = direct();
    assertThat(loop.runDue()).as("nothing runs at first sight").isZero();
    JsonNode state = row(loop, "pulse").path("state");
    assertThat(state.path("next").asLong()).isEqualTo(Instant.parse("2026-03-01T12:00:10Z").getEpochSecond());
    assertThat(state.has("last")).isFalse();
    clock.set(Instant.parse("2026-03-01T12:00:09.999Z"));
    assertThat(loop.runDue()).isZero();
    clock.set(Instant.parse("2026-03-01T12:00:10.120Z"));
    assertThat(loop.runDue()).isEqualTo(1);
    assertThat(runner.events).singleElement().satisfies(e -> {
      assertThat(e.path("method").asString()).isEqualTo("POST");
      assertThat(e.path("path").asString()).isEqualTo("/pulse");
      assertThat(e.path("query").toString()).isEqualTo("{\"action\":\"inc\"}");
      assertThat(e.path("headers").path("x-src").asString()).isEqualTo("cron");
      assertThat(e.path("body").asString()).isEqualTo("ping");
      assertThat(e.path("context").path("trigger").toString()).isEqualTo("{\"type\":\"schedule\",\"every_seconds\":10}");
      assertThat(e.path("context").path("user").toString()).isEqualTo("{\"tenant\":\"acme\"}");
    });
    JsonNode row = row(loop, "pulse");
    assertThat(row.path("runtime").asString()).isEqualTo("python");
    assertThat(row.path("key").asString()).isEqualTo("python/pulse@default");
    assertThat(row.has("version")).isFalse();
    assertThat(row.path("schedule").path("query").path("action").asString()).isEqualTo("inc");
    assertThat(row.path("state").toString()).isEqualTo(
        "{\"next\":1772366420,\"last\":1772366410.120,\"last_status\":200,\"running\":false}");
  }

  @Test
  void a_run_in_flight_blocks_the_next_one_and_missed_fires_collapse_into_one() {
    publish(pulse("{\"enabled\":true,\"every_seconds\":1}"));
    ScheduleLoop loop = loop(held::add);
    loop.runDue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(loop.runDue()).isEqualTo(1);
    assertThat(row(loop, "pulse").path("state").path("running").asBoolean()).isTrue();
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      assertThat(loop.runDue()).as("still running: skipped").isZero();
    }
    held.remove(0).run();
    assertThat(row(loop, "pulse").path("state").path("running").asBoolean()).isFalse();
    assertThat(loop.runDue()).as("one catch-up run for the five missed fires").isEqualTo(1);
    held.remove(0).run();
    assertThat(loop.runDue()).isZero();
    assertThat(runner.events).hasSize(2);
  }

  @Test
  void state_survives_a_restart_and_runs_missed_while_down_collapse_into_one_catch_up_run() {
    publish(pulse("{\"enabled\":true,\"every_seconds\":60}"));
    ScheduleLoop first = direct();
    first.runDue();
    clock.advance(Duration.ofSeconds(60));
    assertThat(first.runDue()).isEqualTo(1);
    Instant lastRun = clock.instant();
    // "Server down" for ten minutes; a fresh loop reads the persisted state.
    clock.advance(Duration.ofMinutes(10));
    ScheduleLoop second = direct();
    JsonNode before = row(second, "pulse").path("state");
    assertThat(before.path("last").decimalValue().movePointRight(3).longValue()).isEqualTo(lastRun.toEpochMilli());
    assertThat(second.runDue()).as("one catch-up run").isEqualTo(1);
    assertThat(second.runDue()).isZero();
    assertThat(row(second, "pulse").path("state").path("next").asLong())
        .isEqualTo(clock.instant().getEpochSecond() / 60 * 60 + 60);
    assertThat(runner.events).hasSize(2);
  }

  @Test
  void a_running_flag_left_by_a_killed_server_is_cleared_on_restart() {
    publish(pulse("{\"enabled\":true,\"every_seconds\":60}"));
    ScheduleLoop dying = loop(held::add);
    dying.runDue();
    clock.advance(Duration.ofSeconds(60));
    assertThat(dying.runDue()).isEqualTo(1); // never completes: the server "dies"
    assertThat(store.schedules().all(ScheduleStateRepository.SCHEDULE).get("python/pulse@default").running()).isTrue();
    clock.advance(Duration.ofSeconds(60));
    ScheduleLoop restarted = direct();
    assertThat(restarted.runDue()).isEqualTo(1);
    assertThat(row(restarted, "pulse").path("state").path("running").asBoolean()).isFalse();
  }

  @Test
  void a_cron_schedule_crosses_the_new_york_spring_gap_with_one_run_at_the_first_valid_instant() {
    publish(pulse("{\"enabled\":true,\"cron\":\"30 2 * * *\",\"timezone\":\"America/New_York\"}"));
    clock.set(Instant.parse("2026-03-08T05:00:00Z")); // 00:00 EST
    ScheduleLoop loop = direct();
    loop.runDue();
    assertThat(row(loop, "pulse").path("state").path("next").asLong())
        .isEqualTo(Instant.parse("2026-03-08T07:00:00Z").getEpochSecond()); // 03:00 EDT
    int runs = 0;
    for (Instant t = clock.instant(); t.isBefore(Instant.parse("2026-03-08T12:00:00Z")); t = t.plusSeconds(60)) {
      clock.set(t);
      runs += loop.runDue();
    }
    assertThat(runs).isEqualTo(1);
    JsonNode trigger = runner.events.get(0).path("context").path("trigger");
    assertThat(trigger.propertyNames()).containsExactlyInAnyOrder("type", "cron", "timezone");
    assertThat(trigger.path("type").asString()).isEqualTo("schedule");
    assertThat(trigger.path("cron").asString()).isEqualTo("30 2 * * *");
    assertThat(trigger.path("timezone").asString()).isEqualTo("America/New_York");
    assertThat(row(loop, "pulse").path("state").path("last").asLong())
        .isEqualTo(Instant.parse("2026-03-08T07:00:00Z").getEpochSecond());
    assertThat(row(loop, "pulse").path("state").path("next").asLong())
        .isEqualTo(Instant.parse("2026-03-09T06:30:00Z").getEpochSecond()); // 02:30 EDT next day
  }

  @Test
  void a_failed_run_is_retried_per_the_retry_policy_before_the_schedule_goes_on() {
    AtomicInteger calls = new AtomicInteger();
    runner = new StubRunner((fn, ev) -> calls.incrementAndGet() < 3 ? StubRunner.reply(503, "{}") : StubRunner.reply(200, "{}"));
    invoker = new Invoker(runner, SecretsSource.NONE, warm, clock);
    publish(pulse("{\"enabled\":true,\"every_seconds\":3600,\"retry\":{\"max_attempts\":3,\"base_delay_seconds\":2,"
        + "\"jitter\":0}}"));
    ScheduleLoop loop = direct();
    loop.runDue();
    clock.set(Instant.parse("2026-03-01T13:00:00Z"));
    assertThat(loop.runDue()).isEqualTo(1);
    JsonNode st = row(loop, "pulse").path("state");
    assertThat(st.path("last_status").asInt()).isEqualTo(503);
    assertThat(st.path("last_error").asString()).isEqualTo("retrying 2/3 in 2.00s: HTTP 503");
    assertThat(st.path("retry_attempt").asInt()).isEqualTo(2);
    clock.advance(Duration.ofMillis(1999));
    assertThat(loop.runDue()).isZero();
    clock.advance(Duration.ofMillis(1));
    assertThat(loop.runDue()).isEqualTo(1);
    assertThat(row(loop, "pulse").path("state").path("last_error").asString()).isEqualTo("retrying 3/3 in 4.00s: HTTP 503");
    clock.advance(Duration.ofSeconds(4));
    assertThat(loop.runDue()).isEqualTo(1);
    st = row(loop, "pulse").path("state");
    assertThat(st.path("last_status").asInt()).isEqualTo(200);
    assertThat(st.has("last_error")).isFalse();
    assertThat(st.has("retry_due")).isFalse();
    assertThat(runner.events).extracting(e -> e.path("context").path("trigger").path("attempt").asInt())
        .containsExactly(1, 2, 3);
  }

  @Test
  void gateway_errors_are_recorded_with_their_message() {
    runner = new StubRunner((fn, ev) -> new CallOutcome.TimedOut());
    invoker = new Invoker(runner, SecretsSource.NONE, warm, clock);
    publish(pulse("{\"enabled\":true,\"every_seconds\":1}"));
    ScheduleLoop loop = direct();
    loop.runDue();
    clock.advance(Duration.ofSeconds(1));
    loop.runDue();
    JsonNode st = row(loop, "pulse").path("state");
    assertThat(st.path("last_status").asInt()).isEqualTo(504);
    assertThat(st.path("last_error").asString()).isEqualTo("runtime timeout");
  }

  @Test
  void state_left_by_functions_removed_while_the_server_was_down_is_pruned_and_kept_state_survives_edits() {
    ScheduleState old = new ScheduleState(null, T0, 200, null, false, null, null, "h");
    store.schedules().put(ScheduleStateRepository.SCHEDULE, "python/gone@default", old, T0);
    publish(pulse("{\"enabled\":true,\"every_seconds\":10}"));
    ScheduleLoop loop = direct();
    loop.runDue();
    assertThat(store.schedules().all(ScheduleStateRepository.SCHEDULE)).doesNotContainKey("python/gone@default");
    clock.advance(Duration.ofSeconds(10));
    assertThat(loop.runDue()).isEqualTo(1);
    // a catalog change that removes no entry keeps the state of the others
    publish(pulse("{\"enabled\":true,\"every_seconds\":10}"), Fixtures.scheduled(RuntimeKind.NODE, "tick",
        "{\"enabled\":true,\"every_seconds\":60}"));
    loop.runDue();
    assertThat(store.schedules().all(ScheduleStateRepository.SCHEDULE).get("python/pulse@default").lastStatus())
        .isEqualTo(200);
  }

  @Test
  void disabling_removes_the_schedule_and_its_state_and_an_edit_starts_over() {
    publish(pulse("{\"enabled\":true,\"every_seconds\":10}"));
    ScheduleLoop loop = direct();
    loop.runDue();
    clock.advance(Duration.ofSeconds(10));
    assertThat(loop.runDue()).isEqualTo(1);
    publish(pulse("{\"enabled\":true,\"every_seconds\":3600}"));
    assertThat(loop.runDue()).isZero();
    JsonNode st = row(loop, "pulse").path("state");
    assertThat(st.path("next").asLong()).isEqualTo(Instant.parse("2026-03-01T13:00:00Z").getEpochSecond());
    assertThat(st.path("last_status").asInt()).as("history kept").isEqualTo(200);
    publish(pulse("{\"enabled\":false,\"every_seconds\":1}"));
    assertThat(loop.listing().path("schedules").size()).isZero();
    assertThat(store.schedules().all(ScheduleStateRepository.SCHEDULE)).isEmpty();
    clock.advance(Duration.ofHours(2));
    assertThat(loop.runDue()).isZero();
  }

  @Test
  void an_invalid_schedule_on_disk_is_listed_with_its_error_and_never_runs() {
    publish(pulse("{\"enabled\":true,\"cron\":\"75 * * * *\"}"));
    ScheduleLoop loop = direct();
    clock.advance(Duration.ofHours(1));
    assertThat(loop.runDue()).isZero();
    JsonNode row = row(loop, "pulse");
    assertThat(row.path("schedule").path("cron").asString()).isEqualTo("75 * * * *");
    assertThat(row.path("state").path("last_error").asString())
        .isEqualTo("invalid schedule: invalid cron '75 * * * *': value 75 not in range [0, 59]");
  }

  @Test
  void the_listing_is_sorted_by_key_with_versions_and_empty_lists_as_arrays() {
    ScheduleLoop loop = direct();
    ObjectNode empty = loop.listing();
    assertThat(empty.path("schedules").isArray()).isTrue();
    assertThat(empty.path("keep_warm").isArray()).isTrue();
    assertThat(empty.path("ts").asLong()).isEqualTo(T0.getEpochSecond());
    publish(
        Fixtures.scheduled(RuntimeKind.NODE, "b", "{\"enabled\":true,\"every_seconds\":5}"),
        Fixtures.fn(RuntimeKind.NODE, "b", "v2", List.of("GET"), "{\"enabled\":true,\"cron\":\"@hourly\"}", null, 2500, 1000),
        Fixtures.scheduled(RuntimeKind.PYTHON, "a", "{\"enabled\":true,\"every_seconds\":5}"),
        Fixtures.scheduled(RuntimeKind.PYTHON, "off", "{\"enabled\":false,\"every_seconds\":5}"));
    ObjectNode l = loop.listing();
    assertThat(l.path("schedules").valueStream().map(r -> r.path("key").asString()).toList())
        .containsExactly("node/b@default", "node/b@v2", "python/a@default");
    assertThat(l.path("schedules").get(1).path("version").asString()).isEqualTo("v2");
  }

  @Test
  void keep_warm_pings_a_function_and_reports_its_warm_state() {
    FunctionSpec ping = Fixtures.fn(RuntimeKind.NODE, "ping", null, List.of("POST", "GET"), null,
        new FunctionPolicy.KeepWarmPolicy(true, 1, 30, 300), 2500, 1000);
    publish(ping);
    ScheduleLoop loop = direct();
    assertThat(loop.listing().path("keep_warm").get(0).path("state").path("warm_state").asString()).isEqualTo("cold");
    assertThat(loop.runDue()).as("never warm: pinged at once").isEqualTo(1);
    ObjectNode e = runner.events.get(0);
    assertThat(e.path("method").asString()).isEqualTo("GET");
    assertThat(e.path("query").toString()).isEqualTo("{\"__fastfn_keep_warm\":\"1\"}");
    assertThat(e.path("headers").path("x-fastfn-trigger").asString()).isEqualTo("keep_warm");
    assertThat(e.path("context").path("trigger").toString()).isEqualTo("{\"type\":\"keep_warm\"}");
    JsonNode kw = loop.listing().path("keep_warm").get(0);
    assertThat(kw.path("keep_warm").toString())
        .isEqualTo("{\"enabled\":true,\"min_warm\":1,\"ping_every_seconds\":30,\"idle_ttl_seconds\":300}");
    assertThat(kw.path("state").path("warm_state").asString()).isEqualTo("warm");
    assertThat(kw.path("state").path("last_status").asInt()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(29));
    assertThat(loop.runDue()).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(loop.runDue()).isEqualTo(1);
    assertThat(loop.listing().path("schedules").size()).isZero();
    ScheduleState persisted = store.schedules().all(ScheduleStateRepository.KEEP_WARM).get("node/ping@default");
    assertThat(persisted.last()).isEqualTo(clock.instant());
  }

  @Test
  void a_catalog_change_makes_the_ticking_thread_tick_soon_instead_of_after_its_interval() {
    publish(pulse("{\"enabled\":true,\"every_seconds\":1}"));
    ScheduleLoop loop = direct();
    loop.start(Duration.ofHours(1)); // only woken ticks can happen during this test
    try {
      // the thread's first tick may see the schedule after any of these advances: repeat until a run
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
        clock.advance(Duration.ofSeconds(1));
        loop.wakeSoon();
        return !runner.events.isEmpty();
      });
      int before = runner.events.size();
      clock.advance(Duration.ofSeconds(1));
      loop.wakeSoon();
      await().atMost(Duration.ofSeconds(5)).until(() -> runner.events.size() == before + 1);
    } finally {
      loop.close();
    }
  }
}
