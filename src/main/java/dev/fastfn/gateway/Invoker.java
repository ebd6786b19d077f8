package dev.fastfn.gateway;

import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.runtime.CallOutcome;
import dev.fastfn.runtime.Deadline;
import dev.fastfn.runtime.FunctionRunner;
import dev.fastfn.runtime.WorkerReply;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single path every invocation takes (public HTTP, /_fn/invoke, jobs, schedules): method check,
 * body limit, admission (concurrency + queue), deadline, worker call, response mapping. Expected
 * failures are thrown as {@link FnHttpException}s with the documented statuses (405, 413, 429, 502,
 * 503, 504).
 *
 * <p>Thread-safe. Admission state is keyed by function key and lives here, outside the Catalog, so a
 * reload does not reset in-flight counts.
 */
public final class Invoker {
  private static final Logger LOG = LoggerFactory.getLogger(Invoker.class);
  private static final int DEBUG_OUTPUT_LIMIT = 4096;

  private final FunctionRunner runner;
  private final SecretsSource secrets;
  private final WarmTracker warm;
  private final Clock clock;
  private final Map<String, Admission> gates = new ConcurrentHashMap<>();
  private final EventBuilder events = new EventBuilder();
  private final AtomicLong sequence = new AtomicLong();
  private final String idPrefix = Long.toString(ProcessHandle.current().pid());

  public Invoker(FunctionRunner runner, SecretsSource secrets, WarmTracker warm, Clock clock) {
    this.runner = runner;
    this.secrets = secrets;
    this.warm = warm;
    this.clock = clock;
  }

  public WarmTracker warm() {
    return warm;
  }

  /** Runs the invocation or throws the FnHttpException describing why it could not. */
  public InvokeResult invoke(Invocation inv) {
    FunctionSpec fn = inv.fn();
    FunctionPolicy policy = fn.policy();
    if (!policy.methods().contains(inv.method())) {
      throw new FnHttpException.MethodNotAllowed(policy.methods());
    }
    if (inv.body() != null && inv.body().length > policy.maxBodyBytes()) {
      throw new FnHttpException.PayloadTooLarge();
    }
    long started = System.nanoTime();
    String jobId = inv.trigger().jobId();
    String requestId = jobId != null ? jobId : "req-" + clock.millis() + "-" + idPrefix + "-" + sequence.incrementAndGet();
    Admission.Ticket ticket;
    try {
      ticket = gateFor(fn).enter(fn.key());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FnHttpException.RuntimeUnavailable("interrupted while queued");
    }
    try {
      boolean wasWarm = warm.isWarm(fn.key());
      byte[] event = events.build(inv, requestId, clock.millis(), secrets.secretsFor(fn));
      Deadline deadline = Deadline.afterMillis(policy.timeoutMs());
      CallOutcome outcome = runner.call(fn, event, deadline);
      // A runtime error on a call that found the function cold says "warming, retry in 1 s" (§1.3 step 15).
      WorkerReply reply = switch (outcome) {
        case CallOutcome.Ok ok -> ok.reply();
        case CallOutcome.TimedOut t -> {
          warm.record(fn.key(), 504);
          throw new FnHttpException.RuntimeTimeout(!wasWarm);
        }
        case CallOutcome.Crashed c -> {
          LOG.warn("fn={} rt={} worker crashed during request {}: {}", fn.name(), fn.runtime(), requestId, c.reason());
          throw new FnHttpException.BadRuntimeResponse("runtime error: " + c.reason(), "", !wasWarm);
        }
        case CallOutcome.BadFrame b -> {
          LOG.warn("fn={} rt={} invalid runtime response: {}", fn.name(), fn.runtime(), b.reason());
          throw new FnHttpException.BadRuntimeResponse("invalid runtime response", b.reason(), !wasWarm);
        }
        case CallOutcome.Unavailable u -> throw new FnHttpException.RuntimeUnavailable(u.reason(), 1, !wasWarm);
      };
      long latencyMs = (System.nanoTime() - started) / 1_000_000;
      boolean firstWarm = warm.record(fn.key(), reply.status());
      Map<String, List<String>> headers = new LinkedHashMap<>(reply.headers());
      headers.put("X-FastFN-Function-State", List.of(wasWarm ? "warm" : "cold"));
      if (firstWarm) {
        headers.put("X-FastFN-Warmed", List.of("true"));
      }
      if (ticket.queued()) {
        headers.put("X-FastFN-Queued", List.of("true"));
      }
      if (policy.includeDebugHeaders()) {
        addDebugHeaders(headers, fn, requestId, latencyMs, reply);
      }
      return new InvokeResult(reply.status(), headers, reply.body(), reply.stdout(), reply.stderr(), latencyMs,
          reply.cold(), requestId);
    } finally {
      ticket.release();
    }
  }

  /** Live admission counters for the health report. */
  public Map<String, GateStats> gateStats() {
    Map<String, GateStats> out = new LinkedHashMap<>();
    gates.forEach((k, g) -> out.put(k, new GateStats(g.active(), g.queued(), g.overflowDrops.get(), g.timeoutDrops.get())));
    return out;
  }

  /** Admission counters of one function. */
  public record GateStats(int active, int queued, long overflowDrops, long timeoutDrops) {}

  private Admission gateFor(FunctionSpec fn) {
    Admission.Limits limits = Admission.Limits.of(fn.policy());
    Admission current = gates.get(fn.key());
    if (current != null && current.limits().equals(limits)) {
      return current;
    }
    // Limits changed (config edit): new calls use a fresh gate; calls in flight release the old one.
    return gates.compute(fn.key(), (k, g) -> {
      if (g == null) {
        return new Admission(limits);
      }
      return g.limits().equals(limits) ? g : g.withLimits(limits);
    });
  }

  private static void addDebugHeaders(
      Map<String, List<String>> headers, FunctionSpec fn, String requestId, long latencyMs, WorkerReply reply) {
    Admission.Limits limits = Admission.Limits.of(fn.policy());
    headers.put("X-Fn-Request-Id", List.of(requestId));
    headers.put("X-Fn-Runtime", List.of(fn.runtime().id()));
    headers.put("X-Fn-Function", List.of(fn.name()));
    headers.put("X-Fn-Version", List.of(fn.versionLabel()));
    headers.put("X-Fn-Latency-Ms", List.of(Long.toString(latencyMs)));
    headers.put("X-Fn-Worker-Pool-Max-Workers", List.of(Integer.toString(limits.maxWorkers())));
    headers.put("X-Fn-Worker-Pool-Max-Queue", List.of(Integer.toString(limits.maxQueue())));
    headers.put("X-Fn-Runtime-Routing", List.of("round_robin"));
    headers.put("X-Fn-Runtime-Socket-Index", List.of(Integer.toString(reply.workerIndex())));
    if (!reply.stdout().isEmpty()) {
      headers.put("X-Fn-Stdout", List.of(headerSafe(reply.stdout())));
    }
    if (!reply.stderr().isEmpty()) {
      headers.put("X-Fn-Stderr", List.of(headerSafe(reply.stderr())));
    }
  }

  /** First 4096 bytes of captured output, with line breaks and control characters escaped for a header. */
  static String headerSafe(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    String cut = b.length <= DEBUG_OUTPUT_LIMIT ? s : new String(b, 0, DEBUG_OUTPUT_LIMIT, StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(cut.length());
    for (char c : cut.toCharArray()) {
      if (c == '\n') {
        out.append("\\n");
      } else if (c < 0x20 || c == 0x7f) {
        out.append(' ');
      } else if (c > 0x7e) {
        out.append('?');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
