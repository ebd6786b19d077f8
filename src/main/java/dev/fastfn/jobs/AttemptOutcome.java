package dev.fastfn.jobs;

import java.util.List;
import java.util.Map;

/** What one attempt of a job produced; {@link JobRunner} classifies it (see {@link JobRunner} for the rule). */
public sealed interface AttemptOutcome {
  /** The function answered (any status, including its own 4xx/5xx). */
  record Response(int status, Map<String, List<String>> headers, byte[] body, long latencyMs)
      implements AttemptOutcome {
    public Response {
      headers = Map.copyOf(headers);
    }
  }

  /**
   * The gateway did not get an answer from the function: unknown function (404), method (405), body
   * size (413), overload (429/503), worker unavailable (503), crash or bad frame (502), timeout (504).
   *
   * @param retryable worth retrying (overload, unavailable, crash, timeout); the others would fail again
   */
  record Refused(int status, String message, Map<String, String> headers, boolean retryable, long latencyMs)
      implements AttemptOutcome {
    public Refused {
      headers = Map.copyOf(headers);
    }
  }
}
