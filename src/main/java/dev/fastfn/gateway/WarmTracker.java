package dev.fastfn.gateway;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which functions have answered successfully (status < 500), and when last, for the
 * X-FastFN-Function-State header and the health report's cold/warm/stale states.
 */
public final class WarmTracker {
  private final Map<String, Instant> warmAt = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastCall = new ConcurrentHashMap<>();
  private final Clock clock;

  public WarmTracker(Clock clock) {
    this.clock = clock;
  }

  public boolean isWarm(String key) {
    return warmAt.containsKey(key);
  }

  /** Records a completed call; returns true when this made the function warm for the first time. */
  boolean record(String key, int status) {
    Instant now = clock.instant();
    lastCall.put(key, now);
    return status < 500 && warmAt.putIfAbsent(key, now) == null;
  }

  public Instant warmAt(String key) {
    return warmAt.get(key);
  }

  public Instant lastCall(String key) {
    return lastCall.get(key);
  }

  /** Forgets a function (deleted or recycled). */
  public void forget(String key) {
    warmAt.remove(key);
    lastCall.remove(key);
  }
}
