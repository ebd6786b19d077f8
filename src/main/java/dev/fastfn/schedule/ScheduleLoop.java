package dev.fastfn.schedule;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.discovery.FunctionGroup;
import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import dev.fastfn.gateway.Invocation;
import dev.fastfn.gateway.InvokeResult;
import dev.fastfn.gateway.QueryStrings;
import dev.fastfn.gateway.Trigger;
import dev.fastfn.gateway.WarmTracker;
import dev.fastfn.store.ScheduleState;
import dev.fastfn.store.ScheduleStateRepository;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the schedules and keep_warm pings of the current catalog (platform.md §3).
 *
 * <p>Each {@link #runDue()} tick re-reads the catalog if it changed (a new or edited schedule gets a
 * fresh {@code next}; removed ones lose their state), then for every active schedule: a pending retry
 * that is due runs; otherwise a schedule without {@code next} gets one (nothing runs at first sight);
 * a schedule whose {@code next} has passed runs once and gets the next fire time computed from now,
 * so any number of runs missed while the server was down collapse into one catch-up run. A
 * schedule with a run in flight is skipped without advancing {@code next} (one run at a time); the
 * first tick after it finishes runs it once.
 *
 * <p>Runs are dispatched to an executor (virtual threads) and call the {@link Caller} (the Invoker)
 * directly rather than enqueueing jobs: schedule runs then do not compete with user jobs for
 * FN_JOBS_CONCURRENCY, do not flood the jobs list, and work with FN_JOBS_ENABLED=0; their retries
 * follow the schedule's own {@code retry} policy. A tick never waits for a run.
 *
 * <p>State ({@code next, last, last_status, last_error, running, retry_due, retry_attempt}) is written
 * to the store on every change and read back at startup; a {@code running} flag left by a killed
 * server is cleared. Threads: one platform thread "fastfn-scheduler" ticks every FN_SCHEDULER_INTERVAL
 * (or when woken); state is guarded by one lock; tests call {@link #runDue()} with a manual clock.
 */
public final class ScheduleLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleLoop.class);
  private static final int MAX_ERROR_CHARS = 2000;
  /**
   * How long after a catalog change its tick runs ({@link #wakeSoon}): the console write that
   * changed the catalog, and the call that usually follows it, finish first instead of sharing two
   * cores with a pass over every function's schedule.
   */
  static final Duration CHANGE_SETTLE = Duration.ofMillis(50);

  /** Invokes a function; production passes {@code invoker::invoke}. */
  @FunctionalInterface
  public interface Caller {
    InvokeResult call(Invocation invocation);
  }

  private final CatalogHolder catalogs;
  private final ScheduleStateRepository states;
  private final Caller caller;
  private final WarmTracker warm;
  private final Clock clock;
  private final RandomGenerator random;
  private final Executor runs;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeup = lock.newCondition();
  private boolean signaled;
  /** When a signaled tick is due (System.nanoTime). */
  private long dueAtNanos;
  private volatile boolean stopped;
  private Thread ticker;

  // Guarded by lock.
  private Catalog seen;
  private Map<String, Entry> schedules = new TreeMap<>();
  private Map<String, Entry> keepWarm = new TreeMap<>();
  private Map<String, ScheduleState> restoredSchedules;
  private Map<String, ScheduleState> restoredKeepWarm;
  /**
   * Whether the store may hold state for keys that are no longer entries: true at start (state of
   * functions removed while the server was down) and after an entry went away; false once pruned.
   */
  private boolean storeMayHoldOthers = true;

  /** One schedule or keep_warm entry: the function, its parsed schedule (or the error), and its state. */
  private static final class Entry {
    final FunctionSpec fn;
    final ScheduleSpec spec;
    final String invalid;
    final String hash;
    ScheduleState state;

    Entry(FunctionSpec fn, ScheduleSpec spec, String invalid, String hash, ScheduleState state) {
      this.fn = fn;
      this.spec = spec;
      this.invalid = invalid;
      this.hash = hash;
      this.state = state;
    }
  }

  public ScheduleLoop(CatalogHolder catalogs, ScheduleStateRepository states, Caller caller, WarmTracker warm,
      Clock clock, RandomGenerator random, Executor runs) {
    this.catalogs = catalogs;
    this.states = states;
    this.caller = caller;
    this.warm = warm;
    this.clock = clock;
    this.random = random;
    this.runs = runs;
  }

  /** Starts ticking every {@code interval} on a platform thread. */
  public void start(Duration interval) {
    ticker = Thread.ofPlatform().name("fastfn-scheduler").daemon(true).start(() -> loop(interval));
    LOG.info("scheduler started tick={}ms", interval.toMillis());
  }

  /** Makes the next tick happen now. */
  public void wake() {
    requestTick(0);
  }

  /** Makes the next tick happen {@link #CHANGE_SETTLE} from now, or sooner if one is due sooner. */
  public void wakeSoon() {
    requestTick(CHANGE_SETTLE.toNanos());
  }

  private void requestTick(long afterNanos) {
    lock.lock();
    try {
      long at = System.nanoTime() + afterNanos;
      if (!signaled || at - dueAtNanos < 0) {
        dueAtNanos = at;
      }
      signaled = true;
      wakeup.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** One scheduler tick: dispatches every due run and returns how many it dispatched. */
  public int runDue() {
    List<Runnable> due = new ArrayList<>();
    lock.lock();
    try {
      refresh(catalogs.get());
      Instant now = clock.instant();
      for (var e : schedules.entrySet()) {
        Runnable r = decideSchedule(e.getKey(), e.getValue(), now);
        if (r != null) {
          due.add(r);
        }
      }
      for (var e : keepWarm.entrySet()) {
        Runnable r = decideKeepWarm(e.getKey(), e.getValue(), now);
        if (r != null) {
          due.add(r);
        }
      }
    } finally {
      lock.unlock();
    }
    for (Runnable r : due) {
      runs.execute(r);
    }
    return due.size();
  }

  private Runnable decideSchedule(String key, Entry e, Instant now) {
    if (e.spec == null || !e.spec.active() || e.state.running()) {
      return null;
    }
    ScheduleState s = e.state;
    if (s.retryDue() != null && !e.spec.retry().enabled()) {
      s = with(s, s.next(), false, null, null);
    }
    if (s.retryDue() != null) {
      if (now.isBefore(s.retryDue())) {
        return null; // while a retry is pending the regular schedule waits
      }
      int attempt = Math.max(2, s.retryAttempt() == null ? 2 : s.retryAttempt());
      save(SCHEDULE, key, e, with(s, s.next(), true, s.retryDue(), s.retryAttempt()));
      return () -> runSchedule(key, e, attempt);
    }
    if (s.next() == null) {
      save(SCHEDULE, key, e, with(s, e.spec.schedule().nextAfter(now), false, null, null));
      return null;
    }
    if (now.isBefore(s.next())) {
      if (s != e.state) {
        save(SCHEDULE, key, e, s);
      }
      return null;
    }
    // Reserve the next fire time before running: a slow run never makes the schedule fire twice.
    save(SCHEDULE, key, e, with(s, e.spec.schedule().nextAfter(now), true, null, null));
    return () -> runSchedule(key, e, 1);
  }

  private Runnable decideKeepWarm(String key, Entry e, Instant now) {
    if (e.state.running()) {
      return null;
    }
    FunctionPolicy.KeepWarmPolicy kw = e.fn.policy().keepWarm();
    Duration ping = Duration.ofSeconds(kw.pingEverySeconds());
    ScheduleState s = e.state;
    Instant lastCall = warm.lastCall(key);
    boolean neverTried = warm.warmAt(key) == null && s.last() == null;
    boolean idle = lastCall != null && !now.isBefore(lastCall.plusSeconds(kw.idleTtlSeconds()));
    boolean due = neverTried || idle || s.next() != null && !now.isBefore(s.next());
    if (!due) {
      if (s.next() == null) {
        save(KEEP_WARM, key, e, with(s, now.plus(ping), false, null, null));
      }
      return null;
    }
    save(KEEP_WARM, key, e, with(s, now.plus(ping), true, null, null));
    return () -> runKeepWarm(key, e);
  }

  private void runSchedule(String key, Entry e, int attempt) {
    ScheduleSpec spec = e.spec;
    Map<String, Object> details = new LinkedHashMap<>();
    switch (spec.schedule()) {
      case Schedule.Every every -> details.put("every_seconds", every.seconds());
      case Schedule.Cron cron -> {
        details.put("cron", cron.expression());
        details.put("timezone", zoneLabel(cron.zone()));
      }
    }
    if (spec.retry().enabled()) {
      details.put("attempt", attempt);
      details.put("max_attempts", spec.retry().maxAttempts());
    }
    byte[] body = spec.body().isEmpty() ? null : spec.body().getBytes(StandardCharsets.UTF_8);
    Invocation inv = new Invocation(e.fn, spec.method(), defaultPath(e.fn), QueryStrings.encode(spec.query()),
        spec.query(), spec.headers(), body, Map.of(), "127.0.0.1", spec.context(), new Trigger("schedule", details));
    Outcome out = call(key, inv, "scheduler invocation error");
    lock.lock();
    try {
      Entry cur = schedules.get(key);
      if (cur == null || !cur.hash.equals(e.hash)) {
        return; // schedule removed or edited while it ran; the new one started over
      }
      Instant now = clock.instant();
      ScheduleState s = cur.state;
      RetryPolicy retry = spec.retry();
      if (retry.enabled() && attempt < retry.maxAttempts() && RetryPolicy.failed(out.status())) {
        Duration delay = retry.delayAfter(attempt, random);
        String why = out.error() == null ? "HTTP " + out.status() : out.error();
        String msg = String.format(Locale.ROOT, "retrying %d/%d in %.2fs: %s", attempt + 1, retry.maxAttempts(),
            delay.toMillis() / 1000.0, why);
        save(SCHEDULE, key, cur, new ScheduleState(s.next(), now, out.status(), msg, false, now.plus(delay), attempt + 1,
            cur.hash));
      } else {
        save(SCHEDULE, key, cur, new ScheduleState(s.next(), now, out.status(), out.error(), false, null, null, cur.hash));
      }
    } finally {
      lock.unlock();
    }
  }

  private void runKeepWarm(String key, Entry e) {
    FunctionPolicy policy = e.fn.policy();
    String method = policy.methods().contains("GET") ? "GET" : policy.methods().get(0);
    Map<String, Object> query = Map.of("__fastfn_keep_warm", "1");
    Invocation inv = new Invocation(e.fn, method, defaultPath(e.fn), QueryStrings.encode(query), query,
        Map.of("x-fastfn-trigger", "keep_warm"), null, Map.of(), "127.0.0.1", null, new Trigger("keep_warm", Map.of()));
    Outcome out = call(key, inv, "keep_warm invocation error");
    lock.lock();
    try {
      Entry cur = keepWarm.get(key);
      if (cur == null || !cur.hash.equals(e.hash)) {
        return;
      }
      Instant now = clock.instant();
      ScheduleState s = cur.state;
      save(KEEP_WARM, key, cur, new ScheduleState(s.next(), now, out.status(), out.error(), false, null, null,
          cur.hash));
    } finally {
      lock.unlock();
    }
  }

  private record Outcome(int status, String error) {}

  /** Status < 500 is a success (error null); a handler 5xx records "HTTP n"; gateway errors their message. */
  private Outcome call(String key, Invocation inv, String unexpected) {
    try {
      InvokeResult r = caller.call(inv);
      if (r.status() >= 400) {
        LOG.warn("fn={} trigger={} status={}", key, inv.trigger().type(), r.status());
      }
      return new Outcome(r.status(), r.status() >= 500 ? "HTTP " + r.status() : null);
    } catch (FnHttpException ex) {
      LOG.warn("fn={} trigger={} failed: {} {}", key, inv.trigger().type(), ex.status(), ex.getMessage());
      return new Outcome(ex.status(), ex.getMessage());
    } catch (RuntimeException ex) {
      LOG.error("fn={} trigger={} failed unexpectedly", key, inv.trigger().type(), ex);
      return new Outcome(500, unexpected);
    }
  }

  private static final String SCHEDULE = ScheduleStateRepository.SCHEDULE;
  private static final String KEEP_WARM = ScheduleStateRepository.KEEP_WARM;

  private void save(String kind, String key, Entry e, ScheduleState s) {
    String err = s.lastError();
    if (err != null && err.length() > MAX_ERROR_CHARS) {
      s = new ScheduleState(s.next(), s.last(), s.lastStatus(), err.substring(0, MAX_ERROR_CHARS) + "...<truncated>",
          s.running(), s.retryDue(), s.retryAttempt(), s.specHash());
    }
    e.state = s;
    if (stopped) {
      return; // a run that ends after shutdown: the store may be closed already
    }
    try {
      states.put(kind, key, s, clock.instant());
    } catch (RuntimeException ex) {
      // The in-memory state stays authoritative; only a restart would lose this change.
      LOG.error("fn={} could not persist {} state; continuing in memory", key, kind, ex);
    }
  }

  private ScheduleState with(ScheduleState s, Instant next, boolean running, Instant retryDue, Integer retryAttempt) {
    return new ScheduleState(next, s.last(), s.lastStatus(), s.lastError(), running, retryDue, retryAttempt,
        s.specHash());
  }

  /** Rebuilds the entries when the catalog changed. Caller holds the lock. */
  private void refresh(Catalog catalog) {
    if (catalog == seen) {
      return;
    }
    if (restoredSchedules == null) {
      restoredSchedules = states.all(SCHEDULE);
      restoredKeepWarm = states.all(KEEP_WARM);
    }
    Map<String, Entry> nextSchedules = new TreeMap<>();
    Map<String, Entry> nextKeepWarm = new TreeMap<>();
    for (FunctionSpec fn : functions(catalog)) {
      FunctionPolicy p = fn.policy();
      if (p.schedule() != null && p.schedule().path("enabled").isBoolean() && p.schedule().path("enabled").asBoolean()) {
        String hash = hash(p.schedule().toString());
        Entry prev = schedules.get(fn.key());
        ScheduleState st = prev != null ? prev.state : restored(restoredSchedules, fn.key());
        if (!hash.equals(st.specHash())) {
          // New or edited schedule: start over from now (no run at first sight).
          st = new ScheduleState(null, st.last(), st.lastStatus(), st.lastError(), false, null, null, hash);
        }
        switch (ScheduleSpec.parse(p.schedule())) {
          case ScheduleSpec.Parsed.Valid v -> nextSchedules.put(fn.key(), new Entry(fn, v.spec(), null, hash, st));
          case ScheduleSpec.Parsed.Invalid i -> {
            LOG.warn("fn={} schedule ignored: {}", fn.key(), i.error());
            nextSchedules.put(fn.key(), new Entry(fn, null, i.error(), hash, st));
          }
        }
      }
      FunctionPolicy.KeepWarmPolicy kw = p.keepWarm();
      if (kw != null && kw.enabled() && kw.minWarm() > 0) {
        String hash = hash(kw.toString());
        Entry prev = keepWarm.get(fn.key());
        ScheduleState st = prev != null ? prev.state : restored(restoredKeepWarm, fn.key());
        if (!hash.equals(st.specHash())) {
          st = new ScheduleState(null, st.last(), st.lastStatus(), st.lastError(), false, null, null, hash);
        }
        nextKeepWarm.put(fn.key(), new Entry(fn, null, null, hash, st));
      }
    }
    // A function edited without touching its schedule keeps its state, including a run in flight,
    // whose result then lands on the new entry (matched by key and schedule hash).
    if (!nextSchedules.keySet().containsAll(schedules.keySet())
        || !nextKeepWarm.keySet().containsAll(keepWarm.keySet())) {
      storeMayHoldOthers = true;
    }
    schedules = nextSchedules;
    keepWarm = nextKeepWarm;
    seen = catalog;
    if (!storeMayHoldOthers) {
      return; // runs save state only for current entries: nothing to prune (and no store round trip)
    }
    try {
      states.retainOnly(SCHEDULE, schedules.keySet());
      states.retainOnly(KEEP_WARM, keepWarm.keySet());
      storeMayHoldOthers = false;
    } catch (RuntimeException ex) {
      LOG.error("could not prune schedule state; continuing", ex);
    }
  }

  private static ScheduleState restored(Map<String, ScheduleState> restored, String key) {
    ScheduleState s = restored.getOrDefault(key, ScheduleState.EMPTY);
    // A run marked in flight by a server that died is over.
    return s.running() ? new ScheduleState(s.next(), s.last(), s.lastStatus(), s.lastError(), false, s.retryDue(),
        s.retryAttempt(), s.specHash()) : s;
  }

  /** Every function version of the catalog, in runtime order, default version first. */
  private static List<FunctionSpec> functions(Catalog catalog) {
    List<FunctionSpec> out = new ArrayList<>();
    for (RuntimeKind rt : catalog.runtimeOrder()) {
      for (FunctionGroup g : catalog.groups().getOrDefault(rt, List.of())) {
        if (g.defaultSpec() != null) {
          out.add(g.defaultSpec());
        }
        for (String v : g.versionLabels()) {
          FunctionSpec s = g.versions().get(v);
          if (s != null && s != g.defaultSpec()) {
            out.add(s);
          }
        }
      }
    }
    return out;
  }

  static String defaultPath(FunctionSpec fn) {
    return "/" + fn.name() + (fn.version() == null ? "" : "@" + fn.version());
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The schedule state of one function, as in its {@code GET /_fn/schedules} row; an empty object
   * when it has no schedule.
   */
  public ObjectNode stateOf(String functionKey) {
    lock.lock();
    try {
      refresh(catalogs.get());
      Entry e = schedules.get(functionKey);
      return e == null ? HttpJson.object() : scheduleState(e);
    } finally {
      lock.unlock();
    }
  }

  /** Caller holds the lock. */
  private ObjectNode scheduleState(Entry e) {
    ObjectNode st = HttpJson.object();
    ScheduleState s = e.state;
    putSeconds(st, "next", s.next());
    putSeconds(st, "last", s.last());
    if (s.lastStatus() != null) {
      st.put("last_status", s.lastStatus());
    }
    if (e.invalid != null) {
      st.put("last_error", "invalid schedule: " + e.invalid);
    } else if (s.lastError() != null) {
      st.put("last_error", s.lastError());
    }
    st.put("running", s.running());
    putSeconds(st, "retry_due", s.retryDue());
    if (s.retryAttempt() != null) {
      st.put("retry_attempt", s.retryAttempt());
    }
    return st;
  }

  /** The {@code GET /_fn/schedules} body (platform.md §3.6): rows sorted by function key. */
  public ObjectNode listing() {
    lock.lock();
    try {
      refresh(catalogs.get());
      Instant now = clock.instant();
      ObjectNode root = HttpJson.object();
      putSeconds(root, "ts", now);
      ArrayNode rows = root.putArray("schedules");
      for (var en : schedules.entrySet()) {
        Entry e = en.getValue();
        ObjectNode row = identity(rows.addObject(), e.fn);
        row.set("schedule", e.spec != null ? e.spec.configured() : e.fn.policy().schedule().deepCopy());
        row.set("state", scheduleState(e));
      }
      ArrayNode kws = root.putArray("keep_warm");
      for (var en : keepWarm.entrySet()) {
        Entry e = en.getValue();
        FunctionPolicy.KeepWarmPolicy kw = e.fn.policy().keepWarm();
        ObjectNode row = identity(kws.addObject(), e.fn);
        ObjectNode k = row.putObject("keep_warm");
        k.put("enabled", true);
        k.put("min_warm", kw.minWarm());
        k.put("ping_every_seconds", kw.pingEverySeconds());
        k.put("idle_ttl_seconds", kw.idleTtlSeconds());
        ObjectNode st = row.putObject("state");
        Instant warmAt = warm.warmAt(en.getKey());
        Instant lastCall = warm.lastCall(en.getKey());
        st.put("warm_state", warmAt == null ? "cold"
            : lastCall != null && now.isAfter(lastCall.plusSeconds(kw.idleTtlSeconds())) ? "stale" : "warm");
        putSeconds(st, "warm_at", warmAt);
        ScheduleState s = e.state;
        putSeconds(st, "next", s.next());
        putSeconds(st, "last", s.last());
        if (s.lastStatus() != null) {
          st.put("last_status", s.lastStatus());
        }
        if (s.lastError() != null) {
          st.put("last_error", s.lastError());
        }
      }
      return root;
    } finally {
      lock.unlock();
    }
  }

  private static ObjectNode identity(ObjectNode row, FunctionSpec fn) {
    row.put("runtime", fn.runtime().id());
    row.put("name", fn.name());
    if (fn.version() != null) {
      row.put("version", fn.version());
    }
    row.put("key", fn.key());
    return row;
  }

  /** Epoch seconds: an integer when whole, else with millisecond decimals (never exponent notation). */
  static void putSeconds(ObjectNode n, String key, Instant t) {
    if (t == null) {
      return;
    }
    long ms = t.toEpochMilli();
    if (ms % 1000 == 0) {
      n.put(key, ms / 1000);
    } else {
      n.put(key, BigDecimal.valueOf(ms, 3));
    }
  }

  private void loop(Duration interval) {
    while (!stopped) {
      try {
        runDue();
      } catch (Throwable t) {
        LOG.error("scheduler tick failed. Will keep running.", t);
      }
      lock.lock();
      try {
        long nextTick = System.nanoTime() + interval.toNanos();
        while (!stopped) {
          long due = signaled && dueAtNanos - nextTick < 0 ? dueAtNanos : nextTick;
          long left = due - System.nanoTime();
          if (left <= 0) {
            break;
          }
          wakeup.awaitNanos(left);
        }
        signaled = false;
      } catch (InterruptedException e) {
        LOG.debug("scheduler interrupted");
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public void close() {
    stopped = true;
    wake();
    if (ticker != null) {
      try {
        ticker.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (runs instanceof ExecutorService es) {
      es.shutdown(); // runs in flight end with their own deadline; nothing waits for them
    }
  }

  private static String zoneLabel(java.time.ZoneId z) {
    return z.equals(ZoneOffset.UTC) ? "UTC" : z.getId();
  }
}
