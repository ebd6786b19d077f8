package dev.fastfn.console;

import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.FunctionSpec;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a console write and its rescan: waits (bounded) until the written function is ready for its
 * next request. Called outside the function's lock. Failures only log: the write itself succeeded.
 */
final class Settle {
  private static final Logger LOG = LoggerFactory.getLogger(Settle.class);
  static final Duration MAX_WAIT = Duration.ofSeconds(15);
  private final ReadinessWait readiness;

  Settle(ReadinessWait readiness) {
    this.readiness = readiness;
  }

  /** Starts getting {@code fn} ready; {@link #after(FunctionSpec)} then waits for it. Never blocks. */
  void begin(FunctionSpec fn) {
    try {
      readiness.begin(fn);
    } catch (RuntimeException e) {
      LOG.warn("fn={} could not start getting ready after a console write: {}", fn.key(), e.toString());
    }
  }

  /** {@link #begin(FunctionSpec)} for {@code ref} as {@code catalog} has it, if it has it. */
  void begin(Catalog catalog, FunctionRef ref) {
    find(catalog, ref).ifPresent(this::begin);
  }

  void after(Catalog catalog, FunctionRef ref) {
    find(catalog, ref).ifPresent(this::after);
  }

  private static Optional<FunctionSpec> find(Catalog catalog, FunctionRef ref) {
    return catalog.lookup(ref.runtime(), ref.name(), ref.version()) instanceof Catalog.Lookup.Found f
        ? Optional.of(f.spec()) : Optional.empty();
  }

  void after(FunctionSpec fn) {
    try {
      readiness.await(fn, MAX_WAIT);
    } catch (RuntimeException e) {
      LOG.warn("fn={} not confirmed ready after a console write: {}", fn.key(), e.toString());
    }
  }
}
