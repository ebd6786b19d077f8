package dev.fastfn.gateway;

import dev.fastfn.discovery.FunctionSpec;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One call of a function, from any source (public HTTP, /_fn/invoke, jobs, schedules). The Invoker
 * applies the same methods, limits and timeouts to all of them.
 *
 * @param fn target function version
 * @param method upper-case HTTP method
 * @param path decoded request path ("/items/42")
 * @param rawQuery raw query string without '?', or "" (kept for raw_path and adapters)
 * @param query parsed query: values are String, Boolean.TRUE (bare key) or List of String
 * @param headers lower-case header names to values (String or List of String)
 * @param body request body bytes; null when there is none
 * @param params route params
 * @param clientIp caller address
 * @param userContext {@code context} given to /_fn/invoke or a job, or null; becomes event.context.user
 * @param trigger what caused this call
 */
public record Invocation(
    FunctionSpec fn,
    String method,
    String path,
    String rawQuery,
    Map<String, Object> query,
    Map<String, Object> headers,
    byte[] body,
    Map<String, String> params,
    String clientIp,
    JsonNode userContext,
    Trigger trigger) {

  public Invocation {
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
    params = Map.copyOf(params);
    userContext = userContext == null ? null : userContext.deepCopy();
  }

  /** Convenience for internal callers (jobs, schedules) that build a request from JSON fields. */
  public static Invocation internal(
      FunctionSpec fn, String method, String path, Map<String, Object> query, Map<String, Object> headers,
      byte[] body, JsonNode userContext, Trigger trigger) {
    return new Invocation(fn, method, path, QueryStrings.encode(query), query, headers, body, Map.of(),
        "127.0.0.1", userContext, trigger);
  }

  /** First value of a header (names are lower-case). */
  /** All Cookie headers as one, joined with "; " as a single header would carry them. */
  public String cookies() {
    Object v = headers.get("cookie");
    if (v instanceof List<?> l) {
      return l.isEmpty() ? null : String.join("; ", l.stream().map(String::valueOf).toList());
    }
    return v == null ? null : String.valueOf(v);
  }

  public String header(String name) {
    Object v = headers.get(name);
    if (v instanceof List<?> l) {
      return l.isEmpty() ? null : String.valueOf(l.get(0));
    }
    return v == null ? null : String.valueOf(v);
  }
}
