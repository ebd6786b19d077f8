package dev.fastfn.runtime;

import java.time.Duration;

/** A point in monotonic time by which a call must finish. Each blocking step waits only for what is left. */
public record Deadline(long nanoTime) {
  public static Deadline after(Duration d) {
    return new Deadline(System.nanoTime() + d.toNanos());
  }

  public static Deadline afterMillis(long ms) {
    return new Deadline(System.nanoTime() + ms * 1_000_000L);
  }

  public long remainingNanos() {
    return nanoTime - System.nanoTime();
  }

  public long remainingMillis() {
    return Math.max(0, remainingNanos() / 1_000_000L);
  }

  public boolean expired() {
    return remainingNanos() <= 0;
  }
}
