package dev.fastfn.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

class ConfigValidationTest {

  private static ObjectNode json(String s) {
    return (ObjectNode) HttpJson.MAPPER.readTree(s);
  }

  private static String apply(String existing, String patch) {
    return HttpJson.MAPPER.writeValueAsString(ConfigPatch.parse(json(patch)).applyTo(json(existing)));
  }

  private static void rejected(String patch, String message) {
    assertThatThrownBy(() -> ConfigPatch.parse(json(patch)))
        .isInstanceOf(FnHttpException.BadRequest.class)
        .hasMessage(message);
  }

  @Test
  void the_seed_limits_patch_stores_limits_top_level_and_methods_under_invoke() {
    String out = apply("{\"invoke\":{\"summary\":\"Demo function\",\"methods\":[\"GET\"]}}",
        "{\"timeout_ms\":1200,\"max_concurrency\":5,\"max_body_bytes\":262144,\"invoke\":{\"methods\":[\"GET\",\"POST\"]}}");
    assertThat(out).isEqualTo("{\"invoke\":{\"summary\":\"Demo function\",\"methods\":[\"GET\",\"POST\"]},"
        + "\"timeout_ms\":1200,\"max_concurrency\":5,\"max_body_bytes\":262144}");
  }

  @Test
  void invoke_keys_win_over_the_same_top_level_keys() {
    assertThat(apply("{}", "{\"methods\":[\"PUT\"],\"invoke\":{\"methods\":\"get, post\"}}"))
        .isEqualTo("{\"invoke\":{\"methods\":[\"GET\",\"POST\"]}}");
    assertThat(apply("{}", "{\"routes\":[\"/a\"],\"invoke\":{\"route\":\"/b\"}}"))
        .isEqualTo("{\"invoke\":{\"routes\":[\"/b\"]}}");
  }

  @Test
  void null_removes_a_setting_and_an_empty_route_list_clears_routes() {
    assertThat(apply("{\"timeout_ms\":5,\"schedule\":{\"enabled\":true,\"every_seconds\":1},\"invoke\":{\"routes\":[\"/x\"]}}",
        "{\"timeout_ms\":null,\"schedule\":null,\"routes\":[]}")).isEqualTo("{}");
  }

  @Test
  void routes_are_normalized_and_braces_become_colons() {
    assertThat(apply("{}", "{\"routes\":[\"/api//items/{id}/\", \"/files/:path*\", \"/api/items/:id\"]}"))
        .isEqualTo("{\"invoke\":{\"routes\":[\"/api/items/:id\",\"/files/:path*\"]}}");
  }

  @Test
  void shared_deps_accepts_a_list_or_a_string_and_stores_an_array() {
    assertThat(apply("{}", "{\"shared_deps\":[\"common_http\"]}")).isEqualTo("{\"shared_deps\":[\"common_http\"]}");
    assertThat(apply("{}", "{\"deps\":\"a, b\\nc\"}")).isEqualTo("{\"shared_deps\":[\"a\",\"b\",\"c\"]}");
  }

  @Test
  void force_url_aliases_collapse_into_one_key() {
    assertThat(apply("{\"force_url\":true,\"invoke\":{\"forceUrl\":true,\"methods\":[\"GET\"]}}", "{\"force-url\":false}"))
        .isEqualTo("{\"invoke\":{\"methods\":[\"GET\"]},\"force-url\":false}");
  }

  @Test
  void the_seed_schedule_is_kept_as_given() {
    assertThat(apply("{}", "{\"schedule\":{\"enabled\":true,\"every_seconds\":60,\"method\":\"GET\",\"query\":{\"action\":\"inc\"},"
        + "\"headers\":{},\"body\":\"\",\"context\":{}}}"))
        .isEqualTo("{\"schedule\":{\"enabled\":true,\"every_seconds\":60,\"method\":\"GET\",\"query\":{\"action\":\"inc\"},"
            + "\"headers\":{},\"context\":{},\"body\":\"\"}}");
  }

  @Test
  void every_reference_worker_pool_key_is_accepted() {
    assertThat(apply("{}", "{\"worker_pool\":{\"enabled\":true,\"max_workers\":3,\"max_queue\":2,"
        + "\"queue_timeout_ms\":1500,\"queue_poll_ms\":15,\"overflow_status\":503,\"min_warm\":1,\"idle_ttl_seconds\":60}}"))
        .isEqualTo("{\"worker_pool\":{\"enabled\":true,\"max_workers\":3,\"max_queue\":2,\"queue_timeout_ms\":1500,"
            + "\"queue_poll_ms\":15,\"overflow_status\":503,\"min_warm\":1,\"idle_ttl_seconds\":60}}");
  }

  @Test
  void unknown_keys_are_named_and_nothing_is_applied() {
    rejected("{\"max_concurrency\":3,\"colour\":\"blue\"}", "unknown config key(s): colour");
    rejected("{\"invoke\":{\"methods\":[\"GET\"],\"shape\":1}}", "unknown config key(s): invoke.shape");
    rejected("{\"worker_pool\":{\"max_workers\":1,\"turbo\":true}}", "unknown config key(s): worker_pool.turbo");
    rejected("{\"schedule\":{\"every_seconds\":5,\"jitter\":1}}", "unknown config key(s): schedule.jitter");
  }

  @Test
  void bad_values_are_refused_with_the_key_in_the_message() {
    rejected("{\"timeout_ms\":\"soon\"}", "timeout_ms must be a number > 0 (got \"soon\")");
    rejected("{\"timeout_ms\":0}", "timeout_ms must be > 0 (got 0)");
    rejected("{\"max_concurrency\":-3}", "max_concurrency must be >= 0 (got -3)");
    rejected("{\"max_body_bytes\":0}", "max_body_bytes must be > 0 (got 0)");
    rejected("{\"methods\":[\"GET\",\"BREW\"]}",
        "methods: unsupported HTTP method 'BREW' (allowed: GET, POST, PUT, PATCH, DELETE)");
    rejected("{\"methods\":[]}", "methods must include at least one of GET, POST, PUT, PATCH, DELETE");
    rejected("{\"routes\":[\"/_fn/x\"]}",
        "invoke.routes must contain valid URL paths (absolute, non-reserved); bad entry: \"/_fn/x\"");
    rejected("{\"routes\":[\"/api/../bad\"]}",
        "invoke.routes must contain valid URL paths (absolute, non-reserved); bad entry: \"/api/../bad\"");
    rejected("{\"shared_deps\":[\"../x\"]}", "shared_deps entries must match ^[a-zA-Z0-9_-]+$ (got '../x')");
    rejected("{\"include_debug_headers\":\"yes\"}", "include_debug_headers must be true or false (got \"yes\")");
    rejected("{\"worker_pool\":{\"overflow_status\":500}}", "worker_pool.overflow_status must be 429 or 503");
    rejected("{\"worker_pool\":{\"queue_poll_ms\":0}}", "worker_pool.queue_poll_ms must be > 0 (got 0)");
    rejected("{\"edge\":{\"base_url\":\"ftp://x\"}}", "edge.base_url must be an http(s) URL");
    rejected("{\"invoke\":{\"handler\":\"1abc\"}}", "invoke.handler must match ^[A-Za-z_][A-Za-z0-9_]*$");
    rejected("{\"allow_hosts\":[\"a b\"]}", "invoke.allow_hosts host entries may not include spaces or '/'");
    rejected("{\"invoke\":[]}", "invoke must be an object (got [])");
  }

  @ParameterizedTest
  @ValueSource(strings = {"*/5 * * * *", "0 0 * * *", "0 9 * * MON-FRI", "30 0 9 1,15 JAN-JUN ?", "@daily",
      "@HOURLY", "0-59/15 * * * 0-7"})
  void valid_cron_expressions_pass(String cron) {
    assertThat(CronSyntax.check(cron)).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "75 * * * *|minute value '75' is out of range 0-59",
      "@fortnightly|unknown macro @fortnightly (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)",
      "* * *|must have 5 or 6 fields (got 3)",
      "* 24 * * *|hour value '24' is out of range 0-23",
      "*/0 * * * *|minute step '0' must be a number from 1 to 59",
      "5-1 * * * *|minute range '5-1' is reversed",
      "? * * * *|'?' is only allowed in the day fields",
      "* * 0 * *|day-of-month value '0' is out of range 1-31"})
  void invalid_cron_expressions_say_why(String cron, String why) {
    assertThat(CronSyntax.check(cron)).isEqualTo(why);
  }

  @Test
  void schedules_are_validated_field_by_field() {
    rejected("{\"schedule\":{\"enabled\":true,\"cron\":\"75 * * * *\"}}",
        "schedule.cron is invalid: minute value '75' is out of range 0-59");
    rejected("{\"schedule\":{\"enabled\":true}}", "an enabled schedule needs every_seconds or cron");
    rejected("{\"schedule\":{\"every_seconds\":0}}", "schedule.every_seconds must be > 0 (got 0)");
    rejected("{\"schedule\":{\"every_seconds\":5,\"cron\":\"* * * * *\"}}", "schedule takes every_seconds or cron, not both");
    rejected("{\"schedule\":{\"every_seconds\":5,\"method\":\"BREW\"}}",
        "schedule.method must be a valid HTTP method (GET, POST, PUT, PATCH, DELETE)");
    rejected("{\"schedule\":{\"every_seconds\":5,\"timezone\":\"Mars/Olympus\"}}",
        "schedule.timezone must be UTC, local, Z, a fixed offset (+HH:MM) or an IANA zone such as Europe/Madrid (got 'Mars/Olympus')");
    rejected("{\"schedule\":{\"every_seconds\":5,\"retry\":{}}}", "schedule.retry must include at least one field");
    rejected("{\"schedule\":{\"every_seconds\":5,\"retry\":{\"base_delay_seconds\":5,\"max_delay_seconds\":1}}}",
        "schedule.retry.max_delay_seconds must be >= base_delay_seconds");
    rejected("{\"schedule\":{\"every_seconds\":5,\"query\":[]}}", "schedule.query must be an object");
    rejected("{\"schedule\":[]}", "schedule must be an object");
    assertThat(apply("{}", "{\"schedule\":{\"enabled\":true,\"cron\":\"0 9 * * *\",\"timezone\":\"Europe/Madrid\",\"body\":{\"a\":1}}}"))
        .isEqualTo("{\"schedule\":{\"enabled\":true,\"cron\":\"0 9 * * *\",\"timezone\":\"Europe/Madrid\",\"body\":\"{\\\"a\\\":1}\"}}");
    assertThat(apply("{}", "{\"schedule\":{\"enabled\":true,\"cron\":\"@daily\",\"timezone\":\"utc\"}}"))
        .isEqualTo("{\"schedule\":{\"enabled\":true,\"cron\":\"@daily\",\"timezone\":\"UTC\"}}");
  }
}
