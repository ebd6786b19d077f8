package dev.fastfn.store;

import java.time.Instant;

/**
 * Persisted state of one schedule or keep_warm entry. Absent values are null.
 *
 * @param running a run is in flight (informational after a restart; the scheduler resets it)
 * @param retryDue when a pending retry of the last run is due
 * @param retryAttempt attempt number of that pending retry
 * @param specHash fingerprint of the configuration the state was computed for; a change resets next
 */
public record ScheduleState(
    Instant next,
    Instant last,
    Integer lastStatus,
    String lastError,
    boolean running,
    Instant retryDue,
    Integer retryAttempt,
    String specHash) {
  public static final ScheduleState EMPTY = new ScheduleState(null, null, null, null, false, null, null, null);
}
