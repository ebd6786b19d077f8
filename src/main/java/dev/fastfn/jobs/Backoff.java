package dev.fastfn.jobs;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Delay before retry attempt n+1 after attempt n failed: {@code base * 2^(n-1)}, capped at
 * {@link #MAX}, then spread by ±{@link #JITTER} so jobs that failed together do not retry together.
 * A base of 0 retries at once.
 */
final class Backoff {
  static final Duration MAX = Duration.ofHours(1);
  static final double JITTER = 0.2;

  private Backoff() {}

  static Duration after(long baseMs, int failedAttempt, RandomGenerator random) {
    if (baseMs <= 0) {
      return Duration.ZERO;
    }
    int shift = Math.min(Math.max(failedAttempt - 1, 0), 30);
    double raw = Math.min((double) baseMs * (1L << shift), MAX.toMillis());
    double factor = 1 + (random.nextDouble() * 2 - 1) * JITTER;
    return Duration.ofMillis(Math.max(0, Math.round(raw * factor)));
  }
}
