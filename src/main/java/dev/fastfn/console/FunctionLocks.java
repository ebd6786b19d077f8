package dev.fastfn.console;

import dev.fastfn.gateway.FnHttpException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per function folder, so read-modify-write cycles on {@code fn.config.json} and
 * {@code fn.env.json} (and create/delete) of one function never interleave. ReentrantLock, not
 * synchronized: the critical sections do file I/O on virtual threads. Locks are kept for the life of
 * the process (one small object per function ever written).
 */
final class FunctionLocks {
  private final Map<Path, ReentrantLock> locks = new ConcurrentHashMap<>();

  <T> T with(Path functionDir, Supplier<T> action) {
    ReentrantLock lock = locks.computeIfAbsent(functionDir.toAbsolutePath().normalize(), k -> new ReentrantLock());
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FnHttpException.InternalError("interrupted while waiting for another write to this function");
    }
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }
}
