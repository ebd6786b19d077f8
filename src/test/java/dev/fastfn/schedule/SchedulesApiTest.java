package dev.fastfn.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Schedules, keep_warm and the guard of the jobs/schedules endpoints on a real server. */
class SchedulesApiTest {
  @TempDir
  Path root;
  @TempDir
  Path scratch;

  static JsonNode row(TestServer s, String list, String name) {
    for (JsonNode r : TestServer.json(s.get("/_fn/schedules")).path(list)) {
      if (r.path("name").asString().equals(name)) {
        return r;
      }
    }
    return null;
  }

  static long lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count() : 0;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void an_interval_schedule_fires_through_the_workers_and_is_listed_with_its_state() {
    Path log = scratch.resolve("pulse.log");
    TestServer.write(root, Map.of(
        "python/pulse/handler.py", "import json\n\ndef handler(event):\n"
            + "    with open(" + pyString(log) + ", 'a', encoding='utf-8') as fh:\n"
            + "        fh.write(json.dumps(event['context']['trigger']) + '\\n')\n"
            + "    return {'pulsed': True}\n",
        "python/pulse/fn.config.json",
        "{\"schedule\":{\"enabled\":true,\"every_seconds\":1,\"method\":\"GET\",\"query\":{\"action\":\"inc\"}}}",
        "node/ping/handler.js", "exports.handler = async () => ({ pong: true });\n",
        "node/ping/fn.config.json",
        "{\"keep_warm\":{\"enabled\":true,\"min_warm\":1,\"ping_every_seconds\":1,\"idle_ttl_seconds\":300}}"));
    try (TestServer s = TestServer.start(root, Map.of("FN_RUNTIMES", "python,node"))) {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> lines(log) >= 2);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
        JsonNode r = row(s, "schedules", "pulse");
        return r != null && r.path("state").has("last") && r.path("state").path("last_status").asInt() == 200;
      });
      JsonNode pulse = row(s, "schedules", "pulse");
      assertThat(pulse.path("runtime").asString()).isEqualTo("python");
      assertThat(pulse.path("key").asString()).isEqualTo("python/pulse@default");
      assertThat(pulse.path("schedule").toString())
          .isEqualTo("{\"enabled\":true,\"every_seconds\":1,\"method\":\"GET\",\"query\":{\"action\":\"inc\"}}");
      assertThat(pulse.path("state").path("next").isNumber()).isTrue();
      assertThat(pulse.path("state").path("last").isNumber()).isTrue();
      assertThat(pulse.path("state").has("running")).isTrue();
      // the function detail shows the same state under metadata.schedule
      JsonNode detail = TestServer.json(s.get("/_fn/function?runtime=python&name=pulse")).path("metadata").path("schedule");
      assertThat(detail.path("configured").path("every_seconds").asInt()).isEqualTo(1);
      assertThat(detail.path("state").path("next").isNumber()).isTrue();
      assertThat(detail.path("state").path("last_status").asInt()).isEqualTo(200);
      JsonNode unscheduled = TestServer.json(s.get("/_fn/function?runtime=node&name=ping")).path("metadata");
      assertThat(unscheduled.path("schedule").path("state").toString()).isEqualTo("{}");
      String trigger = Files.readAllLines(log).get(0);
      assertThat(TestServer.JSON.readTree(trigger).toString()).isEqualTo("{\"type\":\"schedule\",\"every_seconds\":1}");

      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
        JsonNode kw = row(s, "keep_warm", "ping");
        return kw != null && kw.path("state").path("last_status").asInt() == 200;
      });
      JsonNode ping = row(s, "keep_warm", "ping");
      assertThat(ping.path("runtime").asString()).isEqualTo("node");
      assertThat(ping.has("version")).isFalse();
      assertThat(ping.path("state").path("warm_state").asString()).isIn("warm", "stale");

      HttpResponse<String> post = s.request("POST", "/_fn/schedules", "{}");
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).contains("GET");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void disabling_a_schedule_on_disk_stops_it_and_unlists_it() throws IOException {
    Path log = scratch.resolve("tick.log");
    TestServer.write(root, Map.of(
        "python/tick/handler.py", "def handler(event):\n    with open(" + pyString(log) + ", 'a') as fh:\n"
            + "        fh.write('t\\n')\n    return {}\n",
        "python/tick/fn.config.json", "{\"schedule\":{\"enabled\":true,\"every_seconds\":1}}"));
    try (TestServer s = TestServer.start(root, Map.of("FN_RUNTIMES", "python", "FN_HOT_RELOAD", "0"))) {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> lines(log) >= 1);
      Files.writeString(root.resolve("python/tick/fn.config.json"), "{\"schedule\":{\"enabled\":false,\"every_seconds\":1}}");
      s.app().catalogs().rescan();
      assertThat(TestServer.json(s.get("/_fn/schedules")).path("schedules").size()).isZero();
      long after = lines(log);
      Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> lines(log) <= after + 1);
    }
  }

  @Test
  void with_the_console_api_off_jobs_and_schedules_are_404() {
    TestServer.write(root, Map.of("get.hello.py", "def handler(event):\n    return {'ok': True}\n"));
    try (TestServer s = TestServer.start(root, Map.of("FN_CONSOLE_API_ENABLED", "0", "FN_RUNTIMES", "python"))) {
      for (String path : new String[] {"/_fn/jobs", "/_fn/schedules", "/_fn/jobs/job-1"}) {
        HttpResponse<String> r = s.get(path);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"error\":\"console api disabled\"}");
      }
    }
  }

  @Test
  void writes_need_write_mode_or_the_admin_token_and_remote_reads_need_the_token() {
    TestServer.write(root, Map.of("node/acl/handler.js", "exports.handler = async () => ({ ok: true });\n"));
    try (TestServer s = TestServer.start(root, Map.of("FN_CONSOLE_WRITE_ENABLED", "0", "FN_ADMIN_TOKEN", "s3cret",
        "FN_RUNTIMES", "node"))) {
      String body = "{\"runtime\":\"node\",\"name\":\"acl\"}";
      HttpResponse<String> denied = s.request("POST", "/_fn/jobs", body, "Content-Type", "application/json",
          "X-Fn-Request", "1");
      assertThat(denied.statusCode()).isEqualTo(403);
      assertThat(denied.body()).isEqualTo("{\"error\":\"console write disabled\"}");
      HttpResponse<String> crossSite = s.request("DELETE", "/_fn/jobs/job-1", null, "Origin", "http://evil.example");
      assertThat(crossSite.statusCode()).isEqualTo(403);
      assertThat(crossSite.body()).isEqualTo("{\"error\":\"cross-origin console request refused\"}");
      HttpResponse<String> withToken = s.request("POST", "/_fn/jobs", body, "Content-Type", "application/json",
          "x-fn-admin-token", "s3cret");
      assertThat(withToken.statusCode()).isEqualTo(201);
      HttpResponse<String> remote = s.request("GET", "/_fn/jobs", null, "X-Forwarded-For", "203.0.113.9");
      assertThat(remote.statusCode()).isEqualTo(403);
      assertThat(remote.body()).isEqualTo("{\"error\":\"console api local-only\"}");
      HttpResponse<String> remoteToken = s.request("GET", "/_fn/schedules", null, "X-Forwarded-For", "203.0.113.9",
          "x-fn-admin-token", "s3cret");
      assertThat(remoteToken.statusCode()).isEqualTo(200);
      assertThat(remoteToken.body()).contains("\"schedules\":[]", "\"keep_warm\":[]");
    }
  }

  private static String pyString(Path p) {
    return "'" + p.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
