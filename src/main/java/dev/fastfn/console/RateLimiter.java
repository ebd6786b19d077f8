package dev.fastfn.console;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-window counters keyed by (scope, client ip) (security-cli-ui.md A8): the window starts with
 * the first hit of a key and lasts {@code windowSeconds}; a window or limit &lt;= 0 means unlimited.
 * Also used for failed logins, where only failures are counted. Thread-safe; expired windows are
 * dropped lazily so the map stays bounded by the active clients.
 */
final class RateLimiter {
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  RateLimiter(Clock clock) {
    this.clock = clock;
  }

  private record Window(long startedMillis, long endsMillis, int count) {}

  /**
   * Counts one hit; true when the hit is within {@code max}.
   *
   * @return false when the key already had {@code max} hits in its window
   */
  boolean tryAcquire(String key, int max, int windowSeconds) {
    if (max <= 0 || windowSeconds <= 0) {
      return true;
    }
    long now = clock.millis();
    boolean[] allowed = {false};
    windows.compute(key, (k, w) -> {
      if (w == null || now >= w.endsMillis()) {
        allowed[0] = true;
        return new Window(now, now + windowSeconds * 1000L, 1);
      }
      if (w.count() >= max) {
        return w;
      }
      allowed[0] = true;
      return new Window(w.startedMillis(), w.endsMillis(), w.count() + 1);
    });
    prune(now);
    return allowed[0];
  }

  /** True when {@code key} has reached {@code max} in its current window (does not count). */
  boolean exhausted(String key, int max) {
    if (max <= 0) {
      return false;
    }
    Window w = windows.get(key);
    return w != null && clock.millis() < w.endsMillis() && w.count() >= max;
  }

  /** Adds one to {@code key} without a limit check (failed login). */
  void record(String key, int windowSeconds) {
    if (windowSeconds <= 0) {
      return;
    }
    long now = clock.millis();
    windows.compute(key, (k, w) -> w == null || now >= w.endsMillis()
        ? new Window(now, now + windowSeconds * 1000L, 1)
        : new Window(w.startedMillis(), w.endsMillis(), w.count() + 1));
  }

  void reset(String key) {
    windows.remove(key);
  }

  /** Seconds until the window of {@code key} ends (at least 1). */
  long retryAfterSeconds(String key) {
    Window w = windows.get(key);
    if (w == null) {
      return 1;
    }
    return Math.max(1, (w.endsMillis() - clock.millis() + 999) / 1000);
  }

  private void prune(long now) {
    if (windows.size() > 10_000) {
      windows.values().removeIf(w -> now >= w.endsMillis());
    }
  }
}
