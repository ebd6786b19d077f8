package dev.fastfn.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Health of one runtime as a whole (is its interpreter usable?), fed by every worker start, start
 * failure and crash of that runtime. Lock-free; read by {@link WorkerPools#health()}.
 */
final class RuntimeState {
  private volatile boolean up = true;
  private volatile String lastError;
  private final AtomicLong restarts = new AtomicLong();

  /** A worker process of this runtime started and said ready. */
  void started() {
    up = true;
  }

  /** A start failed; {@code runtimeLevel} means the interpreter itself could not run. */
  void startFailed(String reason, boolean runtimeLevel) {
    lastError = reason;
    if (runtimeLevel) {
      up = false;
    }
  }

  /** A worker died unexpectedly. */
  void crashed(String reason) {
    lastError = reason;
  }

  /** A function worker was replaced after a crash or a timeout kill. */
  void restarted(String reason) {
    lastError = reason;
    restarts.incrementAndGet();
  }

  boolean up() {
    return up;
  }

  String lastError() {
    return lastError;
  }

  long restarts() {
    return restarts.get();
  }
}
