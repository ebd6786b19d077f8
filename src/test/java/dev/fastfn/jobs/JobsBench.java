package dev.fastfn.jobs;

import dev.fastfn.cli.App;
import dev.fastfn.config.FastfnConfig;
import dev.fastfn.config.JobsSettings;
import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.store.JdbcStore;
import dev.fastfn.store.JobStatus;
import dev.fastfn.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.node.ObjectNode;

/**
 * Throughput of no-op jobs. Not a test; run by {@code bench/jobs.sh}.
 *
 * <ul>
 *   <li>{@code store}: JobQueue + JobRunner on SQLite in a temp folder, executor that returns at once:
 *       the platform's own cost per job (validate, commit, claim, record, attempt row).
 *   <li>{@code http}: a real server in this JVM, {@code POST /_fn/jobs} from concurrent clients, each job
 *       running a trivial Node handler through the Invoker and a worker process.
 * </ul>
 * Args: {@code [jobs=2000] [runner concurrency list=2,8,32] [http clients=8]}.
 */
public final class JobsBench {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private JobsBench() {}

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    List<Integer> concurrencies = args.length > 1
        ? java.util.Arrays.stream(args[1].split(",")).map(Integer::parseInt).toList() : List.of(2, 8, 32);
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    System.out.printf("jobs bench: %d no-op jobs per run, %d cores%n%n", jobs, Runtime.getRuntime().availableProcessors());
    System.out.println("mode   runner_conc  enqueue_jobs/s  complete_jobs/s  enqueue_clients");
    for (int c : concurrencies) {
      storeRun(jobs, c, 1);
      storeRun(jobs, c, clients);
    }
    for (int c : concurrencies) {
      httpRun(Math.min(jobs, 1000), c, clients);
    }
  }

  private static JobsSettings settings(int concurrency) {
    return new JobsSettings(true, concurrency, Duration.ofSeconds(1), 10, 262_144, Duration.ofDays(7),
        Duration.ofSeconds(15));
  }

  /** Enqueue everything first (measured), then start the runner and measure until all are done. */
  private static void storeRun(int jobs, int concurrency, int clients) throws Exception {
    Path dir = Files.createTempDirectory("fastfn-jobs-bench-");
    Clock clock = Clock.systemUTC();
    try (Store store = JdbcStore.openSqlite(dir, clock)) {
      CatalogHolder catalogs = new CatalogHolder(() -> Fixtures.catalog(Fixtures.fn(RuntimeKind.NODE, "noop")));
      JobQueue queue = new JobQueue(store.jobs(), catalogs, settings(concurrency), clock, new SecureRandom());
      ObjectNode body = (ObjectNode) Fixtures.JSON.readTree("{\"runtime\":\"node\",\"name\":\"noop\"}");
      long t0 = System.nanoTime();
      parallel(clients, jobs, i -> queue.enqueue(body));
      double enqueueS = seconds(t0);
      AttemptOutcome ok = new AttemptOutcome.Response(200, Map.of(), new byte[0], 0);
      try (JobRunner runner = new JobRunner(store.jobs(), j -> ok, settings(concurrency), clock, new SecureRandom())) {
        long t1 = System.nanoTime();
        runner.start();
        while (store.jobs().countByStatus().get(JobStatus.DONE) < jobs) {
          Thread.sleep(20);
        }
        double completeS = seconds(t1);
        System.out.printf("store  %11d  %14.0f  %15.0f  %15d%n", concurrency, jobs / enqueueS, jobs / completeS, clients);
      }
    }
  }

  /** A real server: clients enqueue over HTTP while the runner works; completion = all done. */
  private static void httpRun(int jobs, int concurrency, int clients) throws Exception {
    Path root = Files.createTempDirectory("fastfn-jobs-bench-root-");
    Files.createDirectories(root.resolve("node/noop"));
    Files.writeString(root.resolve("node/noop/handler.js"), "exports.handler = async () => ({ ok: true });\n");
    Files.writeString(root.resolve("node/noop/fn.config.json"), "{\"max_concurrency\": 0, \"timeout_ms\": 10000}");
    Map<String, String> env = Map.of("FN_HOST_PORT", "0", "FN_RUNTIMES", "node", "FN_CONSOLE_WRITE_ENABLED", "1",
        "FN_JOBS_CONCURRENCY", Integer.toString(concurrency), "FN_HOT_RELOAD", "0",
        "FN_RUNTIME_DAEMONS", "node=2", "PATH", System.getenv("PATH"));
    try (App app = App.start(FastfnConfig.fromEnv(env, root.toRealPath()));
        Store reader = JdbcStore.openSqlite(app.config().dataDir(), Clock.systemUTC())) {
      String base = "http://127.0.0.1:" + app.port();
      send(base, "GET", "/noop", null); // warm the worker
      String body = "{\"runtime\":\"node\",\"name\":\"noop\"}";
      long t0 = System.nanoTime();
      parallel(clients, jobs, i -> {
        HttpResponse<String> r = send(base, "POST", "/_fn/jobs", body);
        if (r.statusCode() != 201) {
          throw new IllegalStateException("enqueue answered " + r.statusCode() + ": " + r.body());
        }
        return null;
      });
      double enqueueS = seconds(t0);
      while (reader.jobs().countByStatus().get(JobStatus.DONE) < jobs) {
        Thread.sleep(20);
      }
      double completeS = seconds(t0);
      System.out.printf("http   %11d  %14.0f  %15.0f  %15d%n", concurrency, jobs / enqueueS, jobs / completeS, clients);
    }
  }

  private interface Task {
    Object run(int i) throws Exception;
  }

  private static void parallel(int threads, int n, Task task) throws Exception {
    AtomicInteger next = new AtomicInteger();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        fs.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            task.run(i);
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    }
  }

  private static HttpResponse<String> send(String base, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
