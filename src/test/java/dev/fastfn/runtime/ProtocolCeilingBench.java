package dev.fastfn.runtime;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bare-protocol ceiling of issue 8: drives worker processes over the same pipes, frames and
 * {@link Worker} channel the gateway uses (writer lock, reader thread, reply decoding), from
 * {@code concurrency} virtual threads in a closed loop, with no HTTP and no gateway. With
 * {@code --worker bare} the processes run {@code bench/bare_echo_worker.py} (no handler, no threads,
 * no capture: the physical ceiling); with {@code --worker fastfn} they run the real Python worker and
 * a trivial handler. Not a test; {@code bench/perf.py} runs it and prints one JSON line:
 *
 * <pre>
 * java -cp target/fastfn.jar:target/test-classes dev.fastfn.runtime.ProtocolCeilingBench \
 *     --worker bare --procs 1 --concurrency 16 --seconds 10 --event event.json
 * </pre>
 *
 * <p>With {@code --serve true} it warms up once, prints {@code {"ready":true,...}}, then measures one
 * slice per {@code run <seconds>} line read from stdin (one JSON line each) until stdin closes.
 */
public final class ProtocolCeilingBench {
  private ProtocolCeilingBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>(Map.of("--worker", "bare", "--procs", "1", "--concurrency", "16",
        "--seconds", "10", "--warmup", "3", "--warmup-max", "40", "--python", "python3",
        "--bare", "bench/bare_echo_worker.py"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i], args[i + 1]);
    }
    String mode = a.get("--worker");
    int procs = Integer.parseInt(a.get("--procs"));
    int concurrency = Integer.parseInt(a.get("--concurrency"));
    double seconds = Double.parseDouble(a.get("--seconds"));
    double warmup = Double.parseDouble(a.get("--warmup"));
    double warmupMax = Double.parseDouble(a.get("--warmup-max"));
    ObjectMapper mapper = JsonMapper.builder().build();
    ObjectNode event = a.containsKey("--event")
        ? (ObjectNode) mapper.readTree(Files.readString(Path.of(a.get("--event"))))
        : defaultEvent(mapper);

    RuntimeOptions options = RuntimeOptions.defaults();
    WorkerScripts scripts = WorkerScripts.extract();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().factory());
    Path fnDir = Files.createTempDirectory("fastfn-ceiling-");
    Path handler = fnDir.resolve("handler.py");
    Files.writeString(handler, "def handler(event):\n    return {\"ok\": True, \"runtime\": \"python\"}\n");
    Launcher launcher = mode.equals("bare")
        ? new PythonArgsLauncher(a.get("--python"), List.of("-B", Path.of(a.get("--bare")).toAbsolutePath().toString()))
        : new PythonLauncher(a.get("--python"));
    Map<String, String> env = WorkerEnvironment.compose(
        WorkerEnvironment.inherited(new ProcessBuilder().environment()), launcher.extraEnv(), Map.of());
    List<Worker> workers = new ArrayList<>();
    try {
      for (int i = 0; i < procs; i++) {
        Worker w = Worker.spawn(launcher, scripts, options, env, mapper, timer, (wk, reason, expected) -> { });
        w.awaitReady(options.startTimeout());
        ObjectNode load = mapper.createObjectNode();
        load.put("type", "load").put("key", "python/ceiling@default").put("name", "ceiling")
            .put("version", "default").put("dir", fnDir.toString()).put("entry", handler.toString())
            .put("handler", "handler").put("adapter", "native").put("threads", 64);
        ObjectNode e = load.putObject("env");
        env.forEach(e::put);
        load.putArray("paths");
        JsonNode loaded = w.load(load, options.loadTimeout());
        if (!loaded.path("ok").asBoolean(false)) {
          throw new IllegalStateException("load failed: " + loaded);
        }
        workers.add(w);
      }
      List<Long> warm = warmUp(workers, event, concurrency, warmup, warmupMax);
      if (!Boolean.parseBoolean(a.getOrDefault("--serve", "false"))) {
        printResult(mode, procs, concurrency, seconds, run(workers, event, concurrency, seconds), warm);
        return;
      }
      // Serve mode: warmed once, then one measured slice per "run <seconds>" line on stdin until EOF,
      // so bench/perf.py can alternate short slices of this and of the gateway under the same load.
      System.out.printf(Locale.ROOT, "{\"ready\":true,\"warmup_rps\":%s}%n", warm);
      System.out.flush();
      BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = commands.readLine(); line != null; line = commands.readLine()) {
        double s = sliceSeconds(line);
        if (s > 0) {
          printResult(mode, procs, concurrency, s, run(workers, event, concurrency, s), warm);
        } else {
          System.out.println("{\"error\":\"expected: run <seconds>\"}");
        }
        System.out.flush();
      }
    } finally {
      for (Worker w : workers) {
        w.stop();
      }
      timer.shutdownNow();
      scripts.delete();
    }
  }

  /** The seconds of a {@code run <seconds>} command; 0 for anything else. */
  private static double sliceSeconds(String line) {
    String[] words = line.trim().split("\\s+");
    if (words.length != 2 || !words[0].equals("run")) {
      return 0;
    }
    try {
      return Double.parseDouble(words[1]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void printResult(String mode, int procs, int concurrency, double seconds, Result r,
      List<Long> warm) {
    System.out.printf(Locale.ROOT,
        "{\"worker\":\"%s\",\"procs\":%d,\"concurrency\":%d,\"seconds\":%.1f,\"calls\":%d,\"rps\":%.0f,"
            + "\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"errors\":%d,\"warmup_rps\":%s}%n",
        mode, procs, concurrency, seconds, r.calls, r.calls / seconds, r.pct(50), r.pct(90), r.pct(99), r.errors,
        warm);
  }

  /**
   * Runs one-second slices until the JIT has settled: at least {@code minSeconds}, then until three
   * slices in a row are within 5% of their mean, or {@code maxSeconds} have passed (the same rule as
   * the HTTP warm-up in bench/perf.py). Returns each slice's calls per second.
   */
  private static List<Long> warmUp(List<Worker> workers, ObjectNode event, int concurrency, double minSeconds,
      double maxSeconds) throws InterruptedException {
    List<Long> rps = new ArrayList<>();
    long start = System.nanoTime();
    while (true) {
      rps.add(run(workers, event, concurrency, 1.0).calls());
      double elapsed = (System.nanoTime() - start) / 1e9;
      if (elapsed >= maxSeconds || (elapsed >= minSeconds && plateau(rps))) {
        return rps;
      }
    }
  }

  private static boolean plateau(List<Long> rps) {
    int n = rps.size();
    if (n < 3) {
      return false;
    }
    double mean = (rps.get(n - 1) + rps.get(n - 2) + rps.get(n - 3)) / 3.0;
    for (int i = n - 3; i < n; i++) {
      if (Math.abs(rps.get(i) - mean) > 0.05 * mean) {
        return false;
      }
    }
    return true;
  }

  private record Result(long calls, long errors, long[] latencyNanos) {
    double pct(double p) {
      if (latencyNanos.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.min(latencyNanos.length - 1, Math.ceil(p / 100.0 * latencyNanos.length) - 1);
      return latencyNanos[Math.max(0, i)] / 1e6;
    }
  }

  private static Result run(List<Worker> workers, ObjectNode event, int concurrency, double seconds)
      throws InterruptedException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    AtomicInteger next = new AtomicInteger();
    AtomicLong errors = new AtomicLong();
    List<long[]> perThread = new ArrayList<>();
    int[] counts = new int[concurrency];
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < concurrency; t++) {
      long[] lat = new long[1 << 16];
      perThread.add(lat);
      int slot = t;
      threads.add(Thread.ofVirtual().start(() -> {
        long[] mine = lat;
        int n = 0;
        while (System.nanoTime() < end) {
          Worker w = workers.get(Math.floorMod(next.getAndIncrement(), workers.size()));
          long t0 = System.nanoTime();
          CallOutcome out = w.call(event, Deadline.afterMillis(10_000), false);
          long dt = System.nanoTime() - t0;
          if (!(out instanceof CallOutcome.Ok ok) || ok.reply().status() != 200) {
            errors.incrementAndGet();
          }
          if (n == mine.length) {
            mine = Arrays.copyOf(mine, n * 2);
            perThread.set(slot, mine);
          }
          mine[n++] = dt;
        }
        counts[slot] = n;
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    long total = 0;
    for (int c : counts) {
      total += c;
    }
    long[] all = new long[(int) total];
    int off = 0;
    for (int t = 0; t < concurrency; t++) {
      System.arraycopy(perThread.get(t), 0, all, off, counts[t]);
      off += counts[t];
    }
    Arrays.sort(all);
    return new Result(total, errors.get(), all);
  }

  private static ObjectNode defaultEvent(ObjectMapper mapper) {
    return (ObjectNode) mapper.readTree("""
        {"id":"req-1","ts":1,"method":"GET","path":"/pyfast","raw_path":"/pyfast","query":{},"params":{},
         "path_params":{},"headers":{"host":"127.0.0.1:18181"},"client":{"ip":"127.0.0.1"},
         "context":{"request_id":"req-1","runtime":"python","function_name":"pyfast","version":"default",
          "timeout_ms":10000,"max_concurrency":0,"max_body_bytes":1048576,
          "worker_pool":{"enabled":false,"max_workers":0,"max_queue":0,"queue_timeout_ms":0,
           "overflow_status":429,"min_warm":0,"idle_ttl_seconds":300},
          "debug":{"enabled":false},"trigger":{"type":"http"}},"env":{}}""");
  }
}
