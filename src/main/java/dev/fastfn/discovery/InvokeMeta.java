package dev.fastfn.discovery;

import tools.jackson.databind.JsonNode;

/**
 * Descriptive metadata for the console and OpenAPI: {@code invoke.summary}, {@code invoke.query},
 * {@code invoke.body}, {@code invoke.content_type}, with handler {@code @hints} as fallbacks.
 * JSON values are private copies; treat them as read-only.
 */
public record InvokeMeta(String summary, JsonNode query, JsonNode body, String contentType, String defaultMethod) {
  public static final InvokeMeta EMPTY = new InvokeMeta(null, null, null, null, null);

  public InvokeMeta {
    query = query == null ? null : query.deepCopy();
    body = body == null ? null : body.deepCopy();
  }
}
