package dev.fastfn.schedule;

import com.cronutils.model.time.ExecutionTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Optional;

/** When a schedule fires: every N seconds (epoch-aligned) or by a cron expression in a time zone. */
public sealed interface Schedule {
  /** The first fire instant strictly after {@code t}, or null when there is none. */
  Instant nextAfter(Instant t);

  /**
   * Fires at every multiple of {@code seconds} since the epoch (every 300 s fires at :00, :05, ...
   * UTC), so restarts do not shift the grid (platform.md §3.2).
   */
  record Every(long seconds) implements Schedule {
    public Every {
      if (seconds < 1) {
        throw new IllegalArgumentException("every_seconds must be >= 1");
      }
    }

    @Override
    public Instant nextAfter(Instant t) {
      long period = seconds * 1000;
      long ms = t.toEpochMilli();
      return Instant.ofEpochMilli(Math.floorDiv(ms, period) * period + period);
    }
  }

  /**
   * A cron expression evaluated on the wall clock of {@code zone} (D12). Daylight saving:
   * <ul>
   *   <li>a wall time skipped by a gap (02:30 on a spring-forward night) fires once, at the first
   *       valid instant after the gap (03:00 new offset); several skipped times collapse into that one run;
   *   <li>a wall time that occurs twice (01:30 on a fall-back night) fires once, at its first occurrence.
   *       This applies to every field, so a job running every few minutes pauses during the repeated
   *       hour instead of running twice per wall time.
   * </ul>
   *
   * @param executionTime cron-utils evaluator of the expression (used on a zone-less wall clock)
   */
  record Cron(String expression, ZoneId zone, ExecutionTime executionTime) implements Schedule {
    /** Bound on skipped candidates (only times inside an overlap are skipped, at most an hour's worth). */
    private static final int MAX_STEPS = 100_000;

    @Override
    public Instant nextAfter(Instant t) {
      // cron-utils runs on a wall clock with no time zone (UTC); we map wall times to instants ourselves.
      LocalDateTime wall = LocalDateTime.ofInstant(t, zone);
      for (int i = 0; i < MAX_STEPS; i++) {
        Optional<ZonedDateTime> next = executionTime.nextExecution(wall.atZone(ZoneOffset.UTC));
        if (next.isEmpty()) {
          return null;
        }
        LocalDateTime candidate = next.get().toLocalDateTime();
        Instant at = resolve(candidate);
        if (at.isAfter(t)) {
          return at;
        }
        wall = candidate; // the earlier occurrence of an overlapped time already passed: skip it
      }
      return null;
    }

    /** Gap: the instant the gap ends. Overlap: the earlier offset. Otherwise the only instant. */
    Instant resolve(LocalDateTime wall) {
      ZoneRules rules = zone.getRules();
      List<ZoneOffset> offsets = rules.getValidOffsets(wall);
      if (offsets.isEmpty()) {
        ZoneOffsetTransition gap = rules.getTransition(wall);
        return gap.getInstant();
      }
      return wall.toInstant(offsets.get(0));
    }
  }
}
