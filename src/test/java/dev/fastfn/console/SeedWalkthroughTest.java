package dev.fastfn.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fastfn.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The "Manage Functions (Console API)" walkthrough (shared/seed/manage-functions.txt) run verbatim:
 * the same URLs (on the test server's port instead of 8080), methods, headers and bodies as its curl
 * commands, against a server started like {@code fastfn dev} with FN_CONSOLE_API_ENABLED=1 and
 * FN_CONSOLE_WRITE_ENABLED=1, asserting each documented outcome (conformance profile "seed").
 *
 * <p>Steps that need pieces other packages provide run as soon as those are wired on main: function
 * invocation (worker runtimes), {@code /_fn/schedules} and {@code /_fn/jobs}. Until then they are
 * recorded as pending and the test ends as skipped (not passed) after every other step has been
 * asserted, so nothing is silently hidden.
 */
class SeedWalkthroughTest {
  private static final String JSON_CT = "application/json";
  private static final String SEED_CODE = "import json\n\ndef handler(event):\n q = event.get(\"query\") or {}\n return "
      + "{\"status\":200,\"headers\":{\"Content-Type\":\"application/json\"},\"body\":json.dumps({\"ok\":True,\"query\":q})}\n";

  @TempDir
  Path root;
  private TestServer s;
  private final List<String> pending = new ArrayList<>();

  /** {@code curl -sS '<url>' [-X method] [-H header]... [--data body]}, with curl's default headers. */
  private HttpResponse<String> curl(String method, String url, String data, String... headers) {
    String local = url.replace("http://127.0.0.1:8080", s.base());
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(local)).timeout(Duration.ofSeconds(30))
        .header("User-Agent", "curl/8.5.0").header("Accept", "*/*")
        .method(method, data == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(data, StandardCharsets.UTF_8));
    if (data != null && headers.length == 0) {
      b.header("Content-Type", "application/x-www-form-urlencoded"); // what curl --data sends by default
    }
    for (String h : headers) {
      int c = h.indexOf(':');
      b.header(h.substring(0, c).trim(), h.substring(c + 1).trim());
    }
    return s.send(b.build());
  }

  private static JsonNode json(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.request().method() + " " + r.uri() + " -> " + r.body()).isEqualTo(status);
    return TestServer.json(r);
  }

  /** True when a fixture function answers, i.e. the worker runtimes are wired. */
  private boolean runtimesReady(String probePath) {
    return s.get(probePath).statusCode() == 200;
  }

  private boolean endpointExists(String path) {
    HttpResponse<String> r = s.get(path);
    return !(r.statusCode() == 404 && r.body().equals("{\"error\":\"not found\"}"));
  }

  @Test
  void the_manage_functions_walkthrough_works_verbatim() {
    TestServer.write(root, Map.of(
        ".fastfn/packs/python/common_http/requirements.txt",
        "# shared HTTP helpers pack (no pinned packages in this fixture)\n",
        "get.ping.py", "def handler(event):\n    return {\"pong\": True}\n"));
    s = TestServer.start(root, Map.of("FN_RUNTIMES", "python,node", "FN_CONSOLE_API_ENABLED", "1",
        "FN_CONSOLE_WRITE_ENABLED", "1"));
    try {
      walkthrough(runtimesReady("/ping"), endpointExists("/_fn/schedules"), endpointExists("/_fn/jobs"));
    } finally {
      s.close();
    }
    Assumptions.assumeTrue(pending.isEmpty(), "walkthrough steps pending until their packages are on main: " + pending);
  }

  private void walkthrough(boolean runtimes, boolean schedules, boolean jobs) {
    // 1) Inspect catalog
    JsonNode catalog = json(curl("GET", "http://127.0.0.1:8080/_fn/catalog", null), 200);
    assertThat(catalog.get("functions_root").asString()).isEqualTo(s.root().toString());
    assertThat(catalog.get("runtimes").get("python").isObject()).isTrue();
    assertThat(catalog.get("runtimes").get("node").isObject()).isTrue();
    assertThat(catalog.get("mapped_routes").isObject()).isTrue();

    // 2) Create a function
    JsonNode created = json(curl("POST", "http://127.0.0.1:8080/_fn/function?runtime=python&name=demo-new",
        "{\"methods\":[\"GET\"],\"summary\":\"Demo function\"}", "Content-Type: application/json"), 201);
    assertThat(created.get("runtime").asString()).isEqualTo("python");
    assertThat(created.get("name").asString()).isEqualTo("demo-new");
    assertThat(created.get("policy").get("methods").toString()).isEqualTo("[\"GET\"]");
    assertThat(created.get("code").isString()).isTrue();
    assertThat(created.get("metadata").get("invoke").get("summary").asString()).isEqualTo("Demo function");
    if (runtimes) {
      assertThat(json(s.get("/demo-new?probe=1"), 200).get("query").get("probe").asString()).isEqualTo("1");
    } else {
      pending.add("GET /demo-new after create (runtimes)");
    }

    // 3) Read details
    JsonNode detail = json(curl("GET", "http://127.0.0.1:8080/_fn/function?runtime=python&name=demo-new", null), 200);
    assertThat(detail.get("policy").get("timeout_ms").asInt()).isEqualTo(2500);
    assertThat(detail.get("policy").get("max_concurrency").asInt()).isEqualTo(20);
    assertThat(detail.get("policy").get("max_body_bytes").asInt()).isEqualTo(1048576);
    assertThat(detail.get("policy").get("methods").toString()).isEqualTo("[\"GET\"]");
    assertThat(detail.get("metadata").isObject()).isTrue();
    assertThat(detail.get("code").asString()).contains("def handler");
    assertThat(s.get("/_fn/function?runtime=python&name=demo-new&version=v9").statusCode()).isEqualTo(404);

    // 3a) Inspect dependency resolution state: (obj.get("metadata") or {}).get("dependency_resolution")
    JsonNode dr = detail.get("metadata").get("dependency_resolution");
    assertThat(dr == null || dr.isNull() || dr.isObject()).isTrue();
    if (dr != null && dr.isObject()) {
      assertThat(dr.get("mode").asString()).isIn("manifest", "inferred");
    }

    // 4) Update policy (methods/limits)
    JsonNode policy = json(curl("PUT", "http://127.0.0.1:8080/_fn/function-config?runtime=python&name=demo-new",
        "{\"timeout_ms\":1200,\"max_concurrency\":5,\"max_body_bytes\":262144,\"invoke\":{\"methods\":[\"GET\",\"POST\"]}}",
        "Content-Type: application/json"), 200).get("policy");
    assertThat(policy.get("timeout_ms").asInt()).isEqualTo(1200);
    assertThat(policy.get("max_concurrency").asInt()).isEqualTo(5);
    assertThat(policy.get("max_body_bytes").asInt()).isEqualTo(262144);
    assertThat(policy.get("methods").toString()).isEqualTo("[\"GET\",\"POST\"]");
    JsonNode readback = json(s.get("/_fn/function-config?runtime=python&name=demo-new"), 200).get("policy");
    assertThat(readback.get("timeout_ms").asInt()).isEqualTo(1200);
    if (runtimes) {
      json(s.request("POST", "/demo-new", "{}", "Content-Type", JSON_CT), 200);
    } else {
      pending.add("POST /demo-new after methods update (runtimes)");
    }

    // 4a) Reuse shared dependency packs
    JsonNode deps = json(curl("PUT", "http://127.0.0.1:8080/_fn/function-config?runtime=python&name=demo-new",
        "{\"shared_deps\":[\"common_http\"]}", "Content-Type: application/json"), 200);
    assertThat(deps.get("metadata").get("shared_deps").get("configured").toString()).isEqualTo("[\"common_http\"]");
    assertThat(deps.get("policy").get("timeout_ms").asInt()).isEqualTo(1200);
    JsonNode packs = json(s.get("/_fn/packs"), 200);
    assertThat(packs.get("runtimes").get("python").get("packs").get(0).get("name").asString()).isEqualTo("common_http");
    if (runtimes) {
      assertThat(json(s.get("/demo-new?after=pack"), 200).get("query").get("after").asString()).isEqualTo("pack");
    } else {
      pending.add("GET /demo-new with a shared pack (runtimes)");
    }

    // 4b) Add a schedule (interval cron)
    JsonNode sched = json(curl("PUT", "http://127.0.0.1:8080/_fn/function-config?runtime=python&name=demo-new",
        "{\"schedule\":{\"enabled\":true,\"every_seconds\":60,\"method\":\"GET\",\"query\":{\"action\":\"inc\"},"
            + "\"headers\":{},\"body\":\"\",\"context\":{}}}", "Content-Type: application/json"), 200);
    assertThat(sched.get("metadata").get("schedule").get("configured").get("every_seconds").asInt()).isEqualTo(60);
    assertThat(sched.get("metadata").get("schedule").get("configured").get("enabled").asBoolean()).isTrue();
    // Inspect scheduler state
    if (schedules) {
      JsonNode list = json(curl("GET", "http://127.0.0.1:8080/_fn/schedules", null), 200);
      JsonNode mine = null;
      for (JsonNode e : list.get("schedules")) {
        if (e.get("name").asString().equals("demo-new")) {
          mine = e;
        }
      }
      assertThat(mine).as(list.toString()).isNotNull();
      assertThat(mine.get("runtime").asString()).isEqualTo("python");
      assertThat(mine.get("schedule").get("every_seconds").asInt()).isEqualTo(60);
      assertThat(mine.get("schedule").get("query").get("action").asString()).isEqualTo("inc");
      assertThat(list.get("keep_warm").isArray()).isTrue();
      assertThat(list.get("keep_warm").size()).isZero();
    } else {
      pending.add("GET /_fn/schedules (schedule package)");
    }

    // 5) Update env
    JsonNode env = json(curl("PUT", "http://127.0.0.1:8080/_fn/function-env?runtime=python&name=demo-new",
        "{\"GREETING_PREFIX\":\"hello\"}", "Content-Type: application/json"), 200).get("fn_env");
    assertThat(env.get("GREETING_PREFIX").toString()).isEqualTo("{\"value\":\"hello\",\"is_secret\":false}");
    HttpResponse<String> secret = s.request("PUT", "/_fn/function-env?runtime=python&name=demo-new",
        "{\"DEMO_API_TOKEN\":{\"value\":\"tok-123\",\"is_secret\":true}}", "Content-Type", JSON_CT);
    assertThat(json(secret, 200).get("fn_env").get("DEMO_API_TOKEN").toString())
        .isEqualTo("{\"value\":\"<hidden>\",\"is_secret\":true}");
    assertThat(secret.body()).doesNotContain("tok-123");
    assertThat(s.get("/_fn/function-env?runtime=python&name=demo-new").body()).doesNotContain("tok-123");
    JsonNode deleted = json(s.request("PUT", "/_fn/function-env?runtime=python&name=demo-new",
        "{\"GREETING_PREFIX\":null}", "Content-Type", JSON_CT), 200).get("fn_env");
    assertThat(deleted.has("GREETING_PREFIX")).isFalse();
    assertThat(deleted.get("DEMO_API_TOKEN").get("is_secret").asBoolean()).isTrue();

    // 6) Update code
    String codeBody = "{\"code\":\"import json\\n\\ndef handler(event):\\n q = event.get(\\\"query\\\") or {}\\n return "
        + "{\\\"status\\\":200,\\\"headers\\\":{\\\"Content-Type\\\":\\\"application/json\\\"},\\\"body\\\":json.dumps("
        + "{\\\"ok\\\":True,\\\"query\\\":q})}\\n\"}";
    JsonNode code = json(curl("PUT", "http://127.0.0.1:8080/_fn/function-code?runtime=python&name=demo-new",
        codeBody, "Content-Type: application/json"), 200);
    assertThat(code.get("code").asString()).isEqualTo(SEED_CODE);
    if (runtimes) {
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        JsonNode live = json(s.get("/demo-new?name=Live"), 200);
        assertThat(live.get("ok").asBoolean()).isTrue();
        assertThat(live.get("query").get("name").asString()).isEqualTo("Live");
      });
    } else {
      pending.add("new code live on the next request (runtimes)");
    }

    // 7) Invoke through internal helper
    if (runtimes) {
      JsonNode inv = json(curl("POST", "http://127.0.0.1:8080/_fn/invoke",
          "{\"runtime\":\"python\",\"name\":\"demo-new\",\"method\":\"GET\",\"query\":{\"name\":\"Ops\"}}",
          "Content-Type: application/json"), 200);
      assertThat(inv.get("status").asInt()).isEqualTo(200);
      JsonNode body = TestServer.JSON.readTree(inv.get("body").asString());
      assertThat(body.get("ok").asBoolean()).isTrue();
      assertThat(body.get("query").get("name").asString()).isEqualTo("Ops");
      assertThat(inv.get("latency_ms").isNumber()).isTrue();
      JsonNode ctx = json(s.request("POST", "/_fn/invoke", "{\"runtime\":\"python\",\"name\":\"demo-new\",\"method\":"
          + "\"GET\",\"query\":{\"name\":\"Ctx\"},\"context\":{\"tenant\":\"acme\"}}", "Content-Type", JSON_CT), 200);
      assertThat(TestServer.JSON.readTree(ctx.get("body").asString()).get("query").get("name").asString()).isEqualTo("Ctx");
    } else {
      pending.add("POST /_fn/invoke (runtimes)");
    }
    // the same policy layer as public traffic: DELETE is not an allowed method
    HttpResponse<String> notAllowed = s.request("POST", "/_fn/invoke",
        "{\"runtime\":\"python\",\"name\":\"demo-new\",\"method\":\"DELETE\",\"query\":{\"name\":\"Ops\"}}",
        "Content-Type", JSON_CT);
    assertThat(json(notAllowed, 405).get("error").asString()).isEqualTo("method not allowed");

    // 7b) Enqueue async job (run later), then poll
    if (jobs && runtimes) {
      HttpResponse<String> enqueued = curl("POST", "http://127.0.0.1:8080/_fn/jobs",
          "{\"name\":\"demo-new\",\"method\":\"GET\",\"query\":{\"name\":\"Async\"}}", "Content-Type: application/json");
      assertThat(enqueued.statusCode()).as(enqueued.body()).isIn(201, 202);
      JsonNode job = TestServer.json(enqueued);
      assertThat(job.get("status").asString()).isIn("queued", "running", "done");
      assertThat(job.get("id").isString()).as(job.toString()).isTrue();
      assertThat(job.get("runtime").asString()).isEqualTo("python");
      assertThat(job.get("name").asString()).isEqualTo("demo-new");
      String id = job.get("id").asString();
      AtomicReference<JsonNode> done = new AtomicReference<>();
      await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
        JsonNode st = json(curl("GET", "http://127.0.0.1:8080/_fn/jobs/" + id, null), 200);
        assertThat(st.get("status").asString()).isEqualTo("done");
        done.set(st);
      });
      JsonNode result = json(curl("GET", "http://127.0.0.1:8080/_fn/jobs/" + id + "/result", null), 200);
      assertThat(result.get("status").asInt()).isEqualTo(200);
      assertThat(TestServer.JSON.readTree(result.get("body").asString()).get("query").get("name").asString())
          .isEqualTo("Async");
      assertThat(json(s.get("/_fn/jobs"), 200).toString()).contains(id);
    } else {
      pending.add("POST /_fn/jobs and polling (jobs package, runtimes)");
    }

    // 8) Delete function
    JsonNode del = json(curl("DELETE", "http://127.0.0.1:8080/_fn/function?runtime=python&name=demo-new", null), 200);
    assertThat(del.get("ok").asBoolean()).isTrue();
    assertThat(json(s.get("/_fn/function?runtime=python&name=demo-new"), 404).get("error").isString()).isTrue();
    assertThat(s.get("/demo-new").statusCode()).isEqualTo(404);
    List<String> names = new ArrayList<>();
    json(s.get("/_fn/catalog"), 200).get("runtimes").get("python").get("functions")
        .forEach(f -> names.add(f.get("name").asString()));
    assertThat(names).doesNotContain("demo-new");
    assertThat(s.request("DELETE", "/_fn/function?runtime=python&name=demo-new", null).statusCode()).isEqualTo(404);
  }

  @Test
  void d1_curl_writes_work_verbatim_and_cross_site_writes_are_refused() {
    TestServer.write(root, Map.of(
        "node/d1-probe/handler.js", "exports.handler = async (event) => ({ status: 200, headers: { \"Content-Type\": "
            + "\"application/json\" }, body: JSON.stringify(event.query || {}) });\n",
        "node/d1-probe/fn.config.json", "{\"invoke\": {\"methods\": [\"GET\", \"POST\"]}}"));
    s = TestServer.start(root, Map.of("FN_RUNTIMES", "python,node", "FN_CONSOLE_API_ENABLED", "1",
        "FN_CONSOLE_WRITE_ENABLED", "1"));
    try {
      String probe = "/_fn/function-env?runtime=node&name=d1-probe";
      json(s.request("POST", "/_fn/function?runtime=node&name=d1-fresh", "{\"methods\":[\"GET\",\"POST\"],\"summary\":"
          + "\"verbatim\"}", "Content-Type", JSON_CT), 201);
      assertThat(json(s.request("PUT", probe, "{\"MODE\":\"plain\"}", "Content-Type", JSON_CT), 200)
          .get("fn_env").get("MODE").get("value").asString()).isEqualTo("plain");
      if (runtimesReady("/d1-probe")) {
        JsonNode inv = json(s.request("POST", "/_fn/invoke", "{\"runtime\":\"node\",\"name\":\"d1-probe\",\"method\":"
            + "\"GET\",\"query\":{\"k\":\"v\"}}", "Content-Type", JSON_CT), 200);
        assertThat(TestServer.JSON.readTree(inv.get("body").asString()).get("k").asString()).isEqualTo("v");
      } else {
        pending.add("d1-03 invoke (runtimes)");
      }
      assertThat(json(s.request("POST", "/_fn/reload", null), 200).get("ok").asBoolean()).isTrue();
      assertThat(json(s.request("PUT", probe, "{\"MODE\":\"marked\"}", "Content-Type", JSON_CT, "X-Fn-Request", "1"), 200)
          .get("fn_env").get("MODE").get("value").asString()).isEqualTo("marked");
      json(s.request("PUT", probe, "{\"MODE\":\"evil\"}", "Content-Type", JSON_CT, "Sec-Fetch-Site", "cross-site",
          "X-Fn-Request", "1"), 403);
      json(s.request("POST", "/_fn/function?runtime=node&name=d1-evil", "{}", "Content-Type", JSON_CT, "Origin",
          "http://evil.example", "X-Fn-Request", "1"), 403);
      json(s.request("DELETE", "/_fn/function?runtime=node&name=d1-probe", null, "Sec-Fetch-Site", "cross-site"), 403);
      json(s.request("PUT", "/_fn/function-code?runtime=node&name=d1-probe", "{\"code\":\"exports.handler = async () => "
          + "({ pwned: true });\\n\"}", "Content-Type", JSON_CT, "Origin", "https://attacker.example"), 403);
      assertThat(json(s.get(probe), 200).get("fn_env").get("MODE").get("value").asString()).isEqualTo("marked");
      assertThat(json(s.get("/_fn/function-code?runtime=node&name=d1-probe"), 200).get("code").asString())
          .doesNotContain("pwned");
      assertThat(json(s.request("PUT", probe, "{\"MODE\":\"same\"}", "Content-Type", JSON_CT, "Origin",
          "http://127.0.0.1:" + s.port(), "Sec-Fetch-Site", "same-origin"), 200)
          .get("fn_env").get("MODE").get("value").asString()).isEqualTo("same");
      json(s.get("/_fn/function?runtime=node&name=d1-evil"), 404);
      json(s.request("DELETE", "/_fn/function?runtime=node&name=d1-fresh", null), 200);
    } finally {
      s.close();
    }
    Assumptions.assumeTrue(pending.isEmpty(), "steps pending until their packages are on main: " + pending);
  }
}
