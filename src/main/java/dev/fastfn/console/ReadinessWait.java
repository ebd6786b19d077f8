package dev.fastfn.console;

import dev.fastfn.discovery.FunctionSpec;
import java.time.Duration;

/**
 * Lets a console write answer only once the changed function can serve its next request without a
 * long first-call delay (dependencies prepared after a new config, code or requirements file), so
 * "takes effect on the next request" also holds for that request's latency. Waits at most
 * {@code max}; the write has succeeded either way. Implemented in {@code cli/App}: it starts loading
 * the function's workers in the background and waits for its dependencies; {@link #NONE} does
 * nothing.
 */
@FunctionalInterface
public interface ReadinessWait {
  ReadinessWait NONE = (fn, max) -> { };

  /**
   * Starts getting {@code fn} ready without waiting, so a write can build its answer meanwhile and
   * {@link #await} only the rest. Optional: {@link #await} alone does the whole job.
   */
  default void begin(FunctionSpec fn) {
  }

  void await(FunctionSpec fn, Duration max);
}
