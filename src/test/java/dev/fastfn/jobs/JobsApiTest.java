package dev.fastfn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code /_fn/jobs} end to end: a real server, real python/node workers, the SQLite store. */
class JobsApiTest {
  static final String JSON_CT = "application/json";
  static final String ECHO = """
      exports.handler = async (event) => {
        const ctx = event.context || {};
        return { status: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify({
          method: event.method, path: event.path, query: event.query || {}, body: event.body === undefined ? null : event.body,
          trigger: ctx.trigger || null, user: ctx.user || null, id: event.id, ua: (event.client || {}).ua }) };
      };
      """;

  @TempDir
  static Path root;
  static TestServer server;

  @BeforeAll
  static void start() {
    TestServer.write(root, Map.of(
        "node/pj-echo/handler.js", ECHO,
        "node/pj-echo/fn.config.json", "{\"invoke\":{\"methods\":[\"GET\",\"POST\"]}}",
        "python/pj-crash/handler.py", "def handler(event):\n    raise RuntimeError(\"pj-crash deliberate failure\")\n",
        "node/pj-big/handler.js", "exports.handler = async () => ({ status: 200, body: 'x'.repeat(5000) });\n",
        "python/twin/handler.py", "def handler(event):\n    return {\"twin\": \"python\"}\n",
        "node/twin/handler.js", "exports.handler = async () => ({ twin: 'node' });\n"));
    server = TestServer.start(root, Map.of("FN_CONSOLE_API_ENABLED", "1", "FN_CONSOLE_WRITE_ENABLED", "1",
        "FN_RUNTIMES", "python,node", "FN_JOBS_MAX_RESULT_BYTES", "3000"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static HttpResponse<String> post(String body) {
    return server.request("POST", "/_fn/jobs", body, "Content-Type", JSON_CT);
  }

  static JsonNode json(HttpResponse<String> r) {
    return TestServer.json(r);
  }

  static JsonNode awaitStatus(String id, String status) {
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> json(server.get("/_fn/jobs/" + id)).path("status").asString().equals(status));
    return json(server.get("/_fn/jobs/" + id));
  }

  @Test
  void a_job_is_committed_run_once_and_its_result_is_the_stored_invocation_result() {
    HttpResponse<String> created = post("{\"runtime\":\"node\",\"name\":\"pj-echo\",\"method\":\"POST\","
        + "\"query\":{\"n\":\"7\"},\"body\":\"payload-1\",\"context\":{\"tenant\":\"acme\"}}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Content-Type")).contains(JSON_CT);
    JsonNode job = json(created);
    String id = job.path("id").asString();
    assertThat(id).matches("job-\\d{13}-\\d{6}-\\d{6}");
    assertThat(job.path("status").asString()).isEqualTo("queued");
    assertThat(job.path("runtime").asString()).isEqualTo("node");
    assertThat(job.path("name").asString()).isEqualTo("pj-echo");
    assertThat(job.path("method").asString()).isEqualTo("POST");
    assertThat(job.path("attempt").asInt()).isZero();
    assertThat(job.path("max_attempts").asInt()).isEqualTo(1);
    assertThat(job.has("version")).isFalse();

    JsonNode done = awaitStatus(id, "done");
    assertThat(done.path("attempt").asInt()).isEqualTo(1);
    assertThat(done.path("result_status").asInt()).isEqualTo(200);
    assertThat(done.path("errors").isArray()).isTrue();
    assertThat(done.path("errors").size()).isZero();

    HttpResponse<String> result = server.get("/_fn/jobs/" + id + "/result");
    assertThat(result.statusCode()).isEqualTo(200);
    JsonNode r = json(result);
    assertThat(r.path("id").asString()).isEqualTo(id);
    assertThat(r.path("status").asInt()).isEqualTo(200);
    assertThat(r.path("is_base64").asBoolean()).isFalse();
    JsonNode seen = TestServer.JSON.readTree(r.path("body").asString());
    assertThat(seen.path("method").asString()).isEqualTo("POST");
    assertThat(seen.path("path").asString()).isEqualTo("/pj-echo");
    assertThat(seen.path("query").toString()).isEqualTo("{\"n\":\"7\"}");
    assertThat(seen.path("body").asString()).isEqualTo("payload-1");
    assertThat(seen.path("user").toString()).isEqualTo("{\"tenant\":\"acme\"}");
    assertThat(seen.path("trigger").path("type").asString()).isEqualTo("job");
    assertThat(seen.path("trigger").path("id").asString()).isEqualTo(id);
    assertThat(seen.path("trigger").path("attempt").asInt()).isEqualTo(1);
    assertThat(seen.path("id").asString()).as("a job's events carry its id").isEqualTo(id);
    assertThat(seen.path("ua").asString()).isEqualTo("fastfn-jobs");

    JsonNode list = json(server.get("/_fn/jobs?name=pj-echo&limit=5"));
    assertThat(list.path("jobs").get(0).path("id").asString()).isEqualTo(id);
    assertThat(list.path("jobs").get(0).path("status").asString()).isEqualTo("done");
    assertThat(server.request("DELETE", "/_fn/jobs/" + id, null).body())
        .isEqualTo("{\"error\":\"job is not queued\",\"status\":\"done\"}");
  }

  @Test
  void the_name_alone_finds_the_runtime_and_an_ambiguous_name_is_a_409() {
    JsonNode job = json(post("{\"name\":\"pj-crash\",\"max_attempts\":0}".replace(",\"max_attempts\":0", "")));
    assertThat(job.path("runtime").asString()).isEqualTo("python");
    HttpResponse<String> twin = post("{\"name\":\"twin\"}");
    assertThat(twin.statusCode()).isEqualTo(409);
    assertThat(twin.body()).isEqualTo("{\"error\":\"function 'twin' exists in several runtimes (python, node); "
        + "pass runtime\",\"runtimes\":[\"python\",\"node\"]}");
  }

  @Test
  void a_crashing_handler_is_retried_then_dead_lettered_with_every_error() {
    String id = json(post("{\"runtime\":\"python\",\"name\":\"pj-crash\",\"max_attempts\":2,\"retry_delay_ms\":300}"))
        .path("id").asString();
    JsonNode failed = awaitStatus(id, "failed");
    assertThat(failed.path("attempt").asInt()).isEqualTo(2);
    assertThat(failed.path("result_status").asInt()).isEqualTo(500);
    assertThat(failed.path("last_error").asString()).startsWith("HTTP 500");
    assertThat(failed.path("errors").size()).isEqualTo(2);
    assertThat(failed.path("attempts").get(0).path("outcome").asString()).isEqualTo("failed");
    JsonNode dead = json(server.get("/_fn/jobs?status=failed"));
    assertThat(dead.path("jobs").valueStream().map(j -> j.path("id").asString())).contains(id);
    assertThat(json(server.get("/_fn/jobs/" + id + "/result")).path("status").asInt()).isEqualTo(500);
  }

  @Test
  void a_delayed_job_stays_queued_until_its_time_and_answers_202_for_its_result() {
    HttpResponse<String> r = post("{\"runtime\":\"node\",\"name\":\"pj-echo\",\"delay_ms\":1500}");
    JsonNode job = json(r);
    String id = job.path("id").asString();
    assertThat(job.path("run_at_ms").asLong() - job.path("created_at_ms").asLong()).isEqualTo(1500);
    HttpResponse<String> pending = server.get("/_fn/jobs/" + id + "/result");
    assertThat(pending.statusCode()).isEqualTo(202);
    assertThat(pending.body()).isEqualTo("{\"id\":\"" + id + "\",\"status\":\"queued\",\"error\":\"result not ready\","
        + "\"attempt\":0,\"max_attempts\":1,\"retry_delay_ms\":1000}");
    JsonNode done = awaitStatus(id, "done");
    assertThat(done.path("started_at_ms").asLong()).isGreaterThanOrEqualTo(job.path("run_at_ms").asLong());
  }

  @Test
  void a_queued_job_can_be_canceled_once() {
    String id = json(post("{\"runtime\":\"node\",\"name\":\"pj-echo\",\"delay_ms\":60000}")).path("id").asString();
    HttpResponse<String> canceled = server.request("DELETE", "/_fn/jobs/" + id, null);
    assertThat(canceled.statusCode()).isEqualTo(200);
    assertThat(json(canceled).path("status").asString()).isEqualTo("canceled");
    HttpResponse<String> again = server.request("DELETE", "/_fn/jobs/" + id, null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).isEqualTo("{\"error\":\"job is not queued\",\"status\":\"canceled\"}");
    HttpResponse<String> result = server.get("/_fn/jobs/" + id + "/result");
    assertThat(result.statusCode()).isEqualTo(404);
    assertThat(result.body()).isEqualTo("{\"error\":\"result not found\",\"status\":\"canceled\"}");
  }

  @Test
  void a_result_over_the_limit_fails_the_job_with_a_clear_error() {
    String id = json(post("{\"runtime\":\"node\",\"name\":\"pj-big\",\"max_attempts\":3}")).path("id").asString();
    JsonNode failed = awaitStatus(id, "failed");
    assertThat(failed.path("attempt").asInt()).isEqualTo(1);
    assertThat(failed.path("last_error").asString())
        .matches("result too large: \\d+ bytes exceeds FN_JOBS_MAX_RESULT_BYTES \\(3000\\); nothing was stored");
    assertThat(server.get("/_fn/jobs/" + id + "/result").body())
        .isEqualTo("{\"error\":\"result not found\",\"status\":\"failed\"}");
  }

  @Test
  void invalid_requests_get_the_documented_status_and_error() {
    assertError(post("{}"), 400, "{\"error\":\"name is required\"}");
    assertError(post("{\"name\":\"../x\"}"), 400, "{\"error\":\"invalid name\"}");
    assertError(post("{\"name\":\"nope\"}"), 404, "{\"error\":\"unknown function or version\"}");
    assertError(post("{\"runtime\":\"ruby\",\"name\":\"pj-echo\"}"), 404, "{\"error\":\"unknown runtime: ruby\"}");
    assertError(post("{\"runtime\":\"node\",\"name\":\"pj-echo\",\"method\":\"TRACE\"}"), 400,
        "{\"error\":\"unsupported method\"}");
    HttpResponse<String> m = post("{\"runtime\":\"node\",\"name\":\"pj-echo\",\"method\":\"DELETE\"}");
    assertError(m, 405, "{\"error\":\"method not allowed\",\"allowed_methods\":[\"GET\",\"POST\"]}");
    assertThat(m.headers().firstValue("Allow")).contains("GET, POST");
    assertError(post("{\"runtime\":\"node\",\"name\":\"pj-echo\",\"context\":[1]}"), 400,
        "{\"error\":\"context must be an object\"}");
    assertError(post("{\"runtime\":\"node\",\"name\":\"pj-echo\",\"max_attempts\":\"3\"}"), 400,
        "{\"error\":\"max_attempts must be an integer\"}");
    assertError(post("{\"runtime\":\"node\",\"name\":\"pj-echo\",\"delay_ms\":-5}"), 400,
        "{\"error\":\"delay_ms must be between 0 and 2592000000\"}");
    assertError(post("{\"runtime\":\"node\",\"name\":\"pj-echo\",\"run_at\":\"tomorrow\"}"), 400,
        "{\"error\":\"run_at must be epoch milliseconds or an ISO-8601 time with offset\"}");
    assertError(post("{not json"), 400, "{\"error\":\"invalid json body\"}");
    assertError(post("[{\"name\":\"pj-echo\"}]"), 400, "{\"error\":\"payload must be an object\"}");
    assertError(post("\"pj-echo\""), 400, "{\"error\":\"payload must be an object\"}");
    assertError(post("{\"runtime\":\"node\",\"name\":\"pj-echo\",\"retry_delay_ms\":\"soon\"}"), 400,
        "{\"error\":\"retry_delay_ms must be an integer\"}");
    assertError(server.get("/_fn/jobs/job-unknown"), 404, "{\"error\":\"job not found\"}");
    assertError(server.get("/_fn/jobs/job-unknown/result"), 404, "{\"error\":\"job not found\"}");
    HttpResponse<String> put = server.request("PUT", "/_fn/jobs", "{}");
    assertError(put, 405, "{\"error\":\"method not allowed\",\"allowed_methods\":[\"GET\",\"POST\"]}");
    assertThat(put.headers().firstValue("Allow")).contains("GET, POST");
    assertError(server.get("/_fn/jobs?status=sleeping"), 400,
        "{\"error\":\"invalid status; use queued, running, done, failed or canceled\"}");
  }

  @Test
  void max_attempts_is_capped_and_run_at_accepts_iso_times() {
    JsonNode job = json(post("{\"runtime\":\"node\",\"name\":\"pj-echo\",\"max_attempts\":500,"
        + "\"run_at\":\"2020-01-01T00:00:00Z\"}"));
    assertThat(job.path("max_attempts").asInt()).isEqualTo(10);
    assertThat(job.path("run_at_ms").asLong()).isEqualTo(job.path("created_at_ms").asLong());
    assertThat(json(post("{\"runtime\":\"node\",\"name\":\"pj-echo\",\"max_attempts\":1e30}"))
        .path("max_attempts").asInt()).isEqualTo(10);
  }

  @Test
  void out_of_range_attempts_and_delays_fall_back_instead_of_failing() {
    // platform.md §2.3 step 13: max_attempts below 1 is 1, a negative retry_delay_ms is the default
    for (String attempts : new String[] {"0", "-3"}) {
      HttpResponse<String> r = post("{\"runtime\":\"node\",\"name\":\"pj-echo\",\"delay_ms\":60000,"
          + "\"max_attempts\":" + attempts + ",\"retry_delay_ms\":-5}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      assertThat(json(r).path("max_attempts").asInt()).isEqualTo(1);
      assertThat(json(r).path("retry_delay_ms").asLong()).isEqualTo(1000);
    }
  }

  @Test
  void the_list_is_newest_first_and_empty_filters_give_an_empty_array() {
    String a = json(post("{\"runtime\":\"node\",\"name\":\"pj-echo\",\"delay_ms\":60000}")).path("id").asString();
    String b = json(post("{\"runtime\":\"node\",\"name\":\"pj-echo\",\"delay_ms\":60000}")).path("id").asString();
    JsonNode list = json(server.get("/_fn/jobs?status=queued&limit=2"));
    assertThat(list.path("jobs").valueStream().map(j -> j.path("id").asString()).toList()).containsExactly(b, a);
    assertThat(server.get("/_fn/jobs?name=no-such-fn").body()).isEqualTo("{\"jobs\":[]}");
  }

  private static void assertError(HttpResponse<String> r, int status, String body) {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.body()).isEqualTo(body);
  }
}
