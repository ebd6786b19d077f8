package dev.fastfn.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fastfn.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code /_fn/invoke} and live edits against real Python and Node workers: the invoke contract
 * (headers, body, context, route params, binary bodies, output capture, the Invoker's limits), code
 * and helper-file edits taking effect on the next request, and console secrets reaching only the
 * functions whose fn.env.json asks for them (D9).
 */
class ConsoleInvokeTest {
  private static final String[] JSON = {"Content-Type", "application/json"};
  private static final String NODE_PROBE = """
      exports.handler = async (event) => {
        const ctx = event.context || {};
        return { status: 200, headers: { "Content-Type": "application/json", "X-Probe": "yes" },
          body: JSON.stringify({ method: event.method, path: event.path, query: event.query || {},
            params: event.params || {}, headers: event.headers || {}, body: event.body === undefined ? null : event.body,
            user: ctx.user || null, secrets: event.secrets || null, ua: (event.client || {}).ua }) };
      };
      """;
  private static final String PY_NOTES = """
      import os


      def handler(event):
          here = os.path.dirname(os.path.abspath(__file__))
          try:
              with open(os.path.join(here, "notes", "greeting.txt"), encoding="utf-8") as fh:
                  greeting = fh.read().strip()
          except OSError:
              greeting = None
          print("notes called")
          return {"greeting": greeting, "mode": (event.get("env") or {}).get("NOTES_MODE"),
                  "secrets": event.get("secrets")}
      """;

  @TempDir
  static Path root;
  static TestServer s;

  @BeforeAll
  static void start() {
    TestServer.write(root, Map.of(
        "node/probe/handler.js", NODE_PROBE,
        "node/probe/fn.config.json", "{\"max_body_bytes\":64,\"invoke\":{\"methods\":[\"GET\",\"POST\"],"
            + "\"routes\":[\"/api/probe/:id\",\"/api/probe-files/:rest*\"]}}",
        "node/probe/fn.env.json", "{\"VAULT_KEY\":{\"value\":\"from-file\",\"is_secret\":true}}",
        "node/bare/handler.js", NODE_PROBE,
        "node/bin/handler.js", "exports.handler = async () => ({ status: 200, headers: {\"Content-Type\": "
            + "\"application/octet-stream\"}, is_base64: true, body_base64: \"AAEC/v8=\" });\n",
        "python/notes/handler.py", PY_NOTES));
    TestServer.write(root, Map.of(
        "node/sleepy/handler.js", "exports.handler = async () => { await new Promise((r) => setTimeout(r, 3000));"
            + " return { slept: true }; };\n",
        "node/sleepy/fn.config.json", "{\"timeout_ms\":300}",
        "node/badb64/handler.js", "exports.handler = async () => ({ status: 200, is_base64: true,"
            + " body_base64: \"%%% not base64\" });\n",
        "python/exits/handler.py", "import os\n\n\ndef handler(event):\n    os._exit(3)\n"));
    s = TestServer.start(root, Map.of("FN_RUNTIMES", "python,node", "FN_CONSOLE_WRITE_ENABLED", "1"));
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  private static JsonNode ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.json(r);
  }

  private static JsonNode body(JsonNode invoke) {
    return TestServer.JSON.readTree(invoke.get("body").asString());
  }

  @Test
  void invoke_passes_method_query_headers_body_and_context_and_reports_the_response() {
    JsonNode r = ok(s.request("POST", "/_fn/invoke", "{\"runtime\":\"node\",\"name\":\"probe\",\"method\":\"POST\","
        + "\"params\":{\"id\":\"7\"},\"query\":{\"q\":\"1\",\"n\":2},\"headers\":{\"X-Console-Probe\":\"n-1\",\"x-fn-admin-token\":\"leak\"},"
        + "\"body\":{\"k\":\"v\"},\"context\":{\"tenant\":\"acme\"}}", JSON));
    assertThat(r.get("status").asInt()).isEqualTo(200);
    assertThat(r.get("latency_ms").isNumber()).isTrue();
    assertThat(r.get("headers").get("X-Probe").asString()).isEqualTo("yes");
    assertThat(r.get("route").asString()).isEqualTo("/api/probe/7");
    assertThat(r.get("route_template").asString()).isEqualTo("/api/probe/:id");
    JsonNode b = body(r);
    assertThat(b.get("method").asString()).isEqualTo("POST");
    assertThat(b.get("query").get("q").asString()).isEqualTo("1");
    assertThat(b.get("query").get("n").asString()).isEqualTo("2");
    assertThat(b.get("headers").get("x-console-probe").asString()).isEqualTo("n-1");
    assertThat(b.get("headers").has("x-fn-admin-token")).isFalse();
    assertThat(TestServer.JSON.readTree(b.get("body").asString()).get("k").asString()).isEqualTo("v");
    assertThat(b.get("user").toString()).isEqualTo("{\"tenant\":\"acme\"}");
    assertThat(b.get("ua").asString()).isEqualTo("fastfn-console-invoke");
  }

  @Test
  void invoke_fills_route_params_and_reports_the_route() {
    JsonNode r = ok(s.request("POST", "/_fn/invoke", "{\"runtime\":\"node\",\"name\":\"probe\",\"method\":\"GET\","
        + "\"route\":\"/api/probe/:id\",\"params\":{\"id\":\"55\"}}", JSON));
    assertThat(r.get("route").asString()).isEqualTo("/api/probe/55");
    assertThat(r.get("route_template").asString()).isEqualTo("/api/probe/:id");
    assertThat(body(r).get("params").get("id").asString()).isEqualTo("55");
    HttpResponse<String> missing = s.request("POST", "/_fn/invoke", "{\"runtime\":\"node\",\"name\":\"probe\","
        + "\"route\":\"/api/probe/:id\"}", JSON);
    assertThat(missing.statusCode()).isEqualTo(400);
    JsonNode why = TestServer.json(missing);
    assertThat(why.get("error").asString()).isEqualTo("missing required path params");
    assertThat(why.get("route").asString()).isEqualTo("/api/probe/:id");
    assertThat(why.get("missing_params").toString()).isEqualTo("[\"id\"]");
    HttpResponse<String> none = s.request("POST", "/_fn/invoke", "{\"runtime\":\"node\",\"name\":\"probe\"}", JSON);
    assertThat(TestServer.json(none).get("missing_params").toString()).isEqualTo("[\"rest\"]");
    assertThat(TestServer.json(none).get("error").asString()).isEqualTo("missing required path params");
    JsonNode rest = ok(s.request("POST", "/_fn/invoke", "{\"runtime\":\"node\",\"name\":\"probe\","
        + "\"params\":{\"rest\":\"a b/c\"}}", JSON));
    assertThat(rest.get("route").asString()).isEqualTo("/api/probe-files/a%20b/c");
    JsonNode byDefault = ok(s.request("POST", "/_fn/invoke", "{\"runtime\":\"node\",\"name\":\"bare\"}", JSON));
    assertThat(byDefault.get("route").asString()).isEqualTo("/bare");
    assertThat(body(byDefault).get("method").asString()).isEqualTo("GET");
  }

  @Test
  void invoke_applies_the_functions_methods_and_body_limit() {
    HttpResponse<String> del = s.request("POST", "/_fn/invoke", "{\"runtime\":\"node\",\"name\":\"probe\",\"method\":\"DELETE\",\"params\":{\"id\":\"1\"}}", JSON);
    assertThat(del.statusCode()).isEqualTo(405);
    assertThat(del.body()).isEqualTo("{\"error\":\"method not allowed\",\"allowed_methods\":[\"GET\",\"POST\"]}");
    HttpResponse<String> big = s.request("POST", "/_fn/invoke", "{\"runtime\":\"node\",\"name\":\"probe\",\"method\":\"POST\","
        + "\"params\":{\"id\":\"1\"},\"body\":\"" + "x".repeat(65) + "\"}", JSON);
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.body()).isEqualTo("{\"error\":\"payload too large\"}");
  }

  @Test
  void runtime_failures_say_what_happened_and_how_long_it_took() {
    HttpResponse<String> slow = s.request("POST", "/_fn/invoke", "{\"runtime\":\"node\",\"name\":\"sleepy\"}", JSON);
    assertThat(slow.statusCode()).isEqualTo(504);
    JsonNode timeout = TestServer.json(slow);
    assertThat(timeout.propertyNames()).containsExactly("error", "latency_ms");
    assertThat(timeout.get("error").asString()).isEqualTo("runtime timeout: exceeded 300 ms");
    assertThat(timeout.get("latency_ms").asLong()).isBetween(250L, 2500L);

    HttpResponse<String> bad = s.request("POST", "/_fn/invoke", "{\"runtime\":\"node\",\"name\":\"badb64\"}", JSON);
    assertThat(bad.statusCode()).isEqualTo(502);
    JsonNode invalid = TestServer.json(bad);
    assertThat(invalid.propertyNames()).containsExactly("error", "latency_ms");
    assertThat(invalid.get("error").asString()).isEqualTo("invalid runtime response: invalid body_base64");
    assertThat(invalid.get("latency_ms").isIntegralNumber()).isTrue();

    HttpResponse<String> dead = s.request("POST", "/_fn/invoke", "{\"runtime\":\"python\",\"name\":\"exits\"}", JSON);
    assertThat(dead.statusCode()).isEqualTo(502);
    JsonNode crashed = TestServer.json(dead);
    assertThat(crashed.propertyNames()).containsExactly("error", "latency_ms");
    assertThat(crashed.get("error").asString()).startsWith("runtime error: ");

    // Public routes keep the bare messages (routing.md), without latency_ms.
    assertThat(s.get("/sleepy").body()).isEqualTo("{\"error\":\"runtime timeout\"}");
    assertThat(s.get("/badb64").body()).isEqualTo("{\"error\":\"invalid runtime response\"}");
  }

  @Test
  void binary_responses_come_back_as_base64_and_output_is_captured() {
    JsonNode bin = ok(s.request("POST", "/_fn/invoke", "{\"runtime\":\"node\",\"name\":\"bin\"}", JSON));
    assertThat(bin.get("is_base64").asBoolean()).isTrue();
    assertThat(Base64.getDecoder().decode(bin.get("body_base64").asString())).containsExactly(0, 1, 2, 0xfe, 0xff);
    assertThat(bin.has("body")).isFalse();
    JsonNode py = ok(s.request("POST", "/_fn/invoke", "{\"runtime\":\"python\",\"name\":\"notes\"}", JSON));
    assertThat(py.get("stdout").asString()).contains("notes called");
  }

  @Test
  void helper_files_env_and_code_written_through_the_console_apply_to_the_next_request() {
    String q = "runtime=python&name=notes";
    ok(s.request("PUT", "/_fn/function-file-content?" + q, "{\"path\":\"notes/greeting.txt\",\"content\":\"hola mundo\\n\"}",
        JSON));
    ok(s.request("PUT", "/_fn/function-env?" + q, "{\"NOTES_MODE\":\"rich\"}", JSON));
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      JsonNode r = ok(s.get("/notes"));
      assertThat(r.get("greeting").asString()).isEqualTo("hola mundo");
      assertThat(r.get("mode").asString()).isEqualTo("rich");
    });
    String code = TestServer.JSON.writeValueAsString(Map.of("code",
        "def handler(event):\n    return {\"code\": \"v2\"}\n"));
    ok(s.request("PUT", "/_fn/function-code?" + q, code, JSON));
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(ok(s.get("/notes")).get("code").asString()).isEqualTo("v2"));
    ok(s.request("PUT", "/_fn/function-code?" + q, TestServer.JSON.writeValueAsString(Map.of("code", PY_NOTES)), JSON));
  }

  @Test
  void console_secrets_reach_only_functions_whose_env_file_marks_them_secret() {
    assertThat(s.request("POST", "/_fn/secrets", "{\"key\":\"VAULT_KEY\",\"value\":\"from-vault\"}", JSON)
        .statusCode()).isEqualTo(201);
    JsonNode marked = ok(s.request("POST", "/_fn/invoke", "{\"runtime\":\"node\",\"name\":\"probe\",\"params\":{\"id\":\"1\"}}", JSON));
    assertThat(body(marked).get("secrets").toString()).isEqualTo("{\"VAULT_KEY\":\"from-vault\"}");
    JsonNode publicCall = ok(s.get("/api/probe/1"));
    assertThat(publicCall.get("secrets").toString()).isEqualTo("{\"VAULT_KEY\":\"from-vault\"}");
    JsonNode bare = ok(s.request("POST", "/_fn/invoke", "{\"runtime\":\"node\",\"name\":\"bare\"}", JSON));
    assertThat(body(bare).get("secrets").isNull()).isTrue();
    ok(s.request("DELETE", "/_fn/secrets?key=VAULT_KEY", null));
    JsonNode after = ok(s.request("POST", "/_fn/invoke", "{\"runtime\":\"node\",\"name\":\"probe\",\"params\":{\"id\":\"1\"}}", JSON));
    assertThat(body(after).get("secrets").isNull()).isTrue();
  }
}
