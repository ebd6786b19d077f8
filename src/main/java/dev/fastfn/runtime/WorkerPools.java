package dev.fastfn.runtime;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.FunctionSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@link FunctionRunner} of the server: one {@link WorkerPool} of Python or Node processes per
 * function version, plus a few pre-started spare workers per runtime so a new function's first call
 * costs a module import, not an interpreter start.
 *
 * <p>Life cycle: the constructor extracts the worker programs, starts the spares and the housekeeper
 * (idle reaping, {@code min_warm}, stuck-call sweep); {@link #close()} stops every process.
 *
 * <p>Threading: {@link #call} is called from many virtual threads at once and blocks only until the
 * deadline. Process starts and dependency preparation run on virtual threads named
 * {@code fastfn-spawn-*}; timers run on one platform thread {@code fastfn-runtime-housekeeper}; each
 * worker process has two platform reader threads (replies, stderr).
 */
public final class WorkerPools implements FunctionRunner {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerPools.class);
  /** Retired workers exit at least this far apart (see {@link StopPacer}). */
  static final Duration EXIT_SPACING = Duration.ofMillis(50);

  private final FastfnConfig config;
  private final WorkerPreparer preparer;
  private final Clock clock;
  private final RuntimeOptions options;
  private final ObjectMapper mapper = JsonMapper.builder().build();
  private final WorkerScripts scripts;
  private final Map<RuntimeKind, Launcher> launchers = new EnumMap<>(RuntimeKind.class);
  private final Map<RuntimeKind, RuntimeState> states = new EnumMap<>(RuntimeKind.class);
  private final Map<RuntimeKind, SparePool> spares = new EnumMap<>(RuntimeKind.class);
  private final ConcurrentHashMap<String, WorkerPool> pools = new ConcurrentHashMap<>();
  private final Map<String, String> baseEnv = WorkerEnvironment.inherited(new ProcessBuilder().environment());
  private final ExecutorService executor;
  private final ScheduledExecutorService scheduler;
  private final StopPacer exits = new StopPacer(EXIT_SPACING);
  private volatile boolean closed;
  /** Set when a shutdown has begun ({@link #stopSpares}); the pools close later, after the server. */
  private volatile boolean stopping;
  /** The functions of the catalog last given to {@link #follow}; only touched by that (serialized) caller. */
  private volatile Map<String, FunctionSpec> followed = Map.of();

  public WorkerPools(FastfnConfig config, WorkerPreparer preparer, Clock clock) {
    this(config, preparer, clock, RuntimeOptions.defaults());
  }

  public WorkerPools(FastfnConfig config, WorkerPreparer preparer, Clock clock, RuntimeOptions options) {
    this.config = config;
    this.preparer = preparer;
    this.clock = clock;
    this.options = options;
    this.scripts = WorkerScripts.extract();
    this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fastfn-spawn-", 0).factory());
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
        Thread.ofPlatform().name("fastfn-runtime-housekeeper").daemon().factory());
    timer.setRemoveOnCancelPolicy(true);
    this.scheduler = timer;
    launchers.put(RuntimeKind.PYTHON, new PythonLauncher(config.pythonBin()));
    launchers.put(RuntimeKind.NODE, new NodeLauncher(config.nodeBin()));
    for (RuntimeKind kind : RuntimeKind.values()) {
      // With spares, a runtime reports up once its first worker has started (readiness at boot).
      boolean startsSpares = options.sparesPerRuntime() > 0 && config.runtimes().contains(kind);
      states.put(kind, new RuntimeState(!startsSpares));
    }
    for (RuntimeKind kind : config.runtimes()) {
      if (options.sparesPerRuntime() > 0) {
        Launcher launcher = launchers.get(kind);
        SparePool spare = new SparePool(kind.id(), options.sparesPerRuntime(),
            listener -> startGeneric(launcher, Map.of(), listener), executor, scheduler, states.get(kind),
            options.maxBackoff());
        spares.put(kind, spare);
        spare.refill();
      }
    }
    long every = options.housekeepingInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::housekeepSafely, every, every, TimeUnit.MILLISECONDS);
    LOG.info("worker pools ready: runtimes={} daemons={} spares={} workers={}", config.runtimes(),
        config.runtimeDaemons(), options.sparesPerRuntime(), scripts.dir());
  }

  @Override
  public CallOutcome call(FunctionSpec fn, ObjectNode event, Deadline deadline) {
    return call(fn, mapper.writeValueAsBytes(event), deadline);
  }

  @Override
  public CallOutcome call(FunctionSpec fn, byte[] eventJson, Deadline deadline) {
    if (closed) {
      return new CallOutcome.Unavailable("worker pools are shut down");
    }
    return pool(fn).call(fn, eventJson, deadline);
  }

  /** How long a worker retired now waits before it exits: at least {@code minMillis}, paced. */
  long exitDelayMillis(long minMillis) {
    return exits.delayMillis(System.nanoTime(), minMillis);
  }

  /**
   * Starts {@code fn}'s workers (or recycles them to its new code) in the background, e.g. right after
   * a catalog reload, so the next call is warm. Never blocks.
   */
  public void prewarm(FunctionSpec fn) {
    if (!closed) {
      pool(fn).prewarm(fn);
    }
  }

  /**
   * True when {@code fn}'s dependencies are prepared for its current code: its workers load without
   * waiting for them. False when its pool has not got that far (or has no workers yet).
   */
  public boolean isPrepared(FunctionSpec fn) {
    WorkerPool p = pools.get(fn.key());
    return p != null && p.isPrepared(fn);
  }

  /**
   * Follows a newly scanned catalog: stops the pools of removed functions and starts reloading the
   * pools whose code, environment or policy differs from the previous catalog's. Pools of unchanged
   * functions are not touched, so a console write costs one pool's work, not one per function called
   * so far. Callers must not call it concurrently (catalog listeners run one scan at a time).
   */
  public void follow(Map<String, FunctionSpec> functions) {
    retainOnly(functions.keySet());
    Map<String, FunctionSpec> before = followed;
    followed = functions;
    for (String key : pools.keySet()) {
      FunctionSpec spec = functions.get(key);
      FunctionSpec old = before.get(key);
      if (spec != null && spec != old && (old == null || !WorkerPool.sameCode(old, spec)
          || !old.policy().equals(spec.policy()))) {
        prewarm(spec);
      }
    }
  }

  /**
   * Builds the {@code load} frame of each of {@code functions} in turn, {@code passes} times or until
   * {@code budget} has passed or the thread is interrupted, and sends none: every new function and
   * code change builds one on its way to its first call, so without this the first dozens of them
   * build it interpreted. Starts, changes and sends nothing. Returns how many frames it built.
   */
  public int exercise(Collection<FunctionSpec> functions, int passes, Duration budget) {
    List<FunctionSpec> fns = List.copyOf(functions);
    if (fns.isEmpty()) {
      return 0;
    }
    long end = System.nanoTime() + budget.toNanos();
    int built = 0;
    for (int i = 0; i < passes && System.nanoTime() - end < 0 && !Thread.currentThread().isInterrupted(); i++) {
      FunctionSpec fn = fns.get(i % fns.size());
      Frames.message(mapper, LoadMessage.of(mapper, fn, workerEnv(fn), List.of()));
      built++;
    }
    return built;
  }

  /** Stops the pools whose key is not in {@code keys} (functions removed from the catalog). */
  public void retainOnly(Set<String> keys) {
    for (Map.Entry<String, WorkerPool> e : pools.entrySet()) {
      if (!keys.contains(e.getKey()) && pools.remove(e.getKey(), e.getValue())) {
        LOG.info("fn={} removed from the catalog; stopping its workers", e.getKey());
        e.getValue().close();
      }
    }
  }

  /** Health of each enabled runtime and of every pool used so far, for {@code /_fn/health}. */
  public HealthSnapshot health() {
    List<HealthSnapshot.PoolStatus> rows = new ArrayList<>();
    for (WorkerPool p : pools.values()) {
      rows.add(p.status());
    }
    rows.sort(Comparator.comparing(HealthSnapshot.PoolStatus::key));
    List<HealthSnapshot.RuntimeStatus> runtimes = new ArrayList<>();
    for (RuntimeKind kind : config.runtimes()) {
      runtimes.add(runtimeStatus(kind, rows));
    }
    return new HealthSnapshot(runtimes, rows);
  }

  /**
   * Health of one enabled runtime, empty when it is not enabled: what {@link #health()} reports for
   * it, without the per-pool rows of the other runtime.
   */
  public java.util.Optional<HealthSnapshot.RuntimeStatus> health(RuntimeKind kind) {
    if (!config.runtimes().contains(kind)) {
      return java.util.Optional.empty();
    }
    List<HealthSnapshot.PoolStatus> rows = new ArrayList<>();
    for (WorkerPool p : pools.values()) {
      if (p.runtime() == kind) {
        rows.add(p.status());
      }
    }
    return java.util.Optional.of(runtimeStatus(kind, rows));
  }

  private HealthSnapshot.RuntimeStatus runtimeStatus(RuntimeKind kind, List<HealthSnapshot.PoolStatus> rows) {
    int workers = 0;
    long restarts = 0;
    for (HealthSnapshot.PoolStatus row : rows) {
      if (row.runtime() == kind) {
        workers += row.workers();
        restarts += row.restarts();
      }
    }
    RuntimeState st = states.get(kind);
    SparePool spare = spares.get(kind);
    return new HealthSnapshot.RuntimeStatus(kind, st.up(), workers, spare == null ? 0 : spare.size(),
        restarts, st.lastError());
  }

  /** Runs one housekeeping pass now (the timer does this every {@code housekeepingInterval}). */
  public void housekeep() {
    long millis = clock.millis();
    long nanos = System.nanoTime();
    for (WorkerPool p : pools.values()) {
      p.housekeep(millis, nanos);
    }
    for (SparePool s : spares.values()) {
      s.refill();
    }
  }

  private void housekeepSafely() {
    try {
      housekeep();
    } catch (Throwable t) {
      LOG.error("runtime housekeeping failed. Will keep running.", t);
    }
  }

  /**
   * Stops the spare workers and starts no more, for the start of a shutdown: calls still being
   * served start their own worker if they need one. {@link #close()} does this too. From now on a
   * failed worker start is not reported (see {@link StartFailureLog}).
   */
  public void stopSpares() {
    stopping = true;
    for (SparePool s : spares.values()) {
      s.close();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<ProcessHandle> handles = new ArrayList<>();
    for (WorkerPool p : pools.values()) {
      for (Worker w : p.workers()) {
        handles.add(w.handle());
      }
      p.close();
    }
    stopSpares();
    // Workers exit on stdin EOF; give them a moment, then make sure nothing outlives the server.
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
    for (ProcessHandle h : handles) {
      long left = until - System.nanoTime();
      try {
        if (left > 0) {
          h.onExit().get(left, TimeUnit.NANOSECONDS);
        }
      } catch (Exception e) {
        LOG.debug("pid={} still running at shutdown: {}", h.pid(), e.toString());
      }
      if (h.isAlive()) {
        ProcessTree.destroyDescendants(h);
        h.destroyForcibly();
      }
    }
    scheduler.shutdownNow();
    executor.shutdownNow();
    scripts.delete();
  }

  // ----------------------------------------------------------------------------------------------
  // package-private services for WorkerPool

  private WorkerPool pool(FunctionSpec fn) {
    WorkerPool p = pools.get(fn.key());
    return p != null ? p : pools.computeIfAbsent(fn.key(), k -> new WorkerPool(k, fn.runtime(), this));
  }

  /** A worker ready for {@code load}: a spare when the function's env allows it, else a fresh process. */
  Worker obtainWorker(FunctionSpec fn) throws Worker.StartFailure {
    Launcher launcher = launchers.get(fn.runtime());
    boolean bootEnv = fn.env().keySet().stream().anyMatch(launcher::bootOnly);
    if (!bootEnv) {
      SparePool spare = spares.get(fn.runtime());
      Worker w = spare == null ? null : spare.take(options.startTimeout());
      if (w != null) {
        return w;
      }
    }
    return startGeneric(launcher, bootEnv ? fn.env() : Map.of(), (worker, reason, expected) -> { });
  }

  /** The complete environment of a worker of {@code fn} (also sent with {@code load}). */
  Map<String, String> workerEnv(FunctionSpec fn) {
    return WorkerEnvironment.compose(baseEnv, launchers.get(fn.runtime()).extraEnv(), fn.env());
  }

  private Worker startGeneric(Launcher launcher, Map<String, String> functionEnv, Worker.Listener listener)
      throws Worker.StartFailure {
    Map<String, String> env = WorkerEnvironment.compose(baseEnv, launcher.extraEnv(), functionEnv);
    Worker w = Worker.spawn(launcher, scripts, options, env, mapper, scheduler, listener);
    JsonNode ready = w.awaitReady(options.startTimeout());
    launcher.learnExecutable(ready.path("executable").asString(null));
    states.get(launcher.runtime()).started();
    return w;
  }

  int poolSize(RuntimeKind kind) {
    return config.daemonsFor(kind);
  }

  RuntimeState runtimeState(RuntimeKind kind) {
    return states.get(kind);
  }

  WorkerPreparer preparer() {
    return preparer;
  }

  RuntimeOptions options() {
    return options;
  }

  Clock clock() {
    return clock;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  /** True once a shutdown has begun: pools still serve, but start failures are no longer news. */
  boolean isStopping() {
    return stopping; // close() stops the spares too, which sets it
  }

  ExecutorService executor() {
    return executor;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }
}
