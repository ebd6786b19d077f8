package dev.fastfn.cli;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.deps.DependencyService;
import dev.fastfn.deps.Readiness;
import dev.fastfn.console.ConsoleApi;
import dev.fastfn.console.ConsoleSecrets;
import dev.fastfn.console.Guard;
import dev.fastfn.console.JsonFileSecretStore;
import dev.fastfn.console.SecretStore;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.discovery.CatalogWatcher;
import dev.fastfn.discovery.Scanner;
import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.ControlRoutes;
import dev.fastfn.gateway.Gateway;
import dev.fastfn.gateway.GatewayServer;
import dev.fastfn.gateway.HealthEndpoint;
import dev.fastfn.gateway.Home;
import dev.fastfn.gateway.Invoker;
import dev.fastfn.gateway.RuntimeStatus;
import dev.fastfn.gateway.WarmTracker;
import dev.fastfn.jobs.InvokerJobExecutor;
import dev.fastfn.jobs.JobQueue;
import dev.fastfn.jobs.JobRunner;
import dev.fastfn.jobs.JobsEndpoint;
import dev.fastfn.routing.Router;
import dev.fastfn.runtime.HealthSnapshot;
import dev.fastfn.runtime.WorkerPools;
import dev.fastfn.runtime.WorkerPreparer;
import dev.fastfn.schedule.ScheduleLoop;
import dev.fastfn.schedule.SchedulesEndpoint;
import dev.fastfn.store.JdbcStore;
import dev.fastfn.store.Store;
import java.security.SecureRandom;
import dev.fastfn.logs.LogFiles;
import dev.fastfn.logs.LogsEndpoint;
import dev.fastfn.openapi.OpenApiEndpoint;
import dev.fastfn.openapi.SwaggerUiEndpoint;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running fastfn server: every component wired by hand, started in order, closed in reverse.
 * Used by the CLI and by tests (port 0).
 */
public final class App implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(App.class);

  private final FastfnConfig config;
  private final CatalogHolder catalogs;
  private final GatewayServer server;
  private final Deque<AutoCloseable> closeables;

  private App(FastfnConfig config, CatalogHolder catalogs, GatewayServer server, Deque<AutoCloseable> closeables) {
    this.config = config;
    this.catalogs = catalogs;
    this.server = server;
    this.closeables = closeables;
  }

  public static App start(FastfnConfig config) {
    GatewayServer.ensurePortFree(config.host(), config.port());
    Deque<AutoCloseable> closeables = new ArrayDeque<>();
    try {
      Clock clock = Clock.systemUTC();
      // docs (issue 7): log files first, so startup warnings already reach error.log
      LogFiles logFiles = LogFiles.open(config.logsDir());
      closeables.push(logFiles);
      Scanner scanner = new Scanner(config);
      CatalogHolder catalogs = new CatalogHolder(scanner);
      DependencyService deps = new DependencyService(config, config.toolEnv(), clock);
      closeables.push(deps);
      WorkerPools runner = new WorkerPools(config, preparer(deps), clock);
      closeables.push(runner);
      deps.preinstallAllInBackground(catalogs.get()); // start-up does not wait for reading every manifest
      catalogs.onChange(deps::preinstallAllInBackground);
      catalogs.onChange(next -> runner.follow(next.functions()));
      WarmTracker warm = new WarmTracker(clock);
      // console: secrets store (feeds event.secrets, D9)
      SecretStore secretStore = JsonFileSecretStore.open(config.dataDir(), clock);
      Invoker invoker = new Invoker(runner, new ConsoleSecrets(secretStore), warm, clock);
      RuntimeStatus runtimeStatus = rt -> runtimeState(runner, rt);
      ControlRoutes control = new ControlRoutes();
      CatalogWatcher watcher = new CatalogWatcher(config.functionsRoot(), catalogs);
      if (config.hotReload()) {
        watcher.start();
        closeables.push(watcher);
      }
      HealthEndpoint health = new HealthEndpoint(config, catalogs, invoker, runtimeStatus,
          () -> watcher.status().active(), clock);
      control.register("/_fn/health", health);
      control.register("/system/metrics", health);
      // console: /_fn/* endpoints; console.guard() protects other packages' guarded endpoints
      JobsAndSchedules background = startJobsAndSchedules(config, clock, catalogs, invoker, closeables);
      ConsoleApi console = ConsoleApi.create(config, catalogs, invoker, runtimeStatus, background.schedules()::stateOf,
          secretStore, new WriteReadiness(runner, deps), clock);
      console.register(control);
      background.register(control, console.guard());
      // docs (issue 7): OpenAPI, Swagger UI (public), logs (guarded like the rest of the console)
      OpenApiEndpoint openapi = new OpenApiEndpoint(config.docs(), catalogs);
      SwaggerUiEndpoint swaggerUi = new SwaggerUiEndpoint(config.docs());
      control.register("/_fn/openapi.json", openapi).register("/openapi.json", openapi);
      control.register("/_fn/docs", swaggerUi).registerPrefix("/_fn/docs/", swaggerUi)
          .registerFallback("/docs", swaggerUi);
      control.register("/_fn/logs", console.guard().protectApiOnly(new LogsEndpoint(logFiles.dir(), logFiles::sync)));
      Router router = new Router();
      // a new catalog's routes are compiled off the request path, beside the write that caused it
      catalogs.onChange(next -> Thread.ofVirtual().name("fastfn-routes").start(() -> router.prepare(next)));
      Gateway gateway = new Gateway(catalogs, router, invoker, control, logFiles.access(),
          Home.from(config.home(), config.docs().enabled()));
      GatewayServer server = GatewayServer.start(config.host(), config.port(), gateway);
      closeables.push(server);
      LOG.info("fastfn listening on http://{}:{} root={} runtimes={}", config.host(), server.port(),
          config.functionsRoot(), config.runtimes());
      closeables.push(WarmUp.start(scanner, List.of(
          console::exercise,
          (passes, budget) -> deps.exercise(catalogs.get(), passes, budget),
          (passes, budget) -> runner.exercise(catalogs.get().functions().values(), passes, budget),
          (passes, budget) -> router.exercise(catalogs.get(), passes, budget))));
      // First thing at shutdown: no more spares (a spare that Ctrl-C meets while it starts is not
      // replaced or reported); the server then drains and the pools stop last.
      closeables.push(runner::stopSpares);
      return new App(config, catalogs, server, closeables);
    } catch (RuntimeException e) {
      closeAll(closeables);
      throw e;
    }
  }

  // --- jobs and schedules (issue 5) -------------------------------------------------------------
  /** The job queue and the schedule loop, running; their endpoints are registered once the guard exists. */
  private record JobsAndSchedules(JobQueue jobQueue, ScheduleLoop schedules) {
    void register(ControlRoutes control, Guard guard) {
      // enforce_api for every method; enforce_write inside, after the method check (405 before 403)
      ControlHandler jobs = guard.protectApiOnly(new JobsEndpoint(jobQueue, guard::checkWriteOnly));
      control.register("/_fn/jobs", jobs);
      control.registerPrefix("/_fn/jobs/", jobs);
      control.register("/_fn/schedules", guard.protectApiOnly(new SchedulesEndpoint(schedules)));
    }
  }

  /** Store, job queue + runner, scheduler. Closed before the store (LIFO). */
  private static JobsAndSchedules startJobsAndSchedules(FastfnConfig config, Clock clock, CatalogHolder catalogs,
      Invoker invoker, Deque<AutoCloseable> closeables) {
    Store store = JdbcStore.openSqlite(config.dataDir(), clock);
    closeables.push(store);
    JobQueue jobQueue = new JobQueue(store.jobs(), catalogs, config.jobs(), clock, new SecureRandom());
    JobRunner jobRunner = new JobRunner(store.jobs(), new InvokerJobExecutor(catalogs, invoker), config.jobs(), clock,
        new SecureRandom());
    jobQueue.onEnqueue(jobRunner::wake);
    if (config.jobs().enabled()) {
      jobRunner.start();
      closeables.push(jobRunner);
    }
    ScheduleLoop schedules = new ScheduleLoop(catalogs, store.schedules(), invoker::invoke, invoker.warm(), clock,
        new SecureRandom(), Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fastfn-schedule-", 0).factory()));
    catalogs.onChange(c -> schedules.wakeSoon());
    if (config.scheduler().enabled()) {
      schedules.start(config.scheduler().tick());
      closeables.push(schedules);
    }
    return new JobsAndSchedules(jobQueue, schedules);
  }
  // --- end jobs and schedules ---------------------------------------------------------------------

  /** Dependencies are installed (once per manifest change) before a function's workers load. */
  private static WorkerPreparer preparer(DependencyService deps) {
    return (fn, deadline) -> switch (deps.readyToLoad(fn, deadline)) {
      case Readiness.Ready r -> new WorkerPreparer.Prepared.Ready(
          fn.runtime() == dev.fastfn.config.RuntimeKind.PYTHON ? r.pythonPaths() : r.nodePaths());
      case Readiness.Installing i -> new WorkerPreparer.Prepared.Failed(503, i.message(),
          Math.max(1, i.retryAfter().toSeconds()));
      case Readiness.Failed f -> new WorkerPreparer.Prepared.Failed(500, f.error());
    };
  }

  private static RuntimeStatus.State runtimeState(WorkerPools runner, dev.fastfn.config.RuntimeKind kind) {
    return runner.health(kind).map(s -> {
      Map<String, Object> details = new java.util.LinkedHashMap<>();
      details.put("workers", s.workers());
      details.put("spare_workers", s.spareWorkers());
      details.put("restarts", s.restarts());
      if (s.lastError() != null) {
        details.put("last_error", s.lastError());
      }
      return new RuntimeStatus.State(s.up(), s.up() ? null : s.lastError(), details);
    }).orElseGet(() -> new RuntimeStatus.State(false, "runtime not enabled", Map.of()));
  }

  public int port() {
    return server.port();
  }

  public FastfnConfig config() {
    return config;
  }

  public CatalogHolder catalogs() {
    return catalogs;
  }

  @Override
  public void close() {
    closeAll(closeables);
  }

  private static void closeAll(Deque<AutoCloseable> closeables) {
    while (!closeables.isEmpty()) {
      AutoCloseable c = closeables.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
