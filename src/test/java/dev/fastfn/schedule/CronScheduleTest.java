package dev.fastfn.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fire times, including daylight-saving transitions in America/New_York (2026: Mar 8 and Nov 1). */
class CronScheduleTest {
  static final ZoneId NY = ZoneId.of("America/New_York");

  static Schedule cron(String expr, ZoneId zone) {
    return new Schedule.Cron(expr, zone, CronExpressions.parse(expr));
  }

  static List<Instant> fires(Schedule s, Instant from, Instant until) {
    List<Instant> out = new ArrayList<>();
    Instant t = from;
    while (true) {
      t = s.nextAfter(t);
      if (t == null || t.isAfter(until)) {
        return out;
      }
      out.add(t);
    }
  }

  @ParameterizedTest(name = "every {0}s after {1} -> {2}")
  @CsvSource({
      "300, 2026-03-01T10:02:13Z, 2026-03-01T10:05:00Z",
      "300, 2026-03-01T10:05:00Z, 2026-03-01T10:10:00Z",
      "1, 2026-03-01T10:00:00.400Z, 2026-03-01T10:00:01Z",
      "60, 2026-03-01T10:00:59.999Z, 2026-03-01T10:01:00Z"})
  void interval_schedules_fire_on_an_epoch_aligned_grid(long every, String after, String next) {
    assertThat(new Schedule.Every(every).nextAfter(Instant.parse(after))).isEqualTo(Instant.parse(next));
  }

  @Test
  void a_five_field_cron_in_a_zone_fires_at_that_zones_wall_time() {
    assertThat(cron("0 9 * * *", ZoneId.of("Europe/Madrid")).nextAfter(Instant.parse("2026-06-01T00:00:00Z")))
        .isEqualTo(Instant.parse("2026-06-01T07:00:00Z"));
    assertThat(cron("*/5 * * * *", ZoneId.of("UTC")).nextAfter(Instant.parse("2026-06-01T00:00:00Z")))
        .isEqualTo(Instant.parse("2026-06-01T00:05:00Z"));
  }

  @Test
  void a_six_field_cron_has_a_seconds_field() {
    assertThat(fires(cron("*/20 * * * * *", ZoneId.of("UTC")), Instant.parse("2026-06-01T00:00:00Z"),
        Instant.parse("2026-06-01T00:01:00Z"))).containsExactly(
            Instant.parse("2026-06-01T00:00:20Z"), Instant.parse("2026-06-01T00:00:40Z"),
            Instant.parse("2026-06-01T00:01:00Z"));
  }

  @Test
  void both_day_fields_restricted_match_either_day() {
    // the 13th OR any Friday (Vixie cron), March 2026: Fridays 6, 13, 20, 27
    assertThat(fires(cron("0 12 13 * 5", ZoneId.of("UTC")), Instant.parse("2026-03-01T00:00:00Z"),
        Instant.parse("2026-03-31T00:00:00Z"))).extracting(i -> i.toString().substring(0, 10))
        .containsExactly("2026-03-06", "2026-03-13", "2026-03-20", "2026-03-27");
  }

  @Test
  void a_time_skipped_by_the_spring_gap_runs_once_at_the_first_valid_instant_after() {
    // 02:30 does not exist on 2026-03-08 in New York (02:00 EST -> 03:00 EDT = 07:00Z).
    assertThat(fires(cron("30 2 * * *", NY), Instant.parse("2026-03-07T12:00:00Z"), Instant.parse("2026-03-10T00:00:00Z")))
        .containsExactly(
            Instant.parse("2026-03-08T07:00:00Z"), // 03:00 EDT
            Instant.parse("2026-03-09T06:30:00Z")); // 02:30 EDT
  }

  @Test
  void several_times_inside_the_gap_collapse_into_one_run() {
    assertThat(fires(cron("*/15 2 * * *", NY), Instant.parse("2026-03-08T06:00:00Z"), Instant.parse("2026-03-08T12:00:00Z")))
        .containsExactly(Instant.parse("2026-03-08T07:00:00Z"));
  }

  @Test
  void a_time_repeated_by_the_fall_overlap_runs_once_at_its_first_occurrence() {
    // 01:30 happens twice on 2026-11-01: 05:30Z (EDT) and 06:30Z (EST).
    assertThat(fires(cron("30 1 * * *", NY), Instant.parse("2026-10-31T12:00:00Z"), Instant.parse("2026-11-02T12:00:00Z")))
        .containsExactly(Instant.parse("2026-11-01T05:30:00Z"), Instant.parse("2026-11-02T06:30:00Z"));
    // Starting inside the second pass does not fire the already-passed time again.
    assertThat(cron("30 1 * * *", NY).nextAfter(Instant.parse("2026-11-01T06:10:00Z")))
        .isEqualTo(Instant.parse("2026-11-02T06:30:00Z"));
  }

  @Test
  void an_hourly_cron_skips_the_repeated_hour_on_the_fall_night() {
    assertThat(fires(cron("0 * * * *", NY), Instant.parse("2026-11-01T03:30:00Z"), Instant.parse("2026-11-01T08:00:00Z")))
        .containsExactly(
            Instant.parse("2026-11-01T04:00:00Z"), // 00:00 EDT
            Instant.parse("2026-11-01T05:00:00Z"), // 01:00 EDT
            Instant.parse("2026-11-01T07:00:00Z"), // 02:00 EST (01:00 EST is a repeat)
            Instant.parse("2026-11-01T08:00:00Z"));
  }

  @Test
  void a_daily_cron_keeps_its_wall_time_across_both_transitions() {
    Schedule nine = cron("0 9 * * *", NY);
    assertThat(nine.nextAfter(Instant.parse("2026-03-07T15:00:00Z"))).isEqualTo(Instant.parse("2026-03-08T13:00:00Z"));
    assertThat(nine.nextAfter(Instant.parse("2026-03-06T15:00:00Z"))).isEqualTo(Instant.parse("2026-03-07T14:00:00Z"));
    assertThat(nine.nextAfter(Instant.parse("2026-10-31T14:00:00Z"))).isEqualTo(Instant.parse("2026-11-01T14:00:00Z"));
  }
}
