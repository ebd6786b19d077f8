package dev.fastfn.jobs;

import dev.fastfn.gateway.HttpJson;
import dev.fastfn.store.AttemptRecord;
import dev.fastfn.store.JobRecord;
import dev.fastfn.store.JobStatus;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON shape of a job (console-api.md §4.15 meta plus our fields). Absent values are omitted.
 * Times are integer epoch milliseconds ({@code *_ms}).
 */
final class JobJson {
  private JobJson() {}

  /** The record as listed and as returned by enqueue and cancel. */
  static ObjectNode meta(JobRecord j) {
    ObjectNode n = HttpJson.object();
    n.put("id", j.id());
    n.put("status", j.status().id());
    n.put("created_at_ms", j.createdAt().toEpochMilli());
    n.put("updated_at_ms", j.updatedAt().toEpochMilli());
    n.put("runtime", j.runtime());
    n.put("name", j.name());
    if (j.version() != null) {
      n.put("version", j.version());
    }
    n.put("method", j.method());
    JobRequest req = JobRequest.fromJson(j.request());
    n.put("route", req.path());
    if (req.routeTemplate() != null) {
      n.put("route_template", req.routeTemplate());
    }
    n.put("attempt", j.attempt());
    n.put("max_attempts", j.maxAttempts());
    n.put("retry_delay_ms", j.retryDelayMs());
    n.put("run_at_ms", j.runAt().toEpochMilli());
    if (j.status() == JobStatus.QUEUED && j.attempt() > 0) {
      n.put("next_run_at_ms", j.runAt().toEpochMilli());
    }
    putMillis(n, "started_at_ms", j.startedAt());
    putMillis(n, "finished_at_ms", j.finishedAt());
    if (j.resultStatus() != null) {
      n.put("result_status", j.resultStatus());
    }
    if (j.lastError() != null) {
      n.put("last_error", j.lastError());
    }
    return n;
  }

  /** {@link #meta} plus every finished attempt and the list of their errors (the dead-letter record). */
  static ObjectNode detail(JobRecord j, List<AttemptRecord> attempts) {
    ObjectNode n = meta(j);
    ArrayNode list = n.putArray("attempts");
    ArrayNode errors = n.putArray("errors");
    for (AttemptRecord a : attempts) {
      ObjectNode an = list.addObject();
      an.put("attempt", a.attempt());
      an.put("outcome", a.outcome());
      putMillis(an, "started_at_ms", a.startedAt());
      putMillis(an, "finished_at_ms", a.finishedAt());
      if (a.status() != null) {
        an.put("status", a.status());
      }
      if (a.error() != null) {
        an.put("error", a.error());
        errors.add(a.error());
      }
    }
    return n;
  }

  /** 202 body while the result is not there yet. */
  static ObjectNode notReady(JobRecord j) {
    ObjectNode n = HttpJson.object();
    n.put("id", j.id());
    n.put("status", j.status().id());
    n.put("error", "result not ready");
    n.put("attempt", j.attempt());
    n.put("max_attempts", j.maxAttempts());
    n.put("retry_delay_ms", j.retryDelayMs());
    return n;
  }

  private static void putMillis(ObjectNode n, String key, Instant t) {
    if (t != null) {
      n.put(key, t.toEpochMilli());
    }
  }
}
