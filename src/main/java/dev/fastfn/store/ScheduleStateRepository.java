package dev.fastfn.store;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Scheduler state per function key, in two kinds: {@code "schedule"} and {@code "keep_warm"}. */
public interface ScheduleStateRepository {
  String SCHEDULE = "schedule";
  String KEEP_WARM = "keep_warm";

  /** All entries of a kind, by function key. */
  Map<String, ScheduleState> all(String kind);

  /** Inserts or replaces one entry. */
  void put(String kind, String fnKey, ScheduleState state, Instant now);

  /** Deletes the entries of a kind whose key is not in {@code keep}; returns how many. */
  int retainOnly(String kind, Set<String> keep);
}
