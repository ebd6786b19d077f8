package dev.fastfn.jobs;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.Invocation;
import dev.fastfn.gateway.InvokeResult;
import dev.fastfn.gateway.Invoker;
import dev.fastfn.gateway.QueryStrings;
import dev.fastfn.gateway.Trigger;
import dev.fastfn.store.JobRecord;
import java.util.Map;

/**
 * Runs a job attempt through the {@link Invoker}, against the function as the current catalog has
 * it, so methods, limits, admission and timeouts are those of public traffic. The event carries
 * {@code context.trigger = {"type": "job", "id": ..., "attempt": n}} and {@code context.user} =
 * the job's context.
 */
public final class InvokerJobExecutor implements JobExecutor {
  private final CatalogHolder catalogs;
  private final Invoker invoker;

  public InvokerJobExecutor(CatalogHolder catalogs, Invoker invoker) {
    this.catalogs = catalogs;
    this.invoker = invoker;
  }

  @Override
  public AttemptOutcome run(JobRecord job) {
    long started = System.nanoTime();
    Catalog catalog = catalogs.get();
    RuntimeKind runtime = RuntimeKind.parse(job.runtime()).orElse(null);
    FunctionSpec fn = runtime == null ? null
        : catalog.lookup(runtime, job.name(), job.version()) instanceof Catalog.Lookup.Found f ? f.spec() : null;
    if (fn == null) {
      return new AttemptOutcome.Refused(404, "unknown function or version", Map.of(), false, 0);
    }
    JobRequest req = JobRequest.fromJson(job.request());
    Trigger trigger = new Trigger("job", Map.of("id", job.id(), "attempt", job.attempt()));
    Invocation inv = new Invocation(fn, job.method(), req.path(), QueryStrings.encode(req.query()), req.query(),
        req.headers(), req.bodyBytes(), req.params(), "127.0.0.1", req.context(), trigger);
    try {
      InvokeResult r = invoker.invoke(inv);
      return new AttemptOutcome.Response(r.status(), r.headers(), r.body(), r.latencyMs());
    } catch (FnHttpException e) {
      long ms = (System.nanoTime() - started) / 1_000_000;
      boolean retryable = e.status() >= 500 || e instanceof FnHttpException.Overloaded;
      return new AttemptOutcome.Refused(e.status(), e.getMessage(), e.headers(), retryable, ms);
    }
  }
}
