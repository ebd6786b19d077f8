package dev.fastfn.jobs;

import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import dev.fastfn.store.CancelResult;
import dev.fastfn.store.JobQuery;
import dev.fastfn.store.JobRecord;
import dev.fastfn.store.JobStatus;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /_fn/jobs} and {@code /_fn/jobs/<id>[/result]} (console-api.md §4.15). Register the same
 * instance for the exact path and the {@code /_fn/jobs/} prefix, wrapped by the console guard's
 * enforce_api ({@code protectApiOnly}). The endpoint checks the method first (405 with Allow) and only
 * then asks {@link WriteCheck} about POST and DELETE (platform.md §2.2), so a caller without write
 * access learns that PUT is not a method here rather than that it may not write.
 *
 * <ul>
 *   <li>{@code GET /_fn/jobs?status=&name=&runtime=&limit=} -> 200 {@code {"jobs":[...]}}, newest first
 *       ({@code state} is an alias of {@code status}; {@code status=failed} lists the dead letters)
 *   <li>{@code POST /_fn/jobs} -> 201 job record, committed (see {@link JobSubmission})
 *   <li>{@code GET /_fn/jobs/<id>} -> 200 record with {@code attempts} and {@code errors} | 404
 *   <li>{@code DELETE /_fn/jobs/<id>} -> 200 canceled record | 404 | 409 {@code job is not queued}
 *   <li>{@code GET /_fn/jobs/<id>/result} -> 200 stored result | 202 not ready | 404
 * </ul>
 */
public final class JobsEndpoint implements ControlHandler {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;
  private static final Pattern ID = Pattern.compile("[a-zA-Z0-9_.-]+");

  /** The console guard's enforce_write: throws the documented refusal (403, 429) or returns. */
  @FunctionalInterface
  public interface WriteCheck {
    void check(ServerRequest req);
  }

  private final JobQueue queue;
  private final WriteCheck writes;

  public JobsEndpoint(JobQueue queue, WriteCheck writes) {
    this.queue = queue;
    this.writes = writes;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    String method = req.prologue().method().text();
    if (subPath.isEmpty()) {
      switch (method) {
        case "GET" -> list(req, res);
        case "POST" -> {
          writes.check(req);
          JobRecord job = queue.enqueue(HttpJson.readJson(req));
          HttpJson.send(res, 201, JobJson.meta(job));
        }
        default -> throw new FnHttpException.MethodNotAllowed(List.of("GET", "POST"));
      }
      return;
    }
    boolean result = subPath.endsWith("/result");
    String id = result ? subPath.substring(0, subPath.length() - "/result".length()) : subPath;
    if (!ID.matcher(id).matches()) {
      throw new FnHttpException.NotFound();
    }
    if (result) {
      if (!method.equals("GET")) {
        throw new FnHttpException.MethodNotAllowed(List.of("GET"));
      }
      result(id, res);
      return;
    }
    switch (method) {
      case "GET" -> {
        JobRecord job = queue.find(id).orElseThrow(() -> new FnHttpException.NotFound("job not found"));
        HttpJson.ok(res, JobJson.detail(job, queue.attempts(id)));
      }
      case "DELETE" -> {
        writes.check(req);
        switch (queue.cancel(id)) {
          case CancelResult.Canceled c -> HttpJson.ok(res, JobJson.meta(c.job()));
          case CancelResult.NotFound n -> throw new FnHttpException.NotFound("job not found");
          case CancelResult.NotQueued q -> throw new FnHttpException.Conflict("job is not queued",
              Map.of("status", q.status().id()));
        }
      }
      default -> throw new FnHttpException.MethodNotAllowed(List.of("GET", "DELETE"));
    }
  }

  private void list(ServerRequest req, ServerResponse res) {
    String statusName = param(req, "status").or(() -> param(req, "state")).orElse(null);
    JobStatus status = null;
    if (statusName != null) {
      status = JobStatus.parse(statusName).orElseThrow(() -> new FnHttpException.BadRequest(
          "invalid status; use queued, running, done, failed or canceled"));
    }
    String name = param(req, "name").orElse(null);
    String runtime = param(req, "runtime").orElse(null);
    int limit = DEFAULT_LIMIT;
    Optional<String> rawLimit = param(req, "limit");
    if (rawLimit.isPresent()) {
      try {
        limit = Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(rawLimit.get().trim())));
      } catch (NumberFormatException e) {
        limit = DEFAULT_LIMIT; // platform.md §2.2: non-numeric -> default
      }
    }
    ObjectNode body = HttpJson.object();
    ArrayNode jobs = body.putArray("jobs");
    queue.list(new JobQuery(status, runtime, name, limit)).forEach(j -> jobs.add(JobJson.meta(j)));
    HttpJson.ok(res, body);
  }

  /** A query parameter, trimmed; empty values count as absent (console-api.md §1.2). */
  private static Optional<String> param(ServerRequest req, String name) {
    return req.query().first(name).asOptional().map(String::trim).filter(s -> !s.isEmpty());
  }

  private void result(String id, ServerResponse res) {
    JobRecord job = queue.find(id).orElseThrow(() -> new FnHttpException.NotFound("job not found"));
    if (job.status() == JobStatus.QUEUED || job.status() == JobStatus.RUNNING) {
      HttpJson.send(res, 202, JobJson.notReady(job));
      return;
    }
    Optional<String> stored = queue.result(id);
    if (stored.isEmpty()) {
      // console-api.md §4.15: the state says why there is none (canceled, failed before storing one)
      throw new FnHttpException.NotFound("result not found", Map.of("status", job.status().id()));
    }
    // Stored as complete JSON text (D10); sent as is.
    res.status(200);
    res.header(HeaderNames.CONTENT_TYPE, HttpJson.JSON);
    res.send(stored.get().getBytes(StandardCharsets.UTF_8));
  }
}
