package dev.fastfn.runtime;

import dev.fastfn.testing.ManualClock;

import static dev.fastfn.runtime.Fixtures.alive;
import static dev.fastfn.runtime.Fixtures.deadline;
import static dev.fastfn.runtime.Fixtures.event;
import static dev.fastfn.runtime.Fixtures.json;
import static dev.fastfn.runtime.Fixtures.node;
import static dev.fastfn.runtime.Fixtures.ok;
import static dev.fastfn.runtime.Fixtures.python;
import static dev.fastfn.runtime.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fastfn.discovery.FunctionSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;

/** Timeouts, crashes, restarts, concurrency and output capture, pool sizing, idle reaping, health. */
class WorkerSupervisionTest {
  @TempDir
  Path root;

  WorkerPools pools;

  @BeforeEach
  void start() {
    pools = new WorkerPools(Fixtures.config(root), WorkerPreparer.none(), Clock.systemUTC(), Fixtures.options());
  }

  @AfterEach
  void stop() {
    pools.close();
  }

  private long pidOf(FunctionSpec fn) {
    return json(ok(pools.call(fn, event(fn, "/pid"), deadline(10_000)))).get("pid").asLong();
  }

  // ----------------------------------------------------------------------------------------------
  // timeouts

  @Test
  void a_spinning_python_handler_times_out_and_is_cancelled_without_losing_the_worker() {
    FunctionSpec fn = python(root, "spin").code("import os\nSTOPPED = []\n\ndef handler(event):\n"
        + "    if event['query'].get('spin'):\n        try:\n            while True:\n                pass\n"
        + "        finally:\n            STOPPED.append(1)\n    return {'pid': os.getpid(), 'stopped': len(STOPPED)}\n")
        .spec();
    long pid = pidOf(fn);
    long t0 = System.nanoTime();
    CallOutcome out = pools.call(fn, event(fn, "/spin?spin=1"), deadline(300));
    assertThat(out).isInstanceOf(CallOutcome.TimedOut.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1000);
    // The loop unwound (its finally ran) and the same process answers: no CPU is being burnt.
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      var j = json(ok(pools.call(fn, event(fn, "/pid"), deadline(5_000))));
      assertThat(j.get("stopped").asInt()).isEqualTo(1);
      assertThat(j.get("pid").asLong()).isEqualTo(pid);
    });
  }

  @Test
  void a_timed_out_async_python_handler_is_cancelled_on_the_shared_loop() {
    FunctionSpec fn = python(root, "asleep").code("import asyncio, os\nCANCELLED = []\n\n"
        + "async def handler(event):\n    if event['query'].get('slow'):\n        try:\n"
        + "            await asyncio.sleep(30)\n        except asyncio.CancelledError:\n"
        + "            CANCELLED.append(1)\n            raise\n    return {'pid': os.getpid(), 'cancelled': len(CANCELLED)}\n")
        .spec();
    long pid = pidOf(fn);
    assertThat(pools.call(fn, event(fn, "/a?slow=1"), deadline(300))).isInstanceOf(CallOutcome.TimedOut.class);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      var j = json(ok(pools.call(fn, event(fn, "/pid"), deadline(5_000))));
      assertThat(j.get("cancelled").asInt()).isEqualTo(1);
      assertThat(j.get("pid").asLong()).isEqualTo(pid);
    });
  }

  @Test
  void raw_writes_to_fd_1_and_child_process_output_never_corrupt_python_frames() {
    FunctionSpec fn = python(root, "stray").code("import os, subprocess\n\ndef handler(event):\n"
        + "    os.write(1, b'\\x00\\x00\\x00\\x05junk\\n')\n    subprocess.run(['echo', 'from-child'])\n"
        + "    print('captured')\n    return {'ok': True}\n").spec();
    for (int i = 0; i < 3; i++) {
      WorkerReply r = ok(pools.call(fn, event(fn, "/s"), deadline(10_000)));
      assertThat(text(r)).isEqualTo("{\"ok\":true}");
      assertThat(r.stdout()).isEqualTo("captured\n");
    }
  }

  @Test
  void child_process_output_and_raw_fd_1_writes_never_corrupt_node_frames() {
    FunctionSpec fn = node(root, "stray").code("const cp = require('child_process');\nconst fs = require('fs');\n"
        + "exports.handler = () => {\n  cp.spawnSync('echo', ['from-child'], { stdio: 'inherit' });\n"
        + "  fs.writeSync(1, '\\u0000\\u0000\\u0000\\u0005junk\\n');\n  console.log('captured');\n  return { ok: true };\n};\n")
        .spec();
    for (int i = 0; i < 3; i++) {
      WorkerReply r = ok(pools.call(fn, event(fn, "/s"), deadline(10_000)));
      assertThat(text(r)).isEqualTo("{\"ok\":true}");
      assertThat(r.stdout()).isEqualTo("captured\n");
    }
  }

  @Test
  void a_python_handler_that_swallows_the_cancel_is_killed_and_replaced() {
    FunctionSpec fn = python(root, "stubborn").code("import os\n\ndef handler(event):\n"
        + "    while event['query'].get('spin'):\n        try:\n            while True:\n                pass\n"
        + "        except BaseException:\n            pass\n    return {'pid': os.getpid()}\n").spec();
    long pid = pidOf(fn);
    assertThat(pools.call(fn, event(fn, "/s?spin=1"), deadline(300))).isInstanceOf(CallOutcome.TimedOut.class);
    await().atMost(Duration.ofSeconds(5)).until(() -> !alive(pid));
    long next = pidOf(fn);
    assertThat(next).isNotEqualTo(pid);
    assertThat(pools.health().pools()).singleElement().satisfies(p -> {
      assertThat(p.restarts()).isEqualTo(1);
      assertThat(p.lastError()).isEqualTo("call 2 did not stop within 1000 ms after its deadline");
    });
  }

  @Test
  void a_call_to_a_worker_that_has_ended_unseen_runs_on_a_new_one() {
    // ?hold=1 forks a child that keeps the worker's reply pipe open (it closes the request pipe), so
    // that after the worker is killed the server does not see it end until its exit watch fires.
    FunctionSpec fn = python(root, "fragile").code("import os, time\nimport __main__\n\n"
        + "def handler(event):\n    if event['query'].get('hold') and os.fork() == 0:\n"
        + "        os.close(__main__._PROTO_IN)\n        time.sleep(3)\n        os._exit(0)\n"
        + "    return {'pid': os.getpid()}\n").spec();
    long pid = json(ok(pools.call(fn, event(fn, "/f?hold=1"), deadline(10_000)))).get("pid").asLong();
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    await().atMost(Duration.ofSeconds(5)).until(() -> !alive(pid));

    // Writing the call fails (nobody reads the request pipe): nothing of it ran, so it goes to a new
    // worker instead of failing.
    assertThat(pidOf(fn)).isNotEqualTo(pid);
  }

  @Test
  void a_node_busy_loop_is_killed_after_the_grace_and_the_next_call_works() {
    FunctionSpec fn = node(root, "busy").code("exports.handler = (event) => {\n"
        + "  if (event.query.spin) { for (;;) {} }\n  return { pid: process.pid };\n};\n").spec();
    long pid = pidOf(fn);
    assertThat(pools.call(fn, event(fn, "/b?spin=1"), deadline(300))).isInstanceOf(CallOutcome.TimedOut.class);
    await().atMost(Duration.ofSeconds(5)).until(() -> !alive(pid));
    assertThat(pidOf(fn)).isNotEqualTo(pid);
  }

  @Test
  void a_slow_node_promise_times_out_without_killing_the_responsive_worker() {
    FunctionSpec fn = node(root, "slowpoke").code("exports.handler = async (event) => {\n"
        + "  const ms = Number(event.query.ms || 0);\n  await new Promise((r) => setTimeout(r, ms));\n"
        + "  return { slept: ms, pid: process.pid };\n};\n").spec();
    long pid = pidOf(fn);
    assertThat(pools.call(fn, event(fn, "/slowpoke?ms=2000"), deadline(400))).isInstanceOf(CallOutcome.TimedOut.class);
    var j = json(ok(pools.call(fn, event(fn, "/slowpoke?ms=10"), deadline(5_000))));
    assertThat(j.get("slept").asInt()).isEqualTo(10);
    assertThat(j.get("pid").asLong()).isEqualTo(pid);
  }

  // ----------------------------------------------------------------------------------------------
  // crashes

  @Test
  void the_group_signals_of_ctrl_c_and_a_service_stop_leave_python_and_node_workers_running() throws Exception {
    // The server stops its workers itself; SIGINT (a terminal's Ctrl-C) or SIGTERM sent to the whole
    // process group (kill -- -PGID, a service manager) must not kill them first.
    FunctionSpec py = python(root, "sigpy").code("import os\n\ndef handler(event):\n    return {'pid': os.getpid()}\n").spec();
    FunctionSpec js = node(root, "sigjs").code("exports.handler = async () => ({ pid: process.pid });\n").spec();
    for (FunctionSpec fn : List.of(py, js)) {
      long pid = pidOf(fn);
      for (String signal : List.of("-INT", "-TERM")) {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).start();
        assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> alive(pid));
        assertThat(pidOf(fn)).isEqualTo(pid);
      }
    }
    assertThat(pools.health().pools()).allSatisfy(p -> assertThat(p.restarts()).isZero());
  }

  @Test
  void processes_a_handler_starts_can_still_be_interrupted_and_terminated() {
    // Workers catch SIGINT and SIGTERM; ignoring them instead would pass the ignoring on to children.
    // The handler waits before signalling: a signal that came before the child's exec would meet the
    // worker's own handler.
    FunctionSpec py = python(root, "kidspy").code("import signal, subprocess, time\n\ndef handler(event):\n"
        + "    codes = []\n"
        + "    for sig in (signal.SIGINT, signal.SIGTERM):\n"
        + "        p = subprocess.Popen(['sleep', '30'])\n"
        + "        time.sleep(0.1)\n"
        + "        p.send_signal(sig)\n"
        + "        codes.append(p.wait(timeout=5))\n"
        + "    return {'codes': codes}\n").spec();
    FunctionSpec js = node(root, "kidsjs").code("const { spawnSync } = require('child_process');\n"
        + "exports.handler = async () => ({ codes: ['SIGINT', 'SIGTERM'].map((s) =>\n"
        + "  spawnSync('sleep', ['30'], { timeout: 200, killSignal: s }).signal) });\n").spec();
    assertThat(json(ok(pools.call(py, event(py, "/kids"), deadline(15_000)))).get("codes").toString())
        .isEqualTo("[-2,-15]");
    assertThat(json(ok(pools.call(js, event(js, "/kids"), deadline(15_000)))).get("codes").toString())
        .isEqualTo("[\"SIGINT\",\"SIGTERM\"]");
  }

  private Worker.StartFailure startFailure(String code) throws Exception {
    WorkerScripts scripts = WorkerScripts.extract();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      Worker w = Worker.spawn(new PythonArgsLauncher("python3", List.of("-c", code)), scripts, Fixtures.options(), Map.of("PATH",
          System.getenv("PATH")), new ObjectMapper(), timer, (wk, reason, expected) -> { });
      try {
        w.awaitReady(Duration.ofSeconds(10));
      } catch (Worker.StartFailure e) {
        return e;
      }
      w.stop();
      throw new AssertionError("the worker started");
    } finally {
      timer.shutdownNow();
      scripts.delete();
    }
  }

  @Test
  void a_worker_stopped_by_a_group_signal_while_starting_is_a_transient_failure_not_a_broken_runtime()
      throws Exception {
    // Ctrl-C or a service stop meets a spare before its script has set its handlers: nobody's fault,
    // and the runtime is not down (SparePool reports it only if the server is still running later).
    for (String sig : List.of("SIGINT", "SIGTERM", "SIGHUP")) {
      Worker.StartFailure f = startFailure("import os, signal\nsignal.signal(signal.SIGINT, signal.SIG_DFL)\n"
          + "os.kill(os.getpid(), signal." + sig + ")\n");
      assertThat(f.transientFailure()).as(sig).isTrue();
      assertThat(f.getMessage()).contains("killed by signal");
    }
    Worker.StartFailure exited = startFailure("import sys\nsys.exit(3)\n");
    assertThat(exited.runtimeLevel()).isTrue();
    assertThat(exited.getMessage()).contains("exited with code 3");
    Worker.StartFailure killed = startFailure("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n");
    assertThat(killed.runtimeLevel()).isTrue();
  }

  @Test
  void python_os_exit_crashes_the_call_and_the_next_call_gets_a_new_worker() {
    FunctionSpec fn = python(root, "exiter").code("import os\n\ndef handler(event):\n"
        + "    if event['query'].get('exit'):\n        os._exit(1)\n    return {'pid': os.getpid()}\n").spec();
    long pid = pidOf(fn);
    CallOutcome out = pools.call(fn, event(fn, "/e?exit=1"), deadline(5_000));
    assertThat(out).isEqualTo(new CallOutcome.Crashed("worker exited with code 1"));
    long next = pidOf(fn);
    assertThat(next).isNotEqualTo(pid);
    assertThat(pools.health().pools()).singleElement().satisfies(p -> {
      assertThat(p.restarts()).isEqualTo(1);
      assertThat(p.state()).isEqualTo("warm");
    });
  }

  @Test
  void sys_exit_in_a_handler_ends_its_worker() {
    FunctionSpec fn = python(root, "sysexit").code("import os, sys\n\ndef handler(event):\n"
        + "    if event['query'].get('exit'):\n        sys.exit(3)\n    return {'pid': os.getpid()}\n").spec();
    long pid = pidOf(fn);
    CallOutcome out = pools.call(fn, event(fn, "/e?exit=1"), deadline(5_000));
    assertThat(out).isInstanceOf(CallOutcome.Crashed.class);
    assertThat(((CallOutcome.Crashed) out).reason()).startsWith("worker exited with code 3");
    assertThat(pidOf(fn)).isNotEqualTo(pid);
  }

  @Test
  void node_process_exit_crashes_the_call_and_the_next_call_gets_a_new_worker() {
    FunctionSpec fn = node(root, "exiter").code("exports.handler = (event) => {\n"
        + "  if (event.query.exit) process.exit(1);\n  return { pid: process.pid };\n};\n").spec();
    long pid = pidOf(fn);
    assertThat(pools.call(fn, event(fn, "/e?exit=1"), deadline(5_000)))
        .isEqualTo(new CallOutcome.Crashed("worker exited with code 1"));
    assertThat(pidOf(fn)).isNotEqualTo(pid);
  }

  @Test
  void calls_in_flight_on_a_dying_worker_fail_within_a_second() throws Exception {
    FunctionSpec fn = python(root, "dying").code("import os, time\n\ndef handler(event):\n"
        + "    if event['query'].get('exit'):\n        time.sleep(0.3)\n        os._exit(9)\n"
        + "    time.sleep(10)\n    return {}\n").spec();
    pools.prewarm(fn);
    List<CompletableFuture<CallOutcome>> slow = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      slow.add(CompletableFuture.supplyAsync(() -> pools.call(fn, event(fn, "/slow"), deadline(20_000)),
          r -> Thread.ofVirtual().start(r)));
    }
    CallOutcome killer = pools.call(fn, event(fn, "/x?exit=1"), deadline(20_000));
    long diedAt = System.nanoTime();
    assertThat(killer).isInstanceOf(CallOutcome.Crashed.class);
    for (CompletableFuture<CallOutcome> f : slow) {
      assertThat(f.get(2, TimeUnit.SECONDS)).isEqualTo(new CallOutcome.Crashed("worker exited with code 9"));
    }
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - diedAt)).isLessThan(1000);
  }

  @Test
  void a_module_that_exits_while_loading_makes_the_function_unavailable_with_the_reason() {
    FunctionSpec fn = python(root, "exitsonimport").code("import os\nos._exit(4)\n").spec();
    CallOutcome out = pools.call(fn, event(fn, "/x"), deadline(10_000));
    assertThat(out).isEqualTo(new CallOutcome.Unavailable("worker exited with code 4"));
    assertThat(pools.health().runtimes()).filteredOn(r -> r.runtime().id().equals("python"))
        .singleElement().satisfies(r -> assertThat(r.up()).isTrue());
  }

  // ----------------------------------------------------------------------------------------------
  // concurrency and capture

  @Test
  void a_blocking_sync_handler_does_not_hold_up_other_calls_of_its_worker() throws Exception {
    // Fast sync calls run on the worker's reader thread; a call that blocks hands reading over.
    FunctionSpec fn = python(root, "blocker").code("import os, time\n\ndef handler(event):\n"
        + "    if event['query'].get('block'):\n        time.sleep(3)\n    return {'pid': os.getpid()}\n").spec();
    long pid = pidOf(fn);
    for (int i = 0; i < 50; i++) {
      assertThat(pidOf(fn)).isEqualTo(pid); // warm and fast: inline
    }
    CompletableFuture<CallOutcome> blocked = CompletableFuture.supplyAsync(
        () -> pools.call(fn, event(fn, "/b?block=1"), deadline(20_000)), r -> Thread.ofVirtual().start(r));
    await().atMost(Duration.ofSeconds(5)).until(() -> pools.health().pools().get(0).inFlight() == 1);
    long t0 = System.nanoTime();
    assertThat(pidOf(fn)).isEqualTo(pid);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1500);
    assertThat(blocked.isDone()).isFalse();
    assertThat(json(ok(blocked.get(10, TimeUnit.SECONDS))).get("pid").asLong()).isEqualTo(pid);
  }

  private void twentyConcurrentCallsGetTheirOwnOutput(FunctionSpec fn) throws Exception {
    pools.prewarm(fn);
    List<CompletableFuture<CallOutcome>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String q = "/p?n=" + i;
      calls.add(CompletableFuture.supplyAsync(() -> pools.call(fn, event(fn, q), deadline(20_000)),
          r -> Thread.ofVirtual().start(r)));
    }
    for (int i = 0; i < 20; i++) {
      WorkerReply r = ok(calls.get(i).get(30, TimeUnit.SECONDS));
      assertThat(r.stdout()).isEqualTo("line-" + i + "-a\nline-" + i + "-b\n");
      assertThat(r.stderr()).isEqualTo("err-" + i + "\n");
      assertThat(text(r)).isEqualTo("{\"n\":\"" + i + "\"}");
    }
  }

  @Test
  void twenty_concurrent_python_sync_calls_each_get_only_their_own_output() throws Exception {
    twentyConcurrentCallsGetTheirOwnOutput(python(root, "printer").code("import sys, time\n\ndef handler(event):\n"
        + "    n = event['query']['n']\n    print('line-%s-a' % n)\n    time.sleep(0.05)\n"
        + "    print('err-%s' % n, file=sys.stderr)\n    time.sleep(0.05)\n    print('line-%s-b' % n)\n"
        + "    return {'n': n}\n").spec());
  }

  @Test
  void twenty_concurrent_python_async_calls_each_get_only_their_own_output() throws Exception {
    twentyConcurrentCallsGetTheirOwnOutput(python(root, "aprinter").code("import asyncio, sys\n\n"
        + "async def handler(event):\n    n = event['query']['n']\n    print('line-%s-a' % n)\n"
        + "    await asyncio.sleep(0.05)\n    print('err-%s' % n, file=sys.stderr)\n    await asyncio.sleep(0.05)\n"
        + "    print('line-%s-b' % n)\n    return {'n': n}\n").spec());
  }

  @Test
  void twenty_concurrent_node_calls_each_get_only_their_own_output() throws Exception {
    twentyConcurrentCallsGetTheirOwnOutput(node(root, "printer").code("const sleep = (ms) => new Promise((r) => setTimeout(r, ms));\n"
        + "exports.handler = async (event) => {\n  const n = event.query.n;\n  console.log(`line-${n}-a`);\n"
        + "  await sleep(50);\n  console.error(`err-${n}`);\n  await sleep(50);\n  console.log(`line-${n}-b`);\n"
        + "  return { n };\n};\n").spec());
  }

  // ----------------------------------------------------------------------------------------------
  // pool size, cold/warm, idle reaping, health

  @Test
  void a_pool_of_two_workers_serves_round_robin() {
    pools.close();
    pools = new WorkerPools(Fixtures.config(root, Map.of("FN_RUNTIME_DAEMONS", "python=2,node=2")),
        WorkerPreparer.none(), Clock.systemUTC(), Fixtures.options());
    FunctionSpec fn = python(root, "rr").code("import os\n\ndef handler(event):\n    return {'pid': os.getpid()}\n").spec();
    ok(pools.call(fn, event(fn, "/rr"), deadline(10_000)));
    await().atMost(Duration.ofSeconds(10)).until(() -> pools.health().pools().get(0).workers() == 2);
    List<Long> pids = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      WorkerReply r = ok(pools.call(fn, event(fn, "/rr"), deadline(10_000)));
      pids.add(json(r).get("pid").asLong());
      indexes.add(r.workerIndex());
    }
    assertThat(new java.util.HashSet<>(pids)).hasSize(2);
    assertThat(indexes).containsExactlyInAnyOrder(0, 1, 0, 1);
  }

  @Test
  void the_first_call_is_cold_and_the_next_warm() {
    FunctionSpec fn = node(root, "coldwarm").code("exports.handler = () => ({ ok: true });\n").spec();
    assertThat(ok(pools.call(fn, event(fn, "/c"), deadline(10_000))).cold()).isTrue();
    assertThat(ok(pools.call(fn, event(fn, "/c"), deadline(10_000))).cold()).isFalse();
  }

  @Test
  void idle_workers_are_stopped_after_the_ttl_and_the_next_call_starts_cold() {
    pools.close();
    Fixtures.ManualClock clock = new Fixtures.ManualClock();
    pools = new WorkerPools(Fixtures.config(root), WorkerPreparer.none(), clock, Fixtures.options());
    FunctionSpec fn = python(root, "idle").workerPool(0, 60)
        .code("import os\n\ndef handler(event):\n    return {'pid': os.getpid()}\n").spec();
    long pid = pidOf(fn);
    clock.advance(Duration.ofSeconds(59));
    pools.housekeep();
    assertThat(alive(pid)).isTrue();
    clock.advance(Duration.ofSeconds(2));
    pools.housekeep();
    await().atMost(Duration.ofSeconds(5)).until(() -> !alive(pid));
    assertThat(pools.health().pools()).singleElement().satisfies(p -> {
      assertThat(p.state()).isEqualTo("cold");
      assertThat(p.workers()).isZero();
      assertThat(p.restarts()).isZero();
    });
    WorkerReply again = ok(pools.call(fn, event(fn, "/pid"), deadline(10_000)));
    assertThat(again.cold()).isTrue();
    assertThat(json(again).get("pid").asLong()).isNotEqualTo(pid);
  }

  @Test
  void workers_that_reach_their_ttl_together_exit_one_after_another() throws Exception {
    pools.close();
    Fixtures.ManualClock clock = new Fixtures.ManualClock();
    pools = new WorkerPools(Fixtures.config(root), WorkerPreparer.none(), clock, Fixtures.options());
    List<Long> exits = Collections.synchronizedList(new ArrayList<>());
    List<Long> pids = new ArrayList<>();
    for (String name : List.of("tide1", "tide2", "tide3")) {
      FunctionSpec fn = python(root, name).workerPool(0, 60)
          .code("import os\n\ndef handler(event):\n    return {'pid': os.getpid()}\n").spec();
      long pid = pidOf(fn);
      pids.add(pid);
      ProcessHandle.of(pid).orElseThrow().onExit().thenRun(() -> exits.add(System.nanoTime()));
    }
    clock.advance(Duration.ofSeconds(61));
    pools.housekeep();
    await().atMost(Duration.ofSeconds(10)).until(() -> exits.size() == 3);
    assertThat(pids).noneMatch(Fixtures::alive);
    // Scheduled 0, 50 and 100 ms after the pass; without pacing they exit within a few ms of each other.
    long spreadMs = (Collections.max(exits) - Collections.min(exits)) / 1_000_000;
    assertThat(spreadMs).isGreaterThanOrEqualTo(50);
    assertThat(pools.health().pools()).allSatisfy(p -> assertThat(p.workers()).isZero());
  }

  @Test
  void min_warm_keeps_workers_through_idle_time() {
    pools.close();
    Fixtures.ManualClock clock = new Fixtures.ManualClock();
    pools = new WorkerPools(Fixtures.config(root, Map.of("FN_RUNTIME_DAEMONS", "python=2")), WorkerPreparer.none(),
        clock, Fixtures.options());
    FunctionSpec fn = python(root, "warmkeeper").workerPool(1, 10)
        .code("import os\n\ndef handler(event):\n    return {'pid': os.getpid()}\n").spec();
    ok(pools.call(fn, event(fn, "/w"), deadline(10_000)));
    await().atMost(Duration.ofSeconds(10)).until(() -> pools.health().pools().get(0).workers() == 2);
    clock.advance(Duration.ofSeconds(11));
    pools.housekeep();
    await().atMost(Duration.ofSeconds(5)).until(() -> pools.health().pools().get(0).workers() == 1);
    assertThat(pools.health().pools().get(0).state()).isEqualTo("warm");
  }

  @Test
  void a_missing_interpreter_makes_the_runtime_unavailable_naming_the_binary() {
    pools.close();
    pools = new WorkerPools(Fixtures.config(root, Map.of("FN_PYTHON_BIN", "/nonexistent/python9",
        "FN_NODE_BIN", "/nonexistent/node9")), WorkerPreparer.none(),
        Clock.systemUTC(), Fixtures.options().withSpares(0));
    FunctionSpec fn = python(root, "nopython").code("def handler(event):\n    return {}\n").spec();
    CallOutcome out = pools.call(fn, event(fn, "/x"), deadline(10_000));
    assertThat(out).isInstanceOf(CallOutcome.Unavailable.class);
    assertThat(((CallOutcome.Unavailable) out).reason())
        .startsWith("cannot start python worker with '/nonexistent/python9': ").contains("No such file or directory");
    Optional<HealthSnapshot.RuntimeStatus> python = pools.health().runtimes().stream()
        .filter(r -> r.runtime().id().equals("python")).findFirst();
    assertThat(python).hasValueSatisfying(r -> {
      assertThat(r.up()).isFalse();
      assertThat(r.lastError()).contains("/nonexistent/python9");
    });
    assertThat(pools.call(fn, event(fn, "/x"), deadline(10_000))).isInstanceOf(CallOutcome.Unavailable.class);

    FunctionSpec js = node(root, "nonode").code("exports.handler = () => ({});\n").spec();
    CallOutcome nodeOut = pools.call(js, event(js, "/x"), deadline(10_000));
    assertThat(nodeOut).isInstanceOf(CallOutcome.Unavailable.class);
    assertThat(((CallOutcome.Unavailable) nodeOut).reason()).startsWith("node worker failed to start: ")
        .contains("/nonexistent/node9");
  }

  @Test
  void runtimes_report_up_once_their_first_spare_worker_has_started() {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(pools.health().runtimes()).allSatisfy(r -> {
      assertThat(r.up()).isTrue();
      assertThat(r.spareWorkers()).isEqualTo(1);
      assertThat(r.workers()).isZero();
    }));
  }

  @Test
  void health_lists_runtimes_and_pools() {
    FunctionSpec py = python(root, "h1").code("def handler(event):\n    return {}\n").spec();
    FunctionSpec js = node(root, "h2").code("exports.handler = () => ({});\n").spec();
    ok(pools.call(py, event(py, "/h"), deadline(10_000)));
    ok(pools.call(js, event(js, "/h"), deadline(10_000)));
    HealthSnapshot h = pools.health();
    assertThat(h.runtimes()).extracting(r -> r.runtime().id()).containsExactly("python", "node");
    assertThat(h.runtimes()).allSatisfy(r -> {
      assertThat(r.up()).isTrue();
      assertThat(r.workers()).isEqualTo(1);
    });
    assertThat(h.pools()).extracting(HealthSnapshot.PoolStatus::key)
        .containsExactly("node/h2@default", "python/h1@default");
    assertThat(h.pools()).allSatisfy(p -> {
      assertThat(p.state()).isEqualTo("warm");
      assertThat(p.inFlight()).isZero();
      assertThat(p.warmAt()).isNotNull();
      assertThat(p.lastUsedAt()).isNotNull();
    });
  }
}
