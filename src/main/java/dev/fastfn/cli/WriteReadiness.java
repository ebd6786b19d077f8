package dev.fastfn.cli;

import dev.fastfn.console.ReadinessWait;
import dev.fastfn.deps.DependencyService;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.runtime.Deadline;
import dev.fastfn.runtime.WorkerPools;
import java.time.Duration;

/**
 * How a console write gets its function ready: a write is usually followed by a call, so it starts
 * loading the function's workers at once (which prepares its dependencies first), then waits,
 * bounded, for those dependencies. Code with nothing to install is not waited for: its worker loads
 * without it, and the state file the preparation records (as the reference's daemons do, on their
 * own time) appears in the detail a moment later.
 */
record WriteReadiness(WorkerPools runner, DependencyService deps) implements ReadinessWait {
  @Override
  public void begin(FunctionSpec fn) {
    runner.prewarm(fn);
  }

  @Override
  public void await(FunctionSpec fn, Duration max) {
    runner.prewarm(fn); // no-op when begin() already started it
    if (!runner.isPrepared(fn)) { // else the pool's own preparation has waited for them already
      deps.readyToLoad(fn, Deadline.after(max));
    }
  }
}
