package dev.fastfn.runtime;

import dev.fastfn.discovery.FunctionSpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs events on a function's worker processes. The only entry point the gateway uses; limits and
 * admission are the Invoker's job, process management is the implementation's.
 *
 * <p>Thread-safe; called from many virtual threads at once.
 */
public interface FunctionRunner extends AutoCloseable {
  /**
   * Sends {@code event} (runtimes.md §1.3 shape, {@code env} included) to a worker of {@code fn},
   * starting or recycling workers as needed.
   *
   * <p>{@code deadline} is the handler's: with a warm worker the call returns by it. A cold call
   * first waits for its worker (dependency check, process start, import) for at most
   * {@code max(cold start wait (10 s), the deadline's remaining time)} and the handler then gets the
   * full remaining time the deadline had when {@code call} was entered. Callers therefore create the
   * deadline right before calling.
   */
  CallOutcome call(FunctionSpec fn, ObjectNode event, Deadline deadline);

  /**
   * {@link #call(FunctionSpec, ObjectNode, Deadline)} with the event already encoded as one UTF-8 JSON
   * object: the gateway's hot path writes the event once, straight into the worker frame. The default
   * parses it back into a tree (for runners that want one, e.g. test stubs).
   */
  default CallOutcome call(FunctionSpec fn, byte[] eventJson, Deadline deadline) {
    return call(fn, (ObjectNode) JsonMapper.shared().readTree(eventJson), deadline);
  }

  /** Stops every worker process. */
  @Override
  void close();
}
