package dev.fastfn.runtime;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.discovery.FunctionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.node.ObjectNode;

/**
 * Micro-benchmark of the worker layer alone (no HTTP): calls per second and latency through one warm
 * pool of a trivial Python and a trivial Node handler, at several concurrency levels, plus cold-start
 * time (new function to first reply) with and without a spare worker. Not a test; run by hand:
 *
 * <pre>
 * ./mvnw -q -B -o test-compile
 * java -cp target/classes:target/test-classes:$(cat cp.txt) dev.fastfn.runtime.WorkerPoolsBench [seconds] [daemons]
 * </pre>
 */
public final class WorkerPoolsBench {
  private WorkerPoolsBench() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    String daemons = args.length > 1 ? args[1] : "1";
    Path root = Files.createTempDirectory("fastfn-bench-");
    FastfnConfig config = Fixtures.config(root,
        Map.of("FN_RUNTIME_DAEMONS", "python=" + daemons + ",node=" + daemons));
    try (WorkerPools pools = new WorkerPools(config, WorkerPreparer.none(), Clock.systemUTC(), RuntimeOptions.defaults()
        .withSpares(1))) {
      FunctionSpec py = Fixtures.python(root, "trivial").code("def handler(event):\n    return {\"ok\": True}\n").spec();
      FunctionSpec js = Fixtures.node(root, "trivial").code("exports.handler = async () => ({ ok: true });\n").spec();
      Thread.sleep(1500); // let the spares start
      coldStarts(pools, root);
      for (FunctionSpec fn : List.of(py, js)) {
        for (int c : new int[] {1, 16, 64}) {
          run(pools, fn, c, Math.min(2, seconds)); // warm-up
          run(pools, fn, c, seconds);
        }
      }
    }
  }

  private static void coldStarts(WorkerPools pools, Path root) throws InterruptedException {
    for (String rt : List.of("python", "node")) {
      long[] ms = new long[6];
      for (int i = 0; i < ms.length; i++) {
        FunctionSpec fn = rt.equals("python")
            ? Fixtures.python(root, "cold" + i).code("def handler(event):\n    return {\"n\": " + i + "}\n").spec()
            : Fixtures.node(root, "cold" + i).code("exports.handler = async () => ({ n: " + i + " });\n").spec();
        long t0 = System.nanoTime();
        CallOutcome out = pools.call(fn, Fixtures.event(fn, "/cold"), Deadline.afterMillis(30_000));
        ms[i] = (System.nanoTime() - t0) / 1000;
        if (!(out instanceof CallOutcome.Ok)) {
          System.out.println("cold call failed: " + out);
        }
        Thread.sleep(800); // spare refill
      }
      System.out.printf("cold start %-6s (spare available) us: %s%n", rt, Arrays.toString(ms));
    }
  }

  private static void run(WorkerPools pools, FunctionSpec fn, int concurrency, double seconds)
      throws InterruptedException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    AtomicLong calls = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    List<long[]> latencies = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(concurrency);
    ObjectNode event = Fixtures.event(fn, "/bench");
    long t0 = System.nanoTime();
    for (int i = 0; i < concurrency; i++) {
      long[] lat = new long[2_000_000];
      latencies.add(lat);
      Thread.ofVirtual().start(() -> {
        int n = 0;
        while (System.nanoTime() < end) {
          long s = System.nanoTime();
          CallOutcome out = pools.call(fn, event, Deadline.afterMillis(5000));
          long d = System.nanoTime() - s;
          if (out instanceof CallOutcome.Ok ok && ok.reply().status() == 200) {
            if (n < lat.length) {
              lat[n++] = d;
            }
            calls.incrementAndGet();
          } else {
            errors.incrementAndGet();
          }
        }
        lat[lat.length - 1] = n;
        done.countDown();
      });
    }
    done.await();
    double elapsed = (System.nanoTime() - t0) / 1e9;
    long total = 0;
    for (long[] l : latencies) {
      total += l[l.length - 1];
    }
    long[] all = new long[(int) total];
    int k = 0;
    for (long[] l : latencies) {
      int n = (int) l[l.length - 1];
      System.arraycopy(l, 0, all, k, n);
      k += n;
    }
    Arrays.sort(all);
    System.out.printf("%-6s c=%-3d %9.0f calls/s  p50 %6.0f us  p99 %6.0f us  errors %d%n", fn.runtime().id(),
        concurrency, calls.get() / elapsed, pct(all, 0.50), pct(all, 0.99), errors.get());
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, sorted.length * p)] / 1000.0;
  }
}
