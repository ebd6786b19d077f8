package dev.fastfn.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.jobs.Fixtures;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleSpecTest {
  static ScheduleSpec.Parsed parse(String json) {
    return ScheduleSpec.parse(Fixtures.JSON.readTree(json));
  }

  static ScheduleSpec valid(String json) {
    ScheduleSpec.Parsed p = parse(json);
    assertThat(p).isInstanceOf(ScheduleSpec.Parsed.Valid.class);
    return ((ScheduleSpec.Parsed.Valid) p).spec();
  }

  static String error(String json) {
    ScheduleSpec.Parsed p = parse(json);
    assertThat(p).isInstanceOf(ScheduleSpec.Parsed.Invalid.class);
    return ((ScheduleSpec.Parsed.Invalid) p).error();
  }

  @Test
  void the_walkthrough_schedule_is_valid_and_echoed_as_configured() {
    String json = "{\"enabled\":true,\"every_seconds\":60,\"method\":\"get\",\"query\":{\"action\":\"inc\"},"
        + "\"headers\":{\"X-A\":\"1\"},\"body\":\"\",\"context\":{\"t\":1}}";
    ScheduleSpec s = valid(json);
    assertThat(s.active()).isTrue();
    assertThat(s.schedule()).isEqualTo(new Schedule.Every(60));
    assertThat(s.method()).isEqualTo("GET");
    assertThat(s.query()).isEqualTo(Map.of("action", "inc"));
    assertThat(s.headers()).isEqualTo(Map.of("x-a", "1"));
    assertThat(s.context().toString()).isEqualTo("{\"t\":1}");
    assertThat(s.retry()).isEqualTo(RetryPolicy.NONE);
    assertThat(s.configured().toString()).isEqualTo(json.replace("\"get\"", "\"GET\""));
  }

  @Test
  void a_cron_schedule_defaults_to_utc_and_accepts_iana_zones_offsets_and_the_tz_alias() {
    assertThat(((Schedule.Cron) valid("{\"enabled\":true,\"cron\":\"*/5 * * * *\"}").schedule()).zone())
        .isEqualTo(ZoneOffset.UTC);
    assertThat(((Schedule.Cron) valid("{\"enabled\":true,\"cron\":\"0 9 * * *\",\"timezone\":\"Europe/Madrid\"}")
        .schedule()).zone()).isEqualTo(ZoneId.of("Europe/Madrid"));
    assertThat(((Schedule.Cron) valid("{\"enabled\":true,\"cron\":\"0 9 * * *\",\"timezone\":\"-03:30\"}")
        .schedule()).zone()).isEqualTo(ZoneOffset.ofHoursMinutes(-3, -30));
    ScheduleSpec tz = valid("{\"enabled\":true,\"cron\":\"0 9 * * *\",\"tz\":\"UTC\"}");
    assertThat(tz.configured().path("timezone").asString()).isEqualTo("UTC");
    assertThat(tz.configured().has("tz")).isFalse();
  }

  @Test
  void every_seconds_wins_over_cron_and_a_disabled_schedule_may_lack_a_trigger() {
    assertThat(valid("{\"enabled\":true,\"every_seconds\":2.7,\"cron\":\"* * * * *\"}").schedule())
        .isEqualTo(new Schedule.Every(2));
    ScheduleSpec off = valid("{\"enabled\":false}");
    assertThat(off.active()).isFalse();
    assertThat(valid("{\"every_seconds\":5}").active()).as("enabled defaults to false").isFalse();
  }

  @Test
  void retry_accepts_true_objects_and_aliases_with_reference_clamping() {
    assertThat(valid("{\"enabled\":true,\"every_seconds\":5,\"retry\":true}").retry()).isEqualTo(RetryPolicy.DEFAULTS);
    assertThat(valid("{\"enabled\":true,\"every_seconds\":5,\"retry\":{}}").retry()).isEqualTo(RetryPolicy.DEFAULTS);
    assertThat(valid("{\"enabled\":true,\"every_seconds\":5,\"retry\":{\"enabled\":false}}").retry())
        .isEqualTo(RetryPolicy.NONE);
    assertThat(valid("{\"enabled\":true,\"every_seconds\":5,\"retry\":{\"maxAttempts\":50,\"delaySeconds\":2,"
        + "\"max_delay_seconds\":1,\"jitter\":0.9}}").retry()).isEqualTo(new RetryPolicy(true, 10, 2, 2, 0.5));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"enabled\":true,\"cron\":\"75 * * * *\"}|invalid cron '75 * * * *': value 75 not in range [0, 59]",
      "{\"enabled\":true,\"cron\":\"@fortnightly\"}|invalid cron '@fortnightly': unknown macro @fortnightly (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)",
      "{\"enabled\":true,\"cron\":\"* * * *\"}|invalid cron '* * * *': cron must have 5 or 6 fields, got 4",
      "{\"enabled\":true,\"cron\":\"0 0 30 2 *\"}|invalid cron '0 0 30 2 *': it never fires",
      "{\"enabled\":true,\"cron\":\"5-1 * * * *\"}|invalid cron '5-1 * * * *': invalid range! [5,1]",
      "{\"enabled\":true,\"cron\":\"\"}|schedule.cron must be a non-empty string",
      "{\"enabled\":true,\"every_seconds\":0}|schedule.every_seconds must be a number >= 1",
      "{\"enabled\":true,\"every_seconds\":\"60\"}|schedule.every_seconds must be a number >= 1",
      "{\"enabled\":true}|an enabled schedule needs every_seconds or cron",
      "{\"enabled\":\"yes\",\"every_seconds\":1}|schedule.enabled must be true or false",
      "{\"enabled\":true,\"every_seconds\":1,\"method\":\"HEAD\"}|schedule.method must be one of GET, POST, PUT, PATCH, DELETE",
      "{\"enabled\":true,\"every_seconds\":1,\"timezone\":\"Mars/Olympus\"}|schedule.timezone: unknown time zone 'Mars/Olympus'",
      "{\"enabled\":true,\"every_seconds\":1,\"timezone\":\"+25:00\"}|schedule.timezone: invalid offset '+25:00'",
      "{\"enabled\":true,\"every_seconds\":1,\"query\":[1]}|schedule.query must be an object",
      "{\"enabled\":true,\"every_seconds\":1,\"headers\":{\"a\":{\"b\":1}}}|schedule.headers values must be strings or lists of strings",
      "{\"enabled\":true,\"every_seconds\":1,\"context\":\"x\"}|schedule.context must be an object",
      "{\"enabled\":true,\"every_seconds\":1,\"retry\":\"yes\"}|schedule.retry must be true, false or an object",
      "{\"enabled\":true,\"every_seconds\":1,\"retry\":{\"attempts\":\"3\"}}|schedule.retry.max_attempts must be a number",
      "{\"enabled\":true,\"every_seconds\":1,\"interval\":5}|schedule: unknown key 'interval'",
      "[1]|schedule must be an object"})
  void invalid_schedules_are_refused_with_a_message_naming_the_problem(String json, String message) {
    assertThat(error(json)).isEqualTo(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"*/5 * * * *", "0 9 * * MON-FRI", "0 9 * * mon-fri", "0 0 1 JAN,jul ?",
      "30 */2 * * * *", "0 0 * * 7", "@daily", "@HOURLY", "@yearly", "0 12 13 * 5"})
  void cron_forms_of_the_reference_are_accepted(String cron) {
    assertThat(valid("{\"enabled\":true,\"cron\":\"" + cron + "\"}").schedule()).isInstanceOf(Schedule.Cron.class);
  }

  @Test
  void cron_errors_always_mention_cron() {
    for (String bad : List.of("75 * * * *", "@fortnightly", "a b c d e", "* * * * * * *", "*/0 * * * *")) {
      assertThat(error("{\"enabled\":true,\"cron\":\"" + bad + "\"}")).contains("cron");
    }
  }
}
