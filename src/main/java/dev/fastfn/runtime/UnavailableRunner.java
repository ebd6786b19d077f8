package dev.fastfn.runtime;

import dev.fastfn.discovery.FunctionSpec;
import tools.jackson.databind.node.ObjectNode;

/** Placeholder runner until the worker pools land (runtime branch). */
public final class UnavailableRunner implements FunctionRunner {
  @Override
  public CallOutcome call(FunctionSpec fn, ObjectNode event, Deadline deadline) {
    return new CallOutcome.Unavailable("runtime not available");
  }

  @Override
  public void close() {}
}
