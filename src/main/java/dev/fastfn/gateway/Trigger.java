package dev.fastfn.gateway;

import java.util.Map;

/**
 * What caused an invocation; becomes {@code event.context.trigger}.
 *
 * @param type "http", "invoke", "job", "schedule" or "keep_warm"
 * @param details extra JSON fields, e.g. {@code id}, {@code attempt} for jobs
 */
public record Trigger(String type, Map<String, Object> details) {
  public static final Trigger HTTP = new Trigger("http", Map.of());
  public static final Trigger INVOKE = new Trigger("invoke", Map.of());

  public Trigger {
    details = Map.copyOf(details);
  }

  /**
   * The {@code client.ua} of events the platform itself sends (console invoke, jobs, schedules);
   * null for HTTP, whose event carries the client's own User-Agent.
   */
  public String agent() {
    return switch (type) {
      case "invoke" -> "fastfn-console-invoke";
      case "job" -> "fastfn-jobs";
      case "schedule", "keep_warm" -> "fastfn-scheduler";
      default -> null;
    };
  }

  /** A job's id, which is also its events' request id (one id to find in the logs); else null. */
  public String jobId() {
    return type.equals("job") && details.get("id") instanceof String id ? id : null;
  }
}
