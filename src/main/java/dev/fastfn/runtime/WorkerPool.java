package dev.fastfn.runtime;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.discovery.FunctionSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The worker processes of one function version ({@code runtime/name@version}).
 *
 * <p>A pool holds a <em>generation</em>: the {@link FunctionSpec} its workers were loaded with and a
 * fixed number of slots ({@code runtime-daemons}). A call whose spec has different code (fingerprint,
 * env, entry, handler or adapter) starts a new generation; the old one's workers finish their calls in
 * flight and stop (hot reload). Calls go round robin to ready workers.
 *
 * <p>Borrowing never starts a process on the caller's thread: the caller asks for slots to be started
 * (prepare dependencies, take a spare or spawn, load) on a background virtual thread and waits on
 * {@link #changed} until a worker is ready, the start failed, or its deadline passed. A worker that
 * dies unexpectedly is restarted with exponential backoff while the pool is in use; idle pools shrink
 * to {@code min_warm} in {@link #housekeep}.
 *
 * <p>Thread-safe. The hot path ({@link #pickReady}) reads volatile fields only; everything else holds
 * {@link #lock}, which never guards I/O or process starts.
 */
final class WorkerPool {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
  private static final int MAX_RETRIES = 3;

  /** One place in a generation; restarts reuse it so the crash streak drives the backoff. */
  static final class Slot {
    final int index;
    volatile Worker worker; // written under lock
    /** A worker whose load was sent and has not ended; calls may be sent to it already. */
    volatile Worker loading; // written under lock
    boolean starting; // guarded by lock
    boolean restartScheduled; // guarded by lock
    boolean startFailed; // guarded by lock
    boolean transientFailure; // guarded by lock: the last start failure was slow/interrupted, not broken
    long retryAtNanos; // guarded by lock
    String lastError; // guarded by lock
    volatile int crashStreak;

    Slot(int index) {
      this.index = index;
    }

    /**
     * Caller holds the lock. A worker is in it or on its way. A worker that has died stays in it
     * until its pool has handled the death (counted the crash, scheduled the restart): a call that
     * meets the dead worker first must not fill the slot behind that.
     */
    boolean busy() {
      Worker w = worker;
      return (w != null && w.holdsSlot()) || starting || restartScheduled;
    }
  }

  static final class Generation {
    final FunctionSpec spec;
    final Slot[] slots;
    volatile boolean retired;
    WorkerPreparer.Prepared.Ready prepared; // guarded by lock
    boolean preparing; // guarded by lock
    WorkerPreparer.Prepared.Failed prepareFailure; // guarded by lock
    long prepareFailedAtNanos; // guarded by lock

    Generation(FunctionSpec spec, int size) {
      this.spec = spec;
      this.slots = new Slot[size];
      for (int i = 0; i < size; i++) {
        slots[i] = new Slot(i);
      }
    }
  }

  /** {@code loading}: {@code worker}'s load has not ended yet (see {@link Worker#callAfterLoad}). */
  private record Borrow(Worker worker, boolean loading, CallOutcome failure) {
    static Borrow failed(CallOutcome failure) {
      return new Borrow(null, false, failure);
    }
  }

  private final String key;
  private final RuntimeKind runtime;
  private final WorkerPools owner;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Generation> retired = new ArrayList<>(); // guarded by lock
  private final AtomicInteger roundRobin = new AtomicInteger();
  private final AtomicLong restarts = new AtomicLong();
  private volatile Generation current;
  private volatile String lastError;
  private volatile Instant warmAt;
  private volatile long lastUsedMillis;
  private boolean closed; // guarded by lock
  /** Earliest retry of a transiently failed slot, so waiters wake for it; 0 = none. Guarded by lock. */
  private long wakeAtNanos;

  WorkerPool(String key, RuntimeKind runtime, WorkerPools owner) {
    this.key = key;
    this.runtime = runtime;
    this.owner = owner;
  }

  RuntimeKind runtime() {
    return runtime;
  }

  // ----------------------------------------------------------------------------------------------
  // calls

  /**
   * Runs {@code event} on a ready worker. {@code deadline} bounds the handler: when no worker is ready
   * the call first waits for one (dependency check, process start, import) for at most
   * {@code max(coldStartWait, timeout)}, and the handler then gets the whole timeout the deadline had
   * on entry. A slow start on a loaded machine therefore never eats a short handler timeout.
   */
  CallOutcome call(FunctionSpec fn, byte[] eventJson, Deadline deadline) {
    long budget = deadline.remainingNanos();
    Generation gen = generationFor(fn);
    lastUsedMillis = owner.clock().millis();
    for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
      Worker w = pickReady(gen);
      CallOutcome out;
      if (w != null) {
        out = w.call(eventJson, deadline, false);
      } else {
        if (budget <= 0) {
          return new CallOutcome.TimedOut();
        }
        Deadline startBy = new Deadline(System.nanoTime()
            + Math.max(budget, owner.options().coldStartWait().toNanos()));
        Borrow b = awaitWorker(gen, startBy);
        if (b.failure() != null) {
          return b.failure();
        }
        w = b.worker();
        out = b.loading() ? w.callAfterLoad(eventJson, startBy, budget, true)
            : w.call(eventJson, new Deadline(System.nanoTime() + budget), true);
      }
      if (out != null) {
        if (out instanceof CallOutcome.Ok) {
          Slot s = w.slot();
          if (s != null && s.crashStreak != 0) {
            s.crashStreak = 0;
          }
        }
        return out;
      }
      gen = current; // the worker retired, or died before the call was sent or its load ended: try again
    }
    return new CallOutcome.Unavailable("no worker of " + key + " accepted the call");
  }

  /**
   * Without waiting: a pool never used starts its workers; a warm pool whose code changed starts
   * workers with the new code (the old ones drain); a pool reaped for idleness only remembers the
   * new code and stays cold.
   */
  void prewarm(FunctionSpec fn) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      Generation before = current;
      if (before != null && !anyAlive(before)) {
        generationFor(fn); // cold pool: adopt the new code, start nothing
        return;
      }
      Generation gen = generationFor(fn);
      if (gen == before && pickReady(gen) != null) {
        return;
      }
      lastUsedMillis = owner.clock().millis(); // so unused prewarmed workers are reaped after the TTL
      if (gen.prepared == null) {
        if (!gen.preparing) {
          startPrepare(gen, Deadline.after(owner.options().loadTimeout()));
        }
      } else {
        ensureStarting(gen);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@code fn}'s code is this pool's current code and its dependencies were prepared for it. */
  boolean isPrepared(FunctionSpec fn) {
    lock.lock();
    try {
      Generation g = current;
      return g != null && g.prepared != null && (g.spec == fn || sameCode(g.spec, fn));
    } finally {
      lock.unlock();
    }
  }

  private Generation generationFor(FunctionSpec fn) {
    Generation g = current;
    if (g != null && (g.spec == fn || sameCode(g.spec, fn))) {
      return g;
    }
    Generation retired = null;
    Generation next;
    lock.lock();
    try {
      g = current;
      if (g != null && (g.spec == fn || sameCode(g.spec, fn))) {
        return g;
      }
      next = new Generation(fn, owner.poolSize(fn.runtime()));
      current = next;
      if (g != null) {
        retire(g);
        retired = g;
      }
    } finally {
      lock.unlock();
    }
    if (retired != null) { // logged outside the lock: this pool's calls and worker starts take it too
      LOG.info("fn={} code changed; recycling {} worker(s)", key, retired.slots.length);
    }
    return next;
  }

  static boolean sameCode(FunctionSpec a, FunctionSpec b) {
    return Objects.equals(a.fingerprint(), b.fingerprint())
        && a.env().equals(b.env())
        && a.entryFile().equals(b.entryFile())
        && a.functionDir().equals(b.functionDir())
        && Objects.equals(LoadMessage.handlerName(a), LoadMessage.handlerName(b))
        && Objects.equals(LoadMessage.adapter(a), LoadMessage.adapter(b));
  }

  private Worker pickReady(Generation gen) {
    Slot[] slots = gen.slots;
    if (slots.length == 1) {
      Worker w = slots[0].worker;
      return w != null && w.isReady() ? w : null;
    }
    int start = Math.floorMod(roundRobin.getAndIncrement(), slots.length);
    for (int i = 0; i < slots.length; i++) {
      Worker w = slots[(start + i) % slots.length].worker;
      if (w != null && w.isReady()) {
        return w;
      }
    }
    return null;
  }

  private Borrow awaitWorker(Generation gen, Deadline deadline) {
    long waitStart = System.nanoTime();
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Borrow.failed(new CallOutcome.TimedOut());
    }
    try {
      while (true) {
        if (closed) {
          return Borrow.failed(new CallOutcome.Unavailable("worker pools are shut down"));
        }
        if (gen.retired) {
          gen = current; // newer code arrived while waiting
        }
        Worker w = pickReady(gen);
        if (w != null) {
          return new Borrow(w, false, null);
        }
        w = pickLoading(gen);
        if (w != null) {
          return new Borrow(w, true, null);
        }
        long wake = 0;
        if (gen.prepared == null) {
          WorkerPreparer.Prepared.Failed f = gen.prepareFailure;
          if (f != null && gen.prepareFailedAtNanos - waitStart >= 0) {
            return Borrow.failed(new CallOutcome.Ok(Replies.notLoadable(f)));
          }
          if (!gen.preparing) {
            startPrepare(gen, deadline);
          }
        } else {
          String error = ensureStarting(gen);
          if (error != null) {
            return Borrow.failed(new CallOutcome.Unavailable(error));
          }
          wake = wakeAtNanos;
        }
        long left = deadline.remainingNanos();
        if (left <= 0) {
          return Borrow.failed(new CallOutcome.TimedOut());
        }
        long retryIn = wake == 0 ? left : wake - System.nanoTime();
        changed.awaitNanos(Math.max(1, Math.min(left, retryIn)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Borrow.failed(new CallOutcome.TimedOut());
    } finally {
      lock.unlock();
    }
  }

  /** Caller holds the lock. A live worker of {@code gen} whose load is running, or null. */
  private static Worker pickLoading(Generation gen) {
    for (Slot s : gen.slots) {
      Worker w = s.loading;
      if (w != null && w.isAlive()) {
        return w;
      }
    }
    return null;
  }

  // ----------------------------------------------------------------------------------------------
  // starting workers (background)

  /** Caller holds the lock. Single flight per generation. */
  private void startPrepare(Generation gen, Deadline deadline) {
    gen.preparing = true;
    gen.prepareFailure = null;
    owner.executor().execute(() -> prepare(gen, deadline));
  }

  private void prepare(Generation gen, Deadline deadline) {
    WorkerPreparer.Prepared result;
    try {
      result = owner.preparer().prepare(gen.spec, deadline);
    } catch (RuntimeException e) {
      LOG.error("fn={} preparing dependencies failed", key, e);
      result = new WorkerPreparer.Prepared.Failed(500, "dependency preparation failed: " + e.getMessage());
    }
    Slot here = null;
    lock.lock();
    try {
      gen.preparing = false;
      switch (result) {
        case WorkerPreparer.Prepared.Ready r -> {
          gen.prepared = r;
          if (!gen.retired && !closed) {
            here = claimStart(gen);
            ensureStarting(gen);
          }
        }
        case WorkerPreparer.Prepared.Failed f -> {
          gen.prepareFailure = f;
          gen.prepareFailedAtNanos = System.nanoTime();
          lastError = f.message();
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (here != null) {
      spawn(gen, here); // this thread is done preparing: it starts a worker itself instead of handing off
    }
  }

  /** Caller holds the lock. Marks the first startable slot as starting and returns it, or null. */
  private Slot claimStart(Generation gen) {
    long now = System.nanoTime();
    for (Slot s : gen.slots) {
      if (canStart(s, now)) {
        s.starting = true;
        return s;
      }
    }
    return null;
  }

  private static boolean canStart(Slot s, long now) {
    return !s.busy() && !(s.startFailed && now - s.retryAtNanos < 0);
  }

  /**
   * Caller holds the lock. Starts every empty slot whose backoff has passed. Returns null while some
   * slot is ready, loading, starting or about to restart; otherwise the last start error.
   */
  private String ensureStarting(Generation gen) {
    boolean pending = false;
    String error = null;
    long now = System.nanoTime();
    wakeAtNanos = 0;
    for (Slot s : gen.slots) {
      if (s.busy()) {
        pending = true;
        continue;
      }
      if (s.startFailed && now - s.retryAtNanos < 0) {
        if (s.transientFailure) {
          // Slow or interrupted, not broken: waiting callers keep waiting for the retry.
          pending = true;
          if (wakeAtNanos == 0 || s.retryAtNanos - wakeAtNanos < 0) {
            wakeAtNanos = s.retryAtNanos;
          }
        } else {
          error = s.lastError;
        }
        continue;
      }
      startSlot(gen, s);
      pending = true;
    }
    return pending ? null : error == null ? "no " + runtime.id() + " worker available for " + key : error;
  }

  private void startSlot(Generation gen, Slot s) {
    s.starting = true;
    owner.executor().execute(() -> spawn(gen, s));
  }

  private void spawn(Generation gen, Slot s) {
    Worker w = null;
    try {
      FunctionSpec fn = gen.spec;
      w = owner.obtainWorker(fn);
      w.assign(fn.name(), fn.versionLabel(), s.index, s, this::workerDied);
      Worker loading = w;
      CompletableFuture<JsonNode> load = w.sendLoad(loadMessage(gen));
      // Installed by the thread that reads the reply, as it arrives: a call waiting for this worker
      // is woken from there, not after this thread has been scheduled again.
      load.thenAccept(reply -> loaded(gen, s, loading, reply));
      publishLoading(s, loading, load);
      w.awaitLoaded(load, owner.options().loadTimeout()); // failures and the timeout are handled here
    } catch (Worker.StartFailure e) {
      if (w != null) {
        w.kill(e.getMessage());
      }
      owner.runtimeState(runtime).startFailed(e.getMessage(), e.runtimeLevel());
      lastError = e.getMessage();
      String why = e.getMessage();
      StartFailureLog.later(owner.scheduler(), owner::isStopping,
          () -> LOG.warn("fn={} worker start failed: {}", key, why));
      lock.lock();
      try {
        s.starting = false;
        s.loading = null;
        s.startFailed = true;
        s.transientFailure = e.transientFailure();
        s.lastError = e.getMessage();
        int streak = ++s.crashStreak;
        // A transient failure (slow start, vanished spare) is retried at once the first time.
        long first = e.transientFailure() ? 0 : 250;
        s.retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis(streak, first));
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Lets calls waiting for {@code s} send their events to {@code w} while it loads (unless the load
   * has ended already: {@link #loaded} has then put it in its slot).
   */
  private void publishLoading(Slot s, Worker w, CompletableFuture<JsonNode> load) {
    lock.lock();
    try {
      if (!load.isDone()) {
        s.loading = w;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Puts a loaded worker into its slot; runs on the worker's reply reader. */
  private void loaded(Generation gen, Slot s, Worker w, JsonNode reply) {
    if (!reply.path("ok").asBoolean(false)) {
      String err = reply.path("error").asString("load failed");
      lastError = err;
      LOG.warn("fn={} handler failed to load: {}", key, err);
    }
    boolean keep;
    lock.lock();
    try {
      s.starting = false;
      s.loading = null;
      keep = !gen.retired && !closed;
      if (keep) {
        s.worker = w;
        s.startFailed = false;
        if (warmAt == null || !anyReady(gen, w)) {
          warmAt = owner.clock().instant();
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (!keep) {
      // A call sent during the load (old code, sent before the change was known) still finishes.
      w.retire(owner.exitDelayMillis(Worker.RETIRED_EXIT_DELAY_MS));
    }
  }

  /** Caller holds the lock. True when some worker of {@code gen} is alive or on its way. */
  private static boolean anyAlive(Generation gen) {
    if (gen.preparing) {
      return true;
    }
    for (Slot s : gen.slots) {
      if (s.busy()) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyReady(Generation gen, Worker except) {
    for (Slot s : gen.slots) {
      Worker w = s.worker;
      if (w != null && w != except && w.isReady()) {
        return true;
      }
    }
    return false;
  }

  private ObjectNode loadMessage(Generation gen) {
    return LoadMessage.of(owner.mapper(), gen.spec, owner.workerEnv(gen.spec), gen.prepared.importPaths());
  }

  // ----------------------------------------------------------------------------------------------
  // deaths, restarts, recycling

  private void workerDied(Worker w, String reason, boolean expected) {
    lock.lock();
    try {
      Generation gen = current;
      Slot slot = find(gen, w);
      if (slot == null) {
        for (Generation r : retired) {
          Slot old = find(r, w);
          if (old != null) {
            old.worker = null;
          }
        }
        retired.removeIf(WorkerPool::drained);
        return;
      }
      slot.worker = null;
      if (!expected && !closed) {
        restarts.incrementAndGet();
        lastError = reason;
        owner.runtimeState(runtime).restarted(reason);
        int streak = ++slot.crashStreak;
        if (recentlyUsed(gen)) {
          long delay = backoffMillis(streak, 0);
          slot.restartScheduled = true;
          LOG.info("fn={} restarting worker {} in {} ms", key, slot.index, delay);
          Generation g = gen;
          owner.scheduler().schedule(() -> restart(g, slot), delay, TimeUnit.MILLISECONDS);
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void restart(Generation gen, Slot slot) {
    lock.lock();
    try {
      slot.restartScheduled = false;
      if (!gen.retired && !closed && slot.worker == null && !slot.starting && gen.prepared != null) {
        startSlot(gen, slot);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** 0 (or {@code first}) for the first failure, then doubling from 100 ms up to the configured cap. */
  private long backoffMillis(int streak, long first) {
    if (streak <= 1) {
      return first;
    }
    long d = 100L << Math.min(streak - 2, 16);
    return Math.min(d, owner.options().maxBackoff().toMillis());
  }

  private boolean recentlyUsed(Generation gen) {
    long used = lastUsedMillis;
    return used != 0 && owner.clock().millis() - used < idleTtlMillis(gen.spec);
  }

  private static Slot find(Generation gen, Worker w) {
    if (gen == null) {
      return null;
    }
    for (Slot s : gen.slots) {
      if (s.worker == w) {
        return s;
      }
    }
    return null;
  }

  private static boolean drained(Generation gen) {
    for (Slot s : gen.slots) {
      if (s.worker != null) {
        return false;
      }
    }
    return true;
  }

  /** Caller holds the lock. */
  private void retire(Generation gen) {
    gen.retired = true;
    for (Slot s : gen.slots) {
      Worker w = s.worker;
      if (w != null) {
        w.retire(owner.exitDelayMillis(Worker.RETIRED_EXIT_DELAY_MS));
      }
    }
    retired.add(gen);
    retired.removeIf(WorkerPool::drained);
    changed.signalAll();
  }

  // ----------------------------------------------------------------------------------------------
  // housekeeping

  private long idleTtlMillis(FunctionSpec fn) {
    FunctionPolicy p = fn.policy();
    if (p != null && p.workerPool() != null && p.workerPool().idleTtlSeconds() > 0) {
      return p.workerPool().idleTtlSeconds() * 1000L;
    }
    if (p != null && p.keepWarm() != null && p.keepWarm().enabled() && p.keepWarm().idleTtlSeconds() > 0) {
      return p.keepWarm().idleTtlSeconds() * 1000L;
    }
    return owner.options().defaultIdleTtl().toMillis();
  }

  private static int minWarm(FunctionSpec fn, int size) {
    FunctionPolicy p = fn.policy();
    int n = 0;
    if (p != null && p.workerPool() != null && p.workerPool().enabled()) {
      n = Math.max(n, p.workerPool().minWarm());
    }
    if (p != null && p.keepWarm() != null && p.keepWarm().enabled()) {
      n = Math.max(n, p.keepWarm().minWarm());
    }
    return Math.min(Math.max(n, 0), size);
  }

  /** Shrinks an idle pool to min_warm, tops min_warm up, drops drained generations, kills stuck workers. */
  void housekeep(long nowMillis, long nowNanos) {
    Generation gen = current;
    if (gen == null) {
      return;
    }
    List<Worker> all = new ArrayList<>();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      int keep = minWarm(gen.spec, gen.slots.length);
      long used = lastUsedMillis;
      boolean idle = used != 0 && nowMillis - used >= idleTtlMillis(gen.spec);
      int live = 0;
      for (Slot s : gen.slots) {
        Worker w = s.worker;
        if (w != null && w.isAlive()) {
          live++;
        }
      }
      if (idle) {
        for (int i = gen.slots.length - 1; i >= 0 && live > keep; i--) {
          Slot s = gen.slots[i];
          Worker w = s.worker;
          if (w != null && w.isAlive() && w.inFlight() == 0) {
            s.worker = null;
            s.crashStreak = 0;
            w.retire(owner.exitDelayMillis(0));
            live--;
            LOG.info("fn={} worker {} idle for {} s; stopped", key, i, (nowMillis - used) / 1000);
          }
        }
      } else if (used != 0 && keep > 0 && gen.prepared != null) {
        int active = 0;
        for (Slot s : gen.slots) {
          if (s.busy()) {
            active++;
          }
        }
        for (Slot s : gen.slots) {
          if (active >= keep) {
            break;
          }
          if (canStart(s, nowNanos)) {
            startSlot(gen, s);
            active++;
          }
        }
      }
      retired.removeIf(WorkerPool::drained);
      collect(gen, all);
      for (Generation r : retired) {
        collect(r, all);
      }
    } finally {
      lock.unlock();
    }
    for (Worker w : all) {
      w.sweep(nowNanos);
    }
  }

  private static void collect(Generation gen, List<Worker> out) {
    for (Slot s : gen.slots) {
      Worker w = s.worker;
      if (w != null) {
        out.add(w);
      }
    }
  }

  // ----------------------------------------------------------------------------------------------
  // views and shutdown

  HealthSnapshot.PoolStatus status() {
    int workers = 0;
    int inFlight = 0;
    lock.lock();
    try {
      Generation gen = current;
      if (gen != null) {
        for (Slot s : gen.slots) {
          Worker w = s.worker;
          if (w != null && w.isReady()) {
            workers++;
          }
          if (w != null) {
            inFlight += w.inFlight();
          }
        }
      }
      for (Generation r : retired) {
        for (Slot s : r.slots) {
          Worker w = s.worker;
          if (w != null) {
            inFlight += w.inFlight();
          }
        }
      }
    } finally {
      lock.unlock();
    }
    long used = lastUsedMillis;
    return new HealthSnapshot.PoolStatus(key, runtime, workers > 0 ? "warm" : "cold", workers, inFlight,
        restarts.get(), lastError, workers > 0 ? warmAt : null, used == 0 ? null : Instant.ofEpochMilli(used));
  }

  /** Live workers of the current generation (tests and diagnostics). */
  List<Worker> workers() {
    List<Worker> out = new ArrayList<>();
    Generation gen = current;
    if (gen != null) {
      collect(gen, out);
    }
    return out;
  }

  void close() {
    List<Worker> all = new ArrayList<>();
    lock.lock();
    try {
      closed = true;
      Generation gen = current;
      if (gen != null) {
        collect(gen, all);
        gen.retired = true;
      }
      for (Generation r : retired) {
        collect(r, all);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    for (Worker w : all) {
      w.stop();
    }
  }
}
