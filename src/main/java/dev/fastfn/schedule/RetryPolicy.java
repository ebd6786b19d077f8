package dev.fastfn.schedule;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Retries of a failed scheduled run (platform.md §3.3): attempt n+1 after
 * {@code min(base * 2^(n-1), max)} seconds spread by ±jitter, while {@code attempt < maxAttempts}.
 * A run fails when the status is 0, 429 or >= 500.
 */
public record RetryPolicy(boolean enabled, int maxAttempts, double baseDelaySeconds, double maxDelaySeconds,
    double jitter) {
  public static final RetryPolicy NONE = new RetryPolicy(false, 1, 0, 0, 0);
  public static final RetryPolicy DEFAULTS = new RetryPolicy(true, 3, 1, 30, 0.2);

  public RetryPolicy {
    if (maxAttempts < 1 || maxAttempts > 10) {
      throw new IllegalArgumentException("retry.max_attempts must be 1..10");
    }
    if (baseDelaySeconds < 0 || maxDelaySeconds < 0 || jitter < 0 || jitter > 0.5) {
      throw new IllegalArgumentException("retry delays must be >= 0 and jitter 0..0.5");
    }
  }

  Duration delayAfter(int failedAttempt, RandomGenerator random) {
    double d = Math.min(baseDelaySeconds * Math.pow(2, Math.max(0, failedAttempt - 1)), maxDelaySeconds);
    double spread = d * jitter * (random.nextDouble() * 2 - 1);
    return Duration.ofMillis(Math.max(0, Math.round((d + spread) * 1000)));
  }

  static boolean failed(int status) {
    return status == 0 || status == 429 || status >= 500;
  }
}
