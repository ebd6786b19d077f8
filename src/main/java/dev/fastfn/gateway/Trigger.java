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
}
