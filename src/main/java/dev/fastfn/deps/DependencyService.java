package dev.fastfn.deps;

import dev.fastfn.config.DepsSettings;
import dev.fastfn.config.FastfnConfig;
import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.FileHead;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.runtime.Deadline;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes sure a function's dependencies are installed before a worker loads it, and says where they
 * are. One instance per server.
 *
 * <p><b>Units.</b> Dependencies belong to a folder: a function's folder (file routes of one folder
 * share it) or a pack's folder. Each folder has one install lock, so at most one pip/npm runs per
 * folder in this process; a pack is installed once and shared by every function that lists it.
 *
 * <p><b>When it installs.</b> Every call computes a cheap stamp of the unit (manifest contents,
 * source file sizes and times, pack folders); an unchanged stamp answers from memory. A changed stamp
 * runs the pipeline, which installs only when the install signature (a hash of the manifest content,
 * inline/inferred requirements, pack set and Python version, stored in {@code .fastfn-deps-state.json})
 * differs from the last successful install: code edits and restarts reuse what is installed.
 *
 * <p><b>Threading.</b> Safe for any number of concurrent callers. Preparation runs on virtual
 * threads named {@code fastfn-deps-N}; callers of the same function join the single running
 * preparation and wait for it only until their deadline ({@link Readiness.Installing} after that; the
 * install goes on). At most {@code deps().installConcurrency()} preparations run at once.
 */
public final class DependencyService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DependencyService.class);
  /** Same as the reference's "Preparing" page. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(2);
  /**
   * How long a background preinstall pass waits after a catalog change. A console write prepares its
   * own function at once (ReadinessWait); the pass only catches other changes, so it can wait until
   * the write's worker has started instead of competing with it for the CPU.
   */
  static final Duration PREINSTALL_DELAY = Duration.ofMillis(250);
  /**
   * How long a preparation that can only record the state file (see {@link #readyToLoad}) waits
   * before it starts: the worker load it let go ahead, and the call that usually follows a console
   * write, get the CPU first. On two cores its few milliseconds of file work otherwise delayed the
   * load by as much.
   */
  static final Duration QUIET_RECORD_DELAY = Duration.ofMillis(100);
  /** A failure with unchanged inputs is answered from memory this long before it is tried again. */
  static final Duration FAILURE_BACKOFF = Duration.ofSeconds(30);
  /** What preparation returns for a folder with nothing to install and nothing installed. */
  private static final Readiness.Ready NOTHING_TO_ADD = new Readiness.Ready(List.of(), List.of(), "");
  /** Sources larger than this are not checked by {@link #nothingToPrepare}: they wait for preparation. */
  private static final int QUIET_SOURCE_LIMIT = 64 * 1024;
  private static final List<String> MANIFESTS =
      List.of("requirements.txt", "package.json", "package-lock.json", "npm-shrinkwrap.json");

  private final FastfnConfig config;
  private final Clock clock;
  private final PythonInstaller python;
  private final NodeInstaller node;
  private final Semaphore slots;
  private final ExecutorService executor;
  /** By runtime and folder: a root folder may hold file routes of both runtimes. */
  private final Path lockDir;
  private final Map<String, Unit> units = new ConcurrentHashMap<>();
  /**
   * The scan fingerprint of each folder whose inputs the last preinstall pass looked at. A folder
   * whose files did not change since is skipped, so a rescan does not read every function's
   * manifests again (a call still checks its own inputs). Passes that overlap can only make the
   * next pass look at a folder again.
   */
  private volatile Map<String, String> preinstallSeen = Map.of();
  /** The newest catalog waiting for {@link #preinstallAll}; non-null while a delayed pass is queued. */
  private final java.util.concurrent.atomic.AtomicReference<Catalog> pendingPreinstall =
      new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * @param config functions root, interpreters and {@link dev.fastfn.config.DepsSettings}
   * @param toolEnv the complete environment for pip, npm, python and node child processes (the
   *     server passes its own env, so PIP_INDEX_URL, PIP_FIND_LINKS, PIP_NO_INDEX, npm_config_* and
   *     PATH reach them; tests pass their own)
   * @param clock for {@code updated_at} and the failure back-off
   */
  public DependencyService(FastfnConfig config, Map<String, String> toolEnv, Clock clock) {
    this.config = config;
    this.clock = clock;
    ToolRunner tools = new ToolRunner(toolEnv);
    this.python = new PythonInstaller(config.pythonBin(), config.deps(), tools, clock);
    this.node = new NodeInstaller(config.nodeBin(), config.npmBin(), config.deps(), tools, clock);
    this.lockDir = config.dataDir().resolve("deps-locks");
    this.slots = new Semaphore(config.deps().installConcurrency(), true);
    this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fastfn-deps-", 0).factory());
  }

  /**
   * Prepares {@code fn}'s dependencies (and its shared packs) if needed, waiting until
   * {@code deadline} at most. Cheap when nothing changed (a few file reads, no process).
   *
   * @return {@link Readiness.Ready} with the import paths to give the worker,
   *     {@link Readiness.Installing} when preparation is still running at the deadline, or
   *     {@link Readiness.Failed} with a client-facing error
   */
  public Readiness ensureReady(FunctionSpec fn, Deadline deadline) {
    return ready(fn, deadline, false);
  }

  /**
   * {@link #ensureReady} for a worker about to load {@code fn}: when preparation cannot add anything
   * (see {@link #nothingToPrepare}) it answers "ready, no paths" at once and lets the preparation,
   * which only records the state file, run in the background {@link #QUIET_RECORD_DELAY} later. That
   * answer is exactly what the preparation itself returns for such a folder.
   */
  public Readiness readyToLoad(FunctionSpec fn, Deadline deadline) {
    return ready(fn, deadline, true);
  }

  private Readiness ready(FunctionSpec fn, Deadline deadline, boolean answerTrivialAtOnce) {
    Unit unit = unit(fn.runtime(), fn.functionDir());
    FolderLook look = FolderLook.of(fn);
    String stamp = stamp(fn, look);
    boolean quiet = answerTrivialAtOnce && nothingToPrepare(fn, look);
    Duration delay = quiet ? QUIET_RECORD_DELAY : Duration.ZERO;
    Future<Readiness> flight;
    unit.guard.lock();
    try {
      Readiness cached = unit.answerFor(stamp, clock.instant());
      if (cached != null) {
        return cached;
      }
      flight = unit.flightFor(stamp, () -> executor.submit(() -> prepare(fn, unit, stamp, delay)));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return new Readiness.Installing("server is shutting down", RETRY_AFTER);
    } finally {
      unit.guard.unlock();
    }
    if (quiet) {
      return NOTHING_TO_ADD;
    }
    try {
      return flight.get(Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return installing(fn);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return installing(fn);
    } catch (ExecutionException e) {
      // prepare() catches everything; this is only reachable if the executor itself failed
      LOG.error("fn={} deps preparation crashed", fn.key(), e.getCause());
      return new Readiness.Failed("dependency preparation failed for " + fn.key());
    }
  }

  /**
   * Runs the read-only half of {@link #readyToLoad} (the stamp and the trivial-code check) over the
   * functions of {@code catalog} in turn, {@code passes} times or until {@code budget} has passed or
   * the thread is interrupted. Every new function and code change runs that check once before its
   * worker loads; without this the first dozens of them run it interpreted. Installs, records and
   * remembers nothing. Returns how many checks it ran.
   */
  public int exercise(Catalog catalog, int passes, Duration budget) {
    List<FunctionSpec> functions = List.copyOf(catalog.functions().values());
    if (functions.isEmpty()) {
      return 0;
    }
    long end = System.nanoTime() + budget.toNanos();
    int checked = 0;
    for (int i = 0; i < passes && System.nanoTime() - end < 0 && !Thread.currentThread().isInterrupted(); i++) {
      FunctionSpec fn = functions.get(i % functions.size());
      FolderLook look = FolderLook.of(fn);
      stamp(fn, look);
      nothingToPrepare(fn, look);
      checked++;
    }
    return checked;
  }

  /**
   * Starts, in the background, preparation of every Python and Node function in {@code catalog}
   * whose inputs changed since this service last prepared it; returns at once. Call it at server
   * start and after each catalog change. Does nothing when preinstall is disabled
   * ({@code FN_PREINSTALL_*_DEPS_ON_START=0}); functions are then prepared on first use.
   */
  public void preinstallAll(Catalog catalog) {
    if (!config.deps().preinstallOnStart()) {
      return;
    }
    Map<String, String> looked = new HashMap<>();
    int started = 0;
    for (FunctionSpec fn : catalog.functions().values().stream()
        .sorted(java.util.Comparator.comparing(FunctionSpec::key)).toList()) {
      String unitKey = unitKey(fn.runtime(), fn.functionDir());
      if (looked.containsKey(unitKey)) {
        continue; // file routes of one folder share one unit
      }
      looked.put(unitKey, fn.fingerprint());
      Unit unit = unit(fn.runtime(), fn.functionDir());
      if (fn.fingerprint().equals(preinstallSeen.get(unitKey)) && !unit.failed()) {
        continue; // no file of the folder changed: its inputs were looked at already
      }
      String stamp = stamp(fn, FolderLook.of(fn));
      unit.guard.lock();
      try {
        if (unit.answerFor(stamp, clock.instant()) == null) {
          unit.flightFor(stamp, () -> executor.submit(() -> prepare(fn, unit, stamp, Duration.ZERO)));
          started++;
        }
      } catch (java.util.concurrent.RejectedExecutionException e) {
        return; // closed: nothing to preinstall any more
      } finally {
        unit.guard.unlock();
      }
    }
    preinstallSeen = Map.copyOf(looked);
    if (started > 0) {
      LOG.info("deps preinstall started for {} function folder(s), concurrency={}", started,
          config.deps().installConcurrency());
    }
  }

  /**
   * {@link #preinstallAll} on a background thread, {@link #PREINSTALL_DELAY} later: computing every
   * function's inputs reads files, which does not belong on the thread that published a new catalog,
   * nor right beside a console write's own preparation and worker start. Catalogs published while a
   * pass is queued are folded into it (the newest one wins).
   */
  public void preinstallAllInBackground(Catalog catalog) {
    if (pendingPreinstall.getAndSet(catalog) != null) {
      return; // a queued pass will take this newer catalog
    }
    try {
      executor.execute(() -> {
        try {
          Thread.sleep(PREINSTALL_DELAY);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return; // closing
        }
        preinstallAll(pendingPreinstall.getAndSet(null));
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      pendingPreinstall.set(null);
      LOG.debug("deps preinstall skipped: shutting down");
    }
  }

  /**
   * The raw {@code .fastfn-deps-state.json} of {@code fn}'s folder, for
   * {@code metadata.dependency_resolution}; empty when absent or not a JSON object.
   */
  public Optional<ObjectNode> stateFor(FunctionSpec fn) {
    return DepsState.readRaw(fn.functionDir());
  }

  /** Stops preparation threads; a running pip/npm is killed. */
  @Override
  public void close() {
    executor.shutdownNow();
    python.close();
  }

  private Readiness installing(FunctionSpec fn) {
    return new Readiness.Installing("dependencies of " + fn.key() + " are still installing", RETRY_AFTER);
  }

  private Unit unit(RuntimeKind runtime, Path dir) {
    return units.computeIfAbsent(unitKey(runtime, dir), d -> new Unit());
  }

  private static String unitKey(RuntimeKind runtime, Path dir) {
    return runtime.id() + ":" + dir.toAbsolutePath().normalize();
  }

  /**
   * Runs on a fastfn-deps thread: the top of that thread, so it catches everything. Starts after
   * {@code delay} (see {@link #QUIET_RECORD_DELAY}).
   */
  private Readiness prepare(FunctionSpec fn, Unit unit, String stamp, Duration delay) {
    Readiness result;
    try {
      if (delay.isPositive()) {
        Thread.sleep(delay);
      }
      unit.install.lockInterruptibly();
      try {
        slots.acquire();
        try (FolderLock ignored = FolderLock.acquire(lockDir, fn.runtime().id() + ":" + fn.functionDir())) {
          result = prepareLocked(fn);
        } finally {
          slots.release();
        }
      } finally {
        unit.install.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.debug("fn={} deps preparation interrupted (shutdown)", fn.key());
      return installing(fn);
    } catch (Throwable t) {
      LOG.error("fn={} deps preparation failed unexpectedly; it is retried on the next call", fn.key(), t);
      result = new Readiness.Failed("dependency preparation failed for " + fn.key() + " (see server log)");
    }
    unit.guard.lock();
    try {
      unit.remember(stamp, result, clock.instant());
    } finally {
      unit.guard.unlock();
    }
    return result;
  }

  private Readiness prepareLocked(FunctionSpec fn) throws java.io.IOException, InterruptedException {
    List<String> packs = packNames(fn);
    List<Path> packPaths = new ArrayList<>();
    List<Path> packDirs = new ArrayList<>();
    for (String pack : packs) {
      switch (Packs.locate(config.functionsRoot(), fn.runtime(), pack)) {
        case Packs.Location.Missing m -> {
          return new Readiness.Failed(m.error());
        }
        case Packs.Location.Found f -> {
          packDirs.add(f.dir());
          Unit pu = unit(fn.runtime(), f.dir());
          Step step;
          pu.install.lockInterruptibly();
          try (FolderLock ignored = FolderLock.acquire(lockDir, fn.runtime().id() + ":" + f.dir())) {
            step = fn.runtime() == RuntimeKind.PYTHON ? python.preparePack(f.dir()) : node.preparePack(f.dir());
          } finally {
            pu.install.unlock();
          }
          switch (step) {
            case Step.Broken b -> {
              return new Readiness.Failed(b.error());
            }
            case Step.Done d -> packPaths.addAll(d.paths());
          }
        }
      }
    }
    Step own = fn.runtime() == RuntimeKind.PYTHON ? python.prepareFunction(fn, packs, packDirs)
        : node.prepareFunction(fn, packs, packDirs);
    return switch (own) {
      case Step.Broken b -> new Readiness.Failed(b.error());
      case Step.Done d -> {
        List<Path> paths = new ArrayList<>(d.paths());
        paths.addAll(packPaths);
        String signature = d.signature().isEmpty() && packPaths.isEmpty() ? ""
            : new Signature().add("own", d.signature()).add("packs", packs).hex();
        yield fn.runtime() == RuntimeKind.PYTHON
            ? new Readiness.Ready(paths, List.of(), signature)
            : new Readiness.Ready(List.of(), paths, signature);
      }
    };
  }

  private static List<String> packNames(FunctionSpec fn) {
    return List.copyOf(new LinkedHashSet<>(fn.policy().sharedDeps()));
  }

  /**
   * A cheap fingerprint of everything that can change what preparation does: manifests (content),
   * source files (size and mtime), install folders (existence) and the located pack folders.
   */
  private String stamp(FunctionSpec fn, FolderLook look) {
    Signature s = new Signature().add("dir", fn.functionDir()).add("rt", fn.runtime().id());
    stampFolder(s, fn.functionDir(), look.entries());
    for (Path src : look.sources()) {
      s.add("src", src + "@" + sizeAndTime(src));
    }
    for (String pack : packNames(fn)) {
      switch (Packs.locate(config.functionsRoot(), fn.runtime(), pack)) {
        case Packs.Location.Missing m -> s.add("pack-missing", pack);
        case Packs.Location.Found f -> {
          s.add("pack", f.dir());
          stampFolder(s, f.dir(), Dirs.entryNames(f.dir()));
        }
      }
    }
    return s.hex();
  }

  /**
   * True when preparing {@code fn} can only end in "ready, no paths": no manifest, no installed
   * {@code .deps} or {@code node_modules}, no shared packs, the built-in import scan (the only backend
   * that needs no tool) and sources that never mention an import, a require or inline requirements.
   * Anything else, including a source too big to check quickly, waits for the real preparation.
   */
  private boolean nothingToPrepare(FunctionSpec fn, FolderLook look) {
    boolean python = fn.runtime() == RuntimeKind.PYTHON;
    DepsSettings d = config.deps();
    String backend = python ? (d.inferPython() ? d.pythonInferBackend() : PythonImports.NATIVE)
        : (d.inferNode() ? d.nodeInferBackend() : NodeImports.NATIVE);
    if (!backend.equals(python ? PythonImports.NATIVE : NodeImports.NATIVE) || !packNames(fn).isEmpty()) {
      return false;
    }
    Set<String> entries = look.entries();
    if (entries.contains(".deps") || entries.contains("node_modules")
        || MANIFESTS.stream().anyMatch(entries::contains)) {
      return false;
    }
    for (Path src : look.sources()) {
      // "require" also covers inline "requirements" comments
      if (FileHead.mayMention(src, QUIET_SOURCE_LIMIT, "import", "require")) {
        return false;
      }
    }
    return true;
  }

  /** {@code entries}: the folder's names, read once instead of a probe per usually absent file. */
  private static void stampFolder(Signature s, Path dir, Set<String> entries) {
    for (String name : MANIFESTS) {
      s.add(name, entries.contains(name) ? Dirs.readIfExists(dir.resolve(name)) : null);
    }
    s.add(".deps", entries.contains(".deps") && Files.isDirectory(dir.resolve(".deps")));
    s.add("node_modules", entries.contains("node_modules") && Files.isDirectory(dir.resolve("node_modules")));
  }

  /**
   * One look at a function's folder, shared by its stamp and the trivial-code check of the same
   * request: the folder's names and its source files.
   */
  private record FolderLook(Set<String> entries, List<Path> sources) {
    static FolderLook of(FunctionSpec fn) {
      return new FolderLook(Dirs.entryNames(fn.functionDir()), SourceFiles.of(fn));
    }
  }

  private static String sizeAndTime(Path p) {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.size() + ":" + a.lastModifiedTime().toMillis();
    } catch (java.io.IOException e) {
      return "missing";
    }
  }

  /**
   * Per-folder coordination. {@code guard} protects the fields and is never held while blocking;
   * {@code install} is held for the whole preparation of the folder.
   */
  private static final class Unit {
    final ReentrantLock guard = new ReentrantLock();
    final ReentrantLock install = new ReentrantLock();
    Future<Readiness> flight;
    String flightStamp;
    String answeredStamp;
    Readiness answer;
    Instant answeredAt;

    /** The remembered answer for these inputs, or null when preparation must run. Caller holds guard. */
    Readiness answerFor(String stamp, Instant now) {
      if (answer == null || !stamp.equals(answeredStamp)) {
        return null;
      }
      if (answer instanceof Readiness.Failed && answeredAt.plus(FAILURE_BACKOFF).isBefore(now)) {
        return null;
      }
      return answer;
    }

    /**
     * Joins the running preparation for the same inputs, or starts a new one (which queues behind a
     * running one for older inputs on the install lock). Caller holds guard.
     */
    Future<Readiness> flightFor(String stamp, java.util.function.Supplier<Future<Readiness>> start) {
      if (flight != null && !flight.isDone() && stamp.equals(flightStamp)) {
        return flight;
      }
      flight = start.get();
      flightStamp = stamp;
      return flight;
    }

    /** Whether the last preparation failed (it is tried again after {@link #FAILURE_BACKOFF}). */
    boolean failed() {
      guard.lock();
      try {
        return answer instanceof Readiness.Failed;
      } finally {
        guard.unlock();
      }
    }

    void remember(String stamp, Readiness result, Instant at) {
      if (result instanceof Readiness.Installing) {
        return; // interrupted: nothing learned
      }
      answeredStamp = stamp;
      answer = result;
      answeredAt = at;
    }
  }
}
