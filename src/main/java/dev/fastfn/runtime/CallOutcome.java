package dev.fastfn.runtime;

/**
 * Result of sending one event to a function's worker pool. Expected failures are values; the gateway
 * turns them into HTTP statuses in one place.
 */
public sealed interface CallOutcome {
  /** The worker answered (the handler's own status may still be 4xx/5xx). */
  record Ok(WorkerReply reply) implements CallOutcome {}

  /** The deadline passed; the worker was told to cancel (and is killed if it does not stop). -> 504 */
  record TimedOut() implements CallOutcome {}

  /** The worker process died or closed its channel while the call was in flight. -> 502 */
  record Crashed(String reason) implements CallOutcome {}

  /** No worker could be started (interpreter missing, spawn failed, dependency install failed). -> 503 */
  record Unavailable(String reason) implements CallOutcome {}

  /** The worker sent a frame that breaks the protocol. -> 502 */
  record BadFrame(String reason) implements CallOutcome {}
}
