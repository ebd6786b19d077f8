package dev.fastfn.runtime;

import java.util.List;
import java.util.Map;

/**
 * A handler's normalized response as a worker returned it (runtimes.md §1.4, §3).
 *
 * @param status HTTP status 100..599
 * @param headers response headers as the handler set them (a value may be a list)
 * @param body decoded body bytes (base64 already decoded)
 * @param stdout output the handler printed during this request only ("" if none)
 * @param stderr error output of this request only
 * @param workerIndex index of the worker process within its pool
 * @param cold true when this call had to start a worker for the function
 */
public record WorkerReply(
    int status,
    Map<String, List<String>> headers,
    byte[] body,
    String stdout,
    String stderr,
    int workerIndex,
    boolean cold) {
  public WorkerReply {
    headers = Map.copyOf(headers);
  }
}
