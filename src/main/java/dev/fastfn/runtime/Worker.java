package dev.fastfn.runtime;

import dev.fastfn.config.RuntimeKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One worker process and its framed channel (stdin/stdout pipes, {@code resources/runtime/PROTOCOL.md}).
 *
 * <p>Lifecycle: STARTING (process spawned) -> SPARE ({@code ready} received) -> LOADING ({@code load}
 * sent) -> READY -> STOPPING -> DEAD. Many calls may be in flight at once, each tagged with an id.
 *
 * <p>Threading: callers (virtual threads) write frames under {@link #writeLock} and wait on a
 * per-call future; one dedicated platform thread reads replies and completes those futures by id; a
 * second one forwards the process's stderr to the log. When the process ends (EOF on its stdout),
 * every call in flight fails at once with {@link Gone}. A call whose deadline passes is cancelled;
 * if the worker neither answers nor acknowledges within the cancel grace it is killed.
 *
 * <p>Leak rule: every id put in {@link #pending} is removed exactly once (reply, cancel
 * acknowledgement, abandon or death), and that removal decrements {@link #inFlight}.
 */
final class Worker {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
  private static final long THREAD_STACK = 256 * 1024;
  /**
   * A worker retired by new code exits this long after its last call at the earliest: its
   * interpreter's teardown (milliseconds of CPU) would otherwise compete with loading that code
   * into a spare.
   */
  static final long RETIRED_EXIT_DELAY_MS = 100;

  enum State { STARTING, SPARE, LOADING, READY, STOPPING, DEAD }

  /** Told once when the process is gone; {@code expected} is true after {@link #stop()}. */
  interface Listener {
    void died(Worker worker, String reason, boolean expected);
  }

  /** Why a start or load did not produce a usable worker; decides what callers see. */
  enum FailureKind {
    /** The interpreter cannot run at all (exec failed, exited before {@code ready}). Runtime down. */
    RUNTIME,
    /** The function's own code broke the load (import error that exits, load timeout). Reported. */
    FUNCTION,
    /**
     * Slow or interrupted, not broken (start timeout on a loaded machine, a spare that went away,
     * shutdown): a fresh attempt may well succeed, so waiting callers are not failed for it.
     */
    TRANSIENT
  }

  /** A start or load that did not produce a usable worker. */
  static final class StartFailure extends Exception {
    private final FailureKind kind;

    StartFailure(String message, FailureKind kind) {
      super(message, null, false, false);
      this.kind = kind;
    }

    FailureKind kind() {
      return kind;
    }

    /** True when the interpreter itself could not run (not the function's code). */
    boolean runtimeLevel() {
      return kind == FailureKind.RUNTIME;
    }

    boolean transientFailure() {
      return kind == FailureKind.TRANSIENT;
    }
  }

  /** The process ended while a call or handshake was waiting. */
  static class Gone extends RuntimeException {
    Gone(String reason) {
      super(reason, null, false, false);
    }
  }

  /** The process broke the protocol (bad frame); it was killed. */
  static final class BrokenProtocol extends Gone {
    BrokenProtocol(String reason) {
      super(reason);
    }
  }

  /** Completes a call's future when its deadline passes first (shared, no stack trace). */
  private static final RuntimeException DEADLINE_PASSED = new RuntimeException("deadline passed", null, false, false) {
    private static final long serialVersionUID = 1L;
  };

  private static final class Pending extends CompletableFuture<JsonNode> {
    final long id;
    /** Replaced once, when a call sent during the load learns when its handler starts. */
    volatile Deadline deadline;

    Pending(long id, Deadline deadline) {
      this.id = id;
      this.deadline = deadline;
    }
  }

  private final RuntimeKind runtime;
  private final Process process;
  private final OutputStream stdin;
  private final ObjectMapper mapper;
  private final ScheduledExecutorService scheduler;
  private final RuntimeOptions options;
  private final long pid;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
  private final CompletableFuture<JsonNode> loaded = new CompletableFuture<>();
  private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
  private final AtomicBoolean deathHandled = new AtomicBoolean();
  private volatile String lastStderr;
  private final Thread stderrThread;
  private volatile Listener listener;
  private volatile String processPrefix;
  private volatile String outPrefix = "[fn:? stdout]";
  private volatile String errPrefix = "[fn:? stderr]";
  private volatile String killReason;
  private volatile boolean retiring;
  private volatile long retiredExitDelayMs;
  private volatile boolean quiet;
  /** Set when the process died of SIGHUP, SIGINT or SIGTERM before it was ready (see died). */
  private volatile boolean signalledWhileStarting;
  private volatile int index;
  private volatile WorkerPool.Slot slot;

  private Worker(RuntimeKind runtime, Process process, ObjectMapper mapper, ScheduledExecutorService scheduler,
      RuntimeOptions options, Listener listener) {
    this.runtime = runtime;
    this.process = process;
    this.stdin = process.getOutputStream();
    this.mapper = mapper;
    this.scheduler = scheduler;
    this.options = options;
    this.pid = process.pid();
    this.listener = listener;
    this.processPrefix = "[runtime:" + runtime.id() + " pid=" + pid + "]";
    this.stderrThread = Thread.ofPlatform().name("fastfn-worker-" + pid + "-err").daemon().stackSize(THREAD_STACK)
        .unstarted(this::stderrLoop);
  }

  /** Starts the reader threads; called once every field is set. */
  private Worker start() {
    stderrThread.start();
    Thread.ofPlatform().name("fastfn-worker-" + pid + "-out").daemon().stackSize(THREAD_STACK).start(this::readLoop);
    // Backstop for a process that exits while something else still holds its stdout pipe open.
    process.onExit().thenRun(() -> later(() -> died(null, false), 1000));
    return this;
  }

  /**
   * Spawns a generic worker (not yet loaded) with exactly {@code env} as its environment (see
   * {@link WorkerEnvironment}).
   */
  static Worker spawn(Launcher launcher, WorkerScripts scripts, RuntimeOptions options, Map<String, String> env,
      ObjectMapper mapper, ScheduledExecutorService scheduler, Listener listener) throws StartFailure {
    ProcessBuilder pb = new ProcessBuilder(launcher.command(scripts, options)).directory(scripts.dir().toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      String why = (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()).strip();
      throw new StartFailure("cannot start " + launcher.runtime().id() + " worker with '" + launcher.binary() + "': "
          + why, FailureKind.RUNTIME);
    }
    return new Worker(launcher.runtime(), p, mapper, scheduler, options, listener).start();
  }

  // ----------------------------------------------------------------------------------------------
  // handshake

  /** Waits for the {@code ready} message and returns it; kills the process on failure. */
  JsonNode awaitReady(Duration timeout) throws StartFailure {
    try {
      JsonNode msg = ready.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      state.compareAndSet(State.STARTING, State.SPARE);
      return msg;
    } catch (TimeoutException e) {
      kill("worker did not start within " + timeout.toMillis() + " ms");
      throw new StartFailure(runtime.id() + " worker did not start within " + timeout.toMillis() + " ms",
          FailureKind.TRANSIENT);
    } catch (ExecutionException e) {
      throw new StartFailure(runtime.id() + " worker failed to start: " + e.getCause().getMessage(),
          signalledWhileStarting ? FailureKind.TRANSIENT : FailureKind.RUNTIME);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // shutdown: no warning, just make sure the process goes
      killReason = "interrupted while starting";
      quiet = true;
      destroyTree();
      throw new StartFailure("interrupted while starting a worker", FailureKind.TRANSIENT);
    }
  }

  /**
   * Sends {@code warm} to a spare (PROTOCOL.md): it compiles its call path while it waits, so the
   * first call of the function it gets does not. Never answered; a broken pipe shows as its death.
   */
  void warm() {
    if (state.get() != State.SPARE) {
      return;
    }
    try {
      writeLock.lockInterruptibly();
      try {
        stdin.write(Frames.message(mapper, mapper.createObjectNode().put("type", "warm")));
        stdin.flush();
      } finally {
        writeLock.unlock();
      }
    } catch (IOException e) {
      LOG.debug("pid={} warm not sent: {}", pid, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Gives the worker to a pool slot: log prefixes, death listener, index. */
  void assign(String name, String version, int slotIndex, WorkerPool.Slot owner, Listener newListener) {
    this.processPrefix = OutputLog.prefix(runtime, name, version, "stderr");
    this.outPrefix = OutputLog.prefix(runtime, name, version, "stdout");
    this.errPrefix = OutputLog.prefix(runtime, name, version, "stderr");
    this.index = slotIndex;
    this.slot = owner;
    this.listener = newListener;
  }

  /**
   * Sends {@code load} and waits for {@code loaded}. Returns the {@code loaded} message (which may carry
   * {@code ok:false} and an error: the worker is usable and answers every call with it).
   */
  JsonNode load(ObjectNode message, Duration timeout) throws StartFailure {
    return awaitLoaded(sendLoad(message), timeout);
  }

  /**
   * Sends {@code load} without waiting. The returned future completes with the {@code loaded} message
   * on the thread that reads this worker's replies, the worker being READY by then, so a stage added
   * to it runs the moment the reply arrives. It completes exceptionally if the worker ends first; wait
   * with {@link #awaitLoaded}, which also enforces the timeout.
   */
  CompletableFuture<JsonNode> sendLoad(ObjectNode message) throws StartFailure {
    if (!state.compareAndSet(State.SPARE, State.LOADING)) {
      throw new StartFailure("worker is not ready to load (state " + state.get() + ")", FailureKind.TRANSIENT);
    }
    // Added before the message goes out, so it runs ahead of any stage the caller adds.
    CompletableFuture<JsonNode> done = loaded.thenApply(reply -> {
      state.compareAndSet(State.LOADING, State.READY);
      return reply;
    });
    try {
      writeLock.lockInterruptibly();
      try {
        stdin.write(Frames.message(mapper, message));
        stdin.flush();
      } finally {
        writeLock.unlock();
      }
    } catch (IOException e) {
      kill("load failed: " + e.getMessage());
      throw new StartFailure("worker pipe closed while loading: " + e.getMessage(), FailureKind.FUNCTION);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill("interrupted while loading");
      throw new StartFailure("interrupted while loading a worker", FailureKind.TRANSIENT);
    }
    return done;
  }

  /** Waits for a {@link #sendLoad} to finish; kills the worker when {@code timeout} passes first. */
  JsonNode awaitLoaded(CompletableFuture<JsonNode> load, Duration timeout) throws StartFailure {
    try {
      return load.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      kill("loading took longer than " + timeout.toMillis() + " ms");
      throw new StartFailure("loading the handler took longer than " + timeout.toMillis() + " ms",
          FailureKind.FUNCTION);
    } catch (ExecutionException e) {
      throw new StartFailure(e.getCause().getMessage(), FailureKind.FUNCTION);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill("interrupted while loading");
      throw new StartFailure("interrupted while loading a worker", FailureKind.TRANSIENT);
    }
  }

  // ----------------------------------------------------------------------------------------------
  // calls

  /**
   * Runs one event. Returns null when nothing of it ran (this worker is retiring or gone, or the
   * event could not be written to it), so the pool can pick another one.
   */
  CallOutcome call(JsonNode event, Deadline deadline, boolean cold) {
    return call(mapper.writeValueAsBytes(event), deadline, cold);
  }

  /** {@link #call(JsonNode, Deadline, boolean)} with the event already encoded as a JSON object. */
  CallOutcome call(byte[] eventJson, Deadline deadline, boolean cold) {
    if (deadline.expired()) {
      return new CallOutcome.TimedOut();
    }
    Pending p;
    try {
      p = send(eventJson, deadline, false);
    } catch (IOException e) {
      brokenPipe(e);
      return null; // nothing of the call ran: the pool sends it to another worker
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CallOutcome.TimedOut();
    }
    return p == null ? null : await(p, deadline, cold);
  }

  /**
   * Runs one event on this worker while its {@code load} may still be running. The frame goes out at
   * once and the worker runs the call right after the load, so the first call of a cold function
   * waits for no round trip through the gateway between the two. The handler gets
   * {@code budgetNanos} from the end of the load, which may take until {@code loadBy}; a call still
   * waiting for the load then times out and the load goes on. Returns null, nothing having run, when
   * this worker is retiring or ends before its load does: the pool then reports the failed start or
   * uses another worker.
   */
  CallOutcome callAfterLoad(byte[] eventJson, Deadline loadBy, long budgetNanos, boolean cold) {
    if (loadBy.expired()) {
      return new CallOutcome.TimedOut();
    }
    Pending p;
    try {
      p = send(eventJson, loadBy, true);
    } catch (IOException e) {
      brokenPipe(e);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CallOutcome.TimedOut();
    }
    if (p == null) {
      return null;
    }
    try {
      loaded.get(Math.max(0, loadBy.remainingNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      abandon(p); // the worker runs the call after its load all the same; the reply is dropped
      return new CallOutcome.TimedOut();
    } catch (ExecutionException e) {
      abandon(p);
      return null; // ended while loading: the call never ran
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abandon(p);
      return new CallOutcome.TimedOut();
    }
    Deadline handler = new Deadline(System.nanoTime() + budgetNanos);
    p.deadline = handler;
    return await(p, handler, cold);
  }

  /**
   * Registers a call and writes its frame. Null, with nothing sent, when this worker is retiring or
   * not {@code READY} (or {@code LOADING}, when {@code duringLoad}). A failed write unregisters the
   * call and is rethrown.
   */
  private Pending send(byte[] eventJson, Deadline deadline, boolean duringLoad)
      throws IOException, InterruptedException {
    inFlight.incrementAndGet();
    if (retiring || !accepts(duringLoad)) {
      releaseUnsent();
      return null;
    }
    long id = ids.incrementAndGet();
    Pending p = new Pending(id, deadline);
    pending.put(id, p);
    if (!accepts(duringLoad)) { // died meanwhile: nothing was sent, let the pool pick another
      abandon(p);
      return null;
    }
    byte[] frame = Frames.invoke(id, eventJson);
    try {
      // Untimed: a timed wait costs a timer per contended write, and the lock is held for one small
      // pipe write. A write blocked on a wedged worker's full pipe ends when sweep() kills it.
      if (!writeLock.tryLock()) {
        writeLock.lockInterruptibly();
      }
      try {
        stdin.write(frame);
        stdin.flush();
      } finally {
        writeLock.unlock();
      }
    } catch (IOException | InterruptedException e) {
      abandon(p);
      throw e;
    }
    return p;
  }

  private boolean accepts(boolean duringLoad) {
    State s = state.get();
    return s == State.READY || (duringLoad && s == State.LOADING);
  }

  /** Waits for the reply of {@code p} until {@code deadline}; a call still running then is cancelled. */
  private CallOutcome await(Pending p, Deadline deadline, boolean cold) {
    JsonNode reply;
    ScheduledFuture<?> alarm = deadlineAlarm(p);
    try {
      reply = alarm != null ? p.get() : p.get(Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      cancel(p);
      return new CallOutcome.TimedOut();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel(p);
      return new CallOutcome.TimedOut();
    } catch (ExecutionException e) {
      if (e.getCause() == DEADLINE_PASSED) {
        cancel(p);
        return new CallOutcome.TimedOut();
      }
      if (deadline.expired()) {
        return new CallOutcome.TimedOut(); // a timeout is not a failure, even if the worker died meanwhile
      }
      Throwable cause = e.getCause();
      return cause instanceof BrokenProtocol ? new CallOutcome.BadFrame(cause.getMessage())
          : new CallOutcome.Crashed(cause.getMessage());
    } finally {
      if (alarm != null) {
        alarm.cancel(false);
      }
    }
    CallOutcome out = Replies.decode(reply, index, cold);
    if (out instanceof CallOutcome.Ok ok) {
      OutputLog.lines(outPrefix, ok.reply().stdout());
      OutputLog.lines(errPrefix, ok.reply().stderr());
    }
    return out;
  }

  /**
   * Fails {@code p} with {@link #DEADLINE_PASSED} at its deadline, on the shared housekeeper timer.
   * A virtual thread's timed wait would instead register with the carrier pool's delay scheduler and
   * wake its thread on every call; here a call only adds to a heap whose head (the earliest deadline)
   * rarely changes. Null after shutdown (the caller then waits with a timeout).
   */
  private ScheduledFuture<?> deadlineAlarm(Pending p) {
    try {
      return scheduler.schedule(() -> p.completeExceptionally(DEADLINE_PASSED),
          Math.max(0, p.deadline.remainingNanos()), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      return null;
    }
  }

  private void cancel(Pending p) {
    if (!pending.containsKey(p.id)) {
      return; // answered in the meantime
    }
    // Best effort and never blocking: a wedged worker may have a full pipe; the grace kill covers it.
    if (writeLock.tryLock()) {
      try {
        stdin.write(Frames.cancel(p.id));
        stdin.flush();
      } catch (IOException e) {
        LOG.debug("pid={} cancel of call {} not sent: {}", pid, p.id, e.toString());
      } finally {
        writeLock.unlock();
      }
    }
    long graceMs = options.cancelGrace().toMillis();
    later(() -> {
      if (pending.containsKey(p.id)) {
        kill("call " + p.id + " did not stop within " + graceMs + " ms after its deadline");
      }
    }, graceMs);
  }

  /** Runs {@code task} after {@code delayMs}; after shutdown (timer gone) it runs now. */
  private void later(Runnable task, long delayMs) {
    try {
      scheduler.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      task.run();
    }
  }

  private void abandon(Pending p) {
    if (pending.remove(p.id, p)) {
      released();
    }
  }

  private void releaseUnsent() {
    released();
  }

  private void released() {
    if (inFlight.decrementAndGet() == 0 && retiring) {
      stop(retiredExitDelayMs);
    }
  }

  private void complete(long id, JsonNode msg) {
    Pending p = pending.remove(id);
    if (p != null) {
      released(); // before waking the caller, so it never sees its own call as still in flight
      p.complete(msg);
    }
  }

  /** Kills the worker if a call is stuck well past its deadline (e.g. its write blocked on a full pipe). */
  void sweep(long nowNanos) {
    long slack = options.cancelGrace().toNanos() + TimeUnit.SECONDS.toNanos(1);
    for (Pending p : pending.values()) {
      if (nowNanos - (p.deadline.nanoTime() + slack) > 0) {
        kill("call " + p.id + " is stuck past its deadline");
        return;
      }
    }
  }

  // ----------------------------------------------------------------------------------------------
  // reader threads

  private void readLoop() {
    InputStream in = process.getInputStream();
    Frames.ReadBuffer buf = new Frames.ReadBuffer();
    String reason = null;
    boolean broken = false;
    try {
      while (Frames.read(in, buf, options.maxReplyBytes())) {
        JsonNode msg;
        try {
          msg = mapper.readTree(buf.data(), 0, buf.length());
        } catch (JacksonException e) {
          reason = "worker sent invalid JSON: " + e.getOriginalMessage();
          broken = true;
          break;
        }
        dispatch(msg);
      }
    } catch (Frames.BadLength e) {
      reason = "worker broke the protocol: " + e.getMessage();
      broken = true;
    } catch (IOException e) {
      reason = "worker channel failed: " + e.getMessage();
    } catch (Throwable t) {
      LOG.error("pid={} reader failed; the worker is dropped", pid, t);
      reason = "reader failed: " + t;
    }
    if (broken) {
      kill(reason);
    }
    try {
      died(reason, broken);
    } catch (Throwable t) {
      LOG.error("pid={} cleaning up a dead worker failed", pid, t); // top of the thread: nothing above us
    }
  }

  private void dispatch(JsonNode msg) {
    JsonNode type = msg.get("type");
    if (type == null) {
      complete(msg.path("id").asLong(-1), msg);
      return;
    }
    switch (type.asString()) {
      case "ready" -> ready.complete(msg);
      case "loaded" -> loaded.complete(msg);
      case "cancelled" -> complete(msg.path("id").asLong(-1), msg);
      default -> LOG.warn("pid={} unknown message type {}", pid, type);
    }
  }

  private void stderrLoop() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lastStderr = line;
        OutputLog.line(processPrefix, line);
      }
    } catch (IOException e) {
      LOG.debug("pid={} stderr closed: {}", pid, e.toString());
    }
  }

  // ----------------------------------------------------------------------------------------------
  // ending

  private void died(String reason, boolean broken) {
    if (!deathHandled.compareAndSet(false, true)) {
      return;
    }
    boolean expected = state.get() == State.STOPPING && killReason == null;
    boolean starting = state.get() == State.STARTING;
    state.set(State.DEAD);
    String why = killReason != null ? killReason : reason != null ? reason : exitDescription();
    // Ctrl-C and a service stop signal the whole process group. A worker outlives them once its
    // script has set its handlers; one still starting dies of them as the server begins to stop.
    // Not the interpreter's fault: whoever started it reports it (see SparePool), not as a crash.
    signalledWhileStarting = starting && killReason == null && reason == null && diedOfInterrupt();
    destroyTree();
    Gone gone = broken ? new BrokenProtocol(why) : new Gone(why);
    for (Long id : pending.keySet()) {
      Pending p = pending.remove(id);
      if (p != null) {
        inFlight.decrementAndGet();
        p.completeExceptionally(gone);
      }
    }
    ready.completeExceptionally(gone);
    loaded.completeExceptionally(gone);
    if (!expected && !quiet && !starting) { // one that never got ready: its starter reports why
      LOG.warn("rt={} pid={} worker ended: {}", runtime.id(), pid, why);
    }
    Listener l = listener;
    if (l != null) {
      l.died(this, why, expected);
    }
  }

  /** SIGHUP, SIGINT or SIGTERM: signals fastfn never sends its workers (it closes stdin, or kills). */
  private boolean diedOfInterrupt() {
    if (process.isAlive()) {
      return false;
    }
    int signal = signalOf(process.exitValue());
    return signal == 1 || signal == 2 || signal == 15;
  }

  /** The signal that ended a process with {@code exitCode} (the JDK reports 128 + signal), or 0. */
  private static int signalOf(int exitCode) {
    return exitCode > 128 ? exitCode - 128 : 0;
  }

  private String exitDescription() {
    String exit;
    try {
      if (process.waitFor(300, TimeUnit.MILLISECONDS)) {
        int code = process.exitValue();
        int signal = signalOf(code);
        exit = signal != 0 ? "worker was killed by signal " + signal : "worker exited with code " + code;
      } else {
        exit = "worker closed its channel";
      }
      stderrThread.join(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exit = "worker closed its channel";
    }
    String last = lastStderr;
    return last == null ? exit : exit + " (last stderr: " + last + ")";
  }

  private String deathReasonOr(String fallback) {
    String k = killReason;
    return k != null ? k : fallback;
  }

  /**
   * A frame could not be written: the worker's end of the pipe is closed, so it has ended (or is
   * ending) and read no whole frame of the call. It is taken for dead at once rather than when its
   * reader sees the end, so that the pool does not pick it again for the retried call meanwhile.
   */
  private void brokenPipe(IOException e) {
    if (killReason == null) {
      killReason = "writing to the worker failed: " + e.getMessage();
    }
    died(null, false); // ends the process tree, fails the calls in flight and tells the pool
  }

  /** Kills the process (and its children) now; calls in flight fail with {@code reason}. */
  void kill(String reason) {
    if (killReason == null) {
      killReason = reason;
    }
    if (state.get() != State.DEAD) {
      LOG.warn("rt={} pid={} killing worker: {}", runtime.id(), pid, reason);
    }
    destroyTree();
  }

  /** Graceful stop: children killed, stdin closed (the worker exits on EOF), forced after 2 s. */
  void stop() {
    stop(0);
  }

  private void stop(long afterMs) {
    State s = state.get();
    if (s == State.STOPPING || s == State.DEAD || !state.compareAndSet(s, State.STOPPING)) {
      return;
    }
    // Listing descendants reads /proc, so it runs off the caller's thread:
    // stop() is on the path of code changes and catalog updates.
    later(this::endGracefully, afterMs);
    later(this::destroyTree, afterMs + 2000);
  }

  /** Kills what the handler spawned (it would outlive us), then closes stdin: the worker exits. */
  private void endGracefully() {
    ProcessTree.destroyDescendants(process.toHandle());
    try {
      stdin.close();
    } catch (IOException e) {
      LOG.debug("pid={} closing stdin: {}", pid, e.toString());
    }
  }

  /**
   * Stop once the calls in flight have finished; new calls go elsewhere. The exit itself waits
   * {@code exitDelayMs} after the last call (the pool asks its {@link StopPacer}).
   */
  void retire(long exitDelayMs) {
    retiredExitDelayMs = exitDelayMs;
    retiring = true;
    if (inFlight.get() == 0) {
      stop(exitDelayMs);
    }
  }

  private void destroyTree() {
    if (process.isAlive()) {
      ProcessTree.destroyDescendants(process.toHandle());
      process.destroyForcibly();
    }
  }

  // ----------------------------------------------------------------------------------------------
  // views

  boolean isReady() {
    return state.get() == State.READY && !retiring;
  }

  boolean isSpare() {
    return state.get() == State.SPARE;
  }

  /** In its pool slot still: alive, or dead and not yet taken out by the pool (see {@code Slot.busy}). */
  boolean holdsSlot() {
    return state.get() != State.STOPPING;
  }

  boolean isAlive() {
    State s = state.get();
    return s != State.DEAD && s != State.STOPPING;
  }

  int inFlight() {
    return inFlight.get();
  }

  long pid() {
    return pid;
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  WorkerPool.Slot slot() {
    return slot;
  }

  RuntimeKind runtime() {
    return runtime;
  }

  @Override
  public String toString() {
    return "Worker[" + runtime.id() + " pid=" + pid + " " + state.get() + "]";
  }
}
