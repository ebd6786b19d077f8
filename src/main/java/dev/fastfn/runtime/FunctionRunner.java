package dev.fastfn.runtime;

import dev.fastfn.discovery.FunctionSpec;
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
   * starting or recycling workers as needed, and waits until {@code deadline} at most.
   */
  CallOutcome call(FunctionSpec fn, ObjectNode event, Deadline deadline);

  /** Stops every worker process. */
  @Override
  void close();
}
