package dev.fastfn.gateway;

/**
 * Where the gateway records each request it answered ({@code access.log}, written by the logs
 * package). Called on the request's thread after the response is sent: it must not wait for I/O.
 */
@FunctionalInterface
public interface RequestLog {
  void record(String method, String path, int status, long bytes, long elapsedMillis);
}
