package dev.fastfn.config;

import java.time.Duration;

/** Interval/cron schedules and keep_warm (platform.md §3, issue 5). */
public record SchedulerSettings(boolean enabled, Duration tick) {
  static SchedulerSettings from(EnvReader e) {
    return new SchedulerSettings(
        e.bool("FN_SCHEDULER_ENABLED", true),
        Duration.ofMillis(Math.round(e.seconds("FN_SCHEDULER_INTERVAL", 1.0, 0.05) * 1000)));
  }
}
