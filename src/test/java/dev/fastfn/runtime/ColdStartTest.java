package dev.fastfn.runtime;

import static dev.fastfn.runtime.Fixtures.alive;
import static dev.fastfn.runtime.Fixtures.deadline;
import static dev.fastfn.runtime.Fixtures.event;
import static dev.fastfn.runtime.Fixtures.json;
import static dev.fastfn.runtime.Fixtures.node;
import static dev.fastfn.runtime.Fixtures.ok;
import static dev.fastfn.runtime.Fixtures.python;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fastfn.discovery.FunctionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cold start rule: a handler's timeout covers the handler; starting and loading its worker is
 * bounded by the runtime's own start limits, and a slow start is retried rather than reported.
 */
class ColdStartTest {
  @TempDir
  Path root;

  WorkerPools pools;

  @AfterEach
  void stop() {
    if (pools != null) {
      pools.close();
    }
  }

  @Test
  void a_slow_import_does_not_count_against_a_short_handler_timeout() {
    pools = new WorkerPools(Fixtures.config(root), WorkerPreparer.none(), Clock.systemUTC(), Fixtures.options());
    FunctionSpec fn = python(root, "slowimport").code("import os, time\ntime.sleep(0.8)\n\n"
        + "def handler(event):\n    return {'pid': os.getpid()}\n").spec();
    CallOutcome first = pools.call(fn, event(fn, "/x"), deadline(300));
    assertThat(ok(first).cold()).isTrue();
    assertThat(json(ok(first)).get("pid").asLong()).isPositive();
  }

  @Test
  void a_cold_handler_still_gets_only_its_timeout_once_it_runs() {
    pools = new WorkerPools(Fixtures.config(root), WorkerPreparer.none(), Clock.systemUTC(), Fixtures.options());
    FunctionSpec fn = node(root, "sleeper").code("exports.handler = async () => {\n"
        + "  await new Promise((r) => setTimeout(r, 5000));\n  return { late: true };\n};\n").spec();
    long t0 = System.nanoTime();
    assertThat(pools.call(fn, event(fn, "/x"), deadline(300))).isInstanceOf(CallOutcome.TimedOut.class);
    // start (bounded by the cold start wait) + 300 ms, never the 5 s the handler wanted
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(4500);
  }

  @Test
  void a_call_that_stops_waiting_for_a_slow_load_leaves_the_load_going_for_the_next_call() {
    RuntimeOptions options = Fixtures.options().withStartTimeouts(RuntimeOptions.START_TIMEOUT, Duration.ofMillis(300));
    pools = new WorkerPools(Fixtures.config(root), WorkerPreparer.none(), Clock.systemUTC(), options);
    FunctionSpec fn = python(root, "slowload").code("import os, time\ntime.sleep(1.5)\n\n"
        + "def handler(event):\n    return {'pid': os.getpid()}\n").spec();

    // the call waits max(timeout, cold start wait) for the load, then gives up; the load goes on
    assertThat(pools.call(fn, event(fn, "/x"), deadline(100))).isInstanceOf(CallOutcome.TimedOut.class);
    CallOutcome second = pools.call(fn, event(fn, "/y"), deadline(10_000));

    assertThat(json(ok(second)).get("pid").asLong()).isPositive();
    assertThat(pools.health().runtimes()).filteredOn(r -> r.runtime().id().equals("python"))
        .singleElement().satisfies(r -> {
          assertThat(r.workers()).isEqualTo(1);
          assertThat(r.restarts()).isZero();
        });
  }

  @Test
  void a_load_that_outlasts_the_load_timeout_kills_the_worker_and_reports_it() throws Exception {
    RuntimeOptions options = Fixtures.options().withLoadTimeout(Duration.ofSeconds(1));
    pools = new WorkerPools(Fixtures.config(root), WorkerPreparer.none(), Clock.systemUTC(), options);
    FunctionSpec fn = python(root, "stuck").code("import os, time\n"
        + "with open('loading.pid', 'w') as f:\n    f.write(str(os.getpid()))\ntime.sleep(60)\n\n"
        + "def handler(event):\n    return {}\n").spec();
    long t0 = System.nanoTime();
    CallOutcome out = pools.call(fn, event(fn, "/x"), deadline(300));
    assertThat(out).isEqualTo(new CallOutcome.Unavailable("loading the handler took longer than 1000 ms"));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(8000);
    long pid = Long.parseLong(Files.readString(fn.functionDir().resolve("loading.pid")).strip());
    await().atMost(Duration.ofSeconds(5)).until(() -> !alive(pid));
  }

  @Test
  void a_worker_start_that_times_out_is_retried_instead_of_failing_the_call() throws Exception {
    // sitecustomize.py hangs the first interpreter that imports it (longer than the start timeout);
    // every later start is normal. PYTHONPATH is boot-only, so the function gets fresh processes.
    Path site = root.resolve("site");
    Fixtures.write(site.resolve("sitecustomize.py"), "import os, time\n"
        + "marker = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'hung-once')\n"
        + "if not os.path.exists(marker):\n    open(marker, 'w').close()\n    time.sleep(60)\n");
    RuntimeOptions options = Fixtures.options().withSpares(0)
        .withStartTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(60));
    pools = new WorkerPools(Fixtures.config(root), WorkerPreparer.none(), Clock.systemUTC(), options);
    FunctionSpec fn = python(root, "hungstart").env("PYTHONPATH", site.toString())
        .code("import os\n\ndef handler(event):\n    return {'pid': os.getpid()}\n").spec();
    CallOutcome out = pools.call(fn, event(fn, "/x"), deadline(500));
    assertThat(json(ok(out)).get("pid").asLong()).isPositive();
    assertThat(site.resolve("hung-once")).exists();
  }
}
