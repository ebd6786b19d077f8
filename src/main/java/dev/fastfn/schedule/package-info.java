/**
 * Interval and cron schedules from {@code fn.config.json} ({@code schedule}), keep_warm pings, and
 * {@code GET /_fn/schedules}. {@link dev.fastfn.schedule.ScheduleSpec#parse} validates a schedule
 * object (also used by the console to validate config writes); {@link dev.fastfn.schedule.ScheduleLoop}
 * runs them through the {@link dev.fastfn.gateway.Invoker} with state kept in the store.
 */
package dev.fastfn.schedule;
