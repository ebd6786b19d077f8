package dev.fastfn.deps;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The dependency state being assembled for one folder during one preparation, for either runtime:
 * what inference found and what was resolved, until {@link #build} turns it into the
 * {@link DepsState} to save with the run's outcome.
 */
final class StateDraft {
  private final String runtime;
  private final Path manifest;
  private final Supplier<Path> lockFile;
  private final String backend;
  private final Clock clock;
  Inference inference;
  boolean generated;
  List<String> resolved = List.of();

  /** {@code lockFile} is asked at build time: an install may just have created it (null: none). */
  StateDraft(String runtime, Path manifest, Supplier<Path> lockFile, boolean generated, String backend, Clock clock) {
    this.runtime = runtime;
    this.manifest = manifest;
    this.lockFile = lockFile;
    this.generated = generated;
    this.backend = backend;
    this.clock = clock;
    this.inference = Inference.none(backend);
  }

  DepsState build(String status, String error) {
    return build(status, error, null);
  }

  DepsState build(String status, String error, String signature) {
    Path lock = lockFile.get();
    return new DepsState(runtime, inference.foundAnything() ? "inferred" : "manifest", manifest.toString(), generated,
        backend, inference.durationMs(), inference.imports(), resolved, inference.unresolved(), status, error,
        lock == null ? null : lock.toString(), signature, DepsState.timestamp(clock));
  }
}
