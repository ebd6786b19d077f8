package dev.fastfn.gateway;

import java.util.List;
import java.util.Map;

/**
 * A completed invocation: the handler's response plus what the gateway measured.
 *
 * @param headers response headers (handler's plus gateway's X-FastFN-* headers)
 * @param stdout the handler's own output during this call
 */
public record InvokeResult(
    int status,
    Map<String, List<String>> headers,
    byte[] body,
    String stdout,
    String stderr,
    long latencyMs,
    boolean cold,
    String requestId) {
  public InvokeResult {
    headers = Map.copyOf(headers);
  }
}
