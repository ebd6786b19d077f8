package dev.fastfn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.fastfn.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Per-function policy at the HTTP edge: 405, 413, 421, 429, 504, 502, reserved paths. Real workers. */
class GatewayLimitsTest {
  @TempDir
  static Path root;

  static TestServer server;

  static String nodeSleep(String ms) {
    return "exports.handler = async (event) => {\n"
        + "  const ms = " + ms + ";\n"
        + "  await new Promise((r) => setTimeout(r, ms));\n"
        + "  return { slept: ms };\n"
        + "};\n";
  }

  @BeforeAll
  static void start() {
    TestServer.write(root, Map.ofEntries(
        Map.entry("get.hello.py", "def handler(event):\n    return {'hello': (event.get('query') or {}).get('name', 'world')}\n"),
        Map.entry("node/tiny/handler.js", "exports.handler = async (e) => ({ received: (e.body || '').length });\n"),
        Map.entry("node/tiny/fn.config.json", "{\"max_body_bytes\": 64, \"invoke\": {\"methods\": [\"POST\"]}}"),
        Map.entry("node/single/handler.js", nodeSleep("800")),
        Map.entry("node/single/fn.config.json", "{\"max_concurrency\": 1, \"timeout_ms\": 5000}"),
        Map.entry("node/queued/handler.js", nodeSleep("300")),
        Map.entry("node/queued/fn.config.json",
            "{\"timeout_ms\": 5000, \"worker_pool\": {\"max_workers\": 1, \"max_queue\": 2, \"queue_timeout_ms\": 3000}}"),
        Map.entry("node/qt/handler.js", nodeSleep("1500")),
        Map.entry("node/qt/fn.config.json", "{\"timeout_ms\": 5000, \"worker_pool\": {\"max_workers\": 1, "
            + "\"max_queue\": 1, \"queue_timeout_ms\": 100, \"overflow_status\": 503}}"),
        Map.entry("node/drops/handler.js", nodeSleep("800")),
        Map.entry("node/drops/fn.config.json",
            "{\"timeout_ms\": 5000, \"worker_pool\": {\"max_workers\": 1, \"queue_poll_ms\": 15}}"),
        Map.entry("node/slow/handler.js", nodeSleep("Number((event.query || {}).ms || 0)")),
        Map.entry("node/slow/fn.config.json", "{\"timeout_ms\": 300}"),
        Map.entry("python/spin/handler.py", "def handler(event):\n    while True:\n        pass\n"),
        Map.entry("python/spin/fn.config.json", "{\"timeout_ms\": 300}"),
        Map.entry("python/dies/handler.py", "import os\n\ndef handler(event):\n    os._exit(3)\n"),
        Map.entry("node/hosted/handler.js", "exports.handler = async () => ({ hosted: true });\n"),
        Map.entry("node/hosted/fn.config.json", "{\"invoke\": {\"allow_hosts\": [\"*.example.com\"]}}")));
    server = TestServer.start(root);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void wrong_method_gets_405_with_allow_header() {
    HttpResponse<String> r = server.request("DELETE", "/hello", null);
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET");
    assertThat(TestServer.json(r).get("error").asString()).isEqualTo("method not allowed");
  }

  @Test
  void body_over_limit_with_content_length_gets_413() {
    HttpResponse<String> r = server.request("POST", "/tiny", "x".repeat(1000));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).isEqualTo("{\"error\":\"payload too large\"}");
  }

  @Test
  void chunked_body_over_limit_gets_413() {
    byte[] big = "y".repeat(5000).getBytes();
    HttpRequest req = HttpRequest.newBuilder(URI.create(server.base() + "/tiny"))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
    HttpResponse<String> r = server.send(req);
    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void body_within_limit_reaches_the_handler() {
    HttpResponse<String> r = server.request("POST", "/tiny", "x".repeat(10));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(TestServer.json(r).get("received").asInt()).isEqualTo(10);
  }

  @Test
  void second_concurrent_call_over_max_concurrency_gets_429_with_the_exact_reference_body() throws Exception {
    List<HttpResponse<String>> responses = parallel(2, "/single");
    assertThat(responses).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 429);
    HttpResponse<String> refused = only(responses, 429);
    assertThat(refused.body()).isEqualTo("{\"error\":\"worker pool overflow\"}");
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @Test
  void queued_calls_wait_in_order_and_overflow_beyond_the_queue() throws Exception {
    List<HttpResponse<String>> responses = parallel(4, "/queued");
    assertThat(responses).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 200, 200, 429);
    assertThat(only(responses, 429).body()).isEqualTo("{\"error\":\"worker pool overflow\"}");
  }

  @Test
  void a_queued_call_that_waits_past_queue_timeout_gets_the_overflow_status_and_the_exact_reference_body()
      throws Exception {
    List<HttpResponse<String>> responses = parallel(2, "/qt");
    assertThat(responses).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 503);
    HttpResponse<String> refused = only(responses, 503);
    assertThat(refused.body()).isEqualTo("{\"error\":\"worker pool queue timeout\"}");
    assertThat(refused.headers().firstValue("X-FastFN-Warming")).isEmpty();
  }

  @Test
  void health_reports_queue_poll_ms_and_each_functions_queue_drops() throws Exception {
    assertThat(parallel(2, "/drops")).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 429);
    assertThat(parallel(2, "/qt")).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 503);

    // The report is cached for 250 ms: wait for one rendered after the drops.
    await().atMost(Duration.ofSeconds(5)).until(() -> workerPool(health(), "node/drops@default")
        .get("queue_drops").get("overflow").asLong() == 1);
    JsonNode health = health();
    JsonNode drops = workerPool(health, "node/drops@default");
    assertThat(drops.get("queue_poll_ms").asInt()).isEqualTo(15);
    assertThat(drops.get("queue_drops").toString()).isEqualTo("{\"overflow\":1,\"timeout\":0,\"total\":1}");
    assertThat(drops.get("active").asInt()).isZero();
    JsonNode qt = workerPool(health, "node/qt@default");
    assertThat(qt.get("queue_poll_ms").asInt()).isEqualTo(20); // the reference's default
    assertThat(qt.get("queue_drops").get("timeout").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(qt.get("queue_drops").get("total").asLong())
        .isEqualTo(qt.get("queue_drops").get("overflow").asLong() + qt.get("queue_drops").get("timeout").asLong());
    JsonNode summary = health.get("functions").get("summary");
    assertThat(summary.get("pool_queue_overflow_drops").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(summary.get("pool_queue_timeout_drops").asLong()).isGreaterThanOrEqualTo(1);
    JsonNode ts = health.get("runtimes").get("node").get("health").get("ts");
    assertThat(ts.asDouble()).as("epoch seconds").isCloseTo(System.currentTimeMillis() / 1000.0, within(60.0));
    assertThat(server.get("/_fn/health").body()).as("a plain number, as the other times")
        .containsPattern("\"health\":\\{\"up\":(true|false),\"ts\":\\d{10}\\.\\d{3}[,}]");
  }

  @Test
  void slow_handler_gets_504_at_its_timeout_marked_warming_only_while_the_function_is_cold() {
    long t0 = System.nanoTime();
    HttpResponse<String> r = server.get("/slow?ms=3000");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.body()).isEqualTo("{\"error\":\"runtime timeout\"}");
    assertThat(ms).isLessThan(2000);
    assertWarming(r);
    HttpResponse<String> ok = server.get("/slow?ms=5");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("X-FastFN-Function-State")).hasValue("cold");

    HttpResponse<String> warmTimeout = server.get("/slow?ms=3000");
    assertThat(warmTimeout.statusCode()).isEqualTo(504);
    assertThat(warmTimeout.headers().firstValue("X-FastFN-Warming")).isEmpty();
    assertThat(warmTimeout.headers().firstValue("Retry-After")).isEmpty();
  }

  @Test
  void runaway_cpu_handler_times_out_and_the_function_recovers() {
    assertWarming(server.get("/spin"));
    assertWarming(server.get("/spin")); // never answered, so still cold
  }

  @Test
  void handler_that_exits_the_process_gets_502_and_next_call_gets_a_fresh_worker() {
    HttpResponse<String> r = server.get("/dies");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(TestServer.json(r).get("error").asString()).startsWith("runtime error");
    assertWarming(r);
    assertThat(server.get("/dies").statusCode()).isEqualTo(502);
    assertThat(server.get("/hello").statusCode()).isEqualTo(200);
  }

  /** A runtime error on a cold function (platform.md §1.3 step 15). */
  private static void assertWarming(HttpResponse<String> r) {
    assertThat(r.statusCode()).isIn(502, 503, 504);
    assertThat(r.headers().firstValue("X-FastFN-Warming")).hasValue("true");
    assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(r.headers().firstValue("X-FastFN-Error")).hasValue("gateway");
  }

  @Test
  void host_outside_allow_hosts_gets_421() {
    HttpRequest bad = HttpRequest.newBuilder(URI.create(server.base() + "/hosted")).GET().build();
    assertThat(server.send(bad).statusCode()).isEqualTo(421);
  }

  @Test
  void reserved_prefixes_are_never_function_routes() {
    assertThat(server.get("/_fn/no-such-endpoint").statusCode()).isEqualTo(404);
    assertThat(server.get("/console/x").statusCode()).isEqualTo(404);
    assertThat(server.get("/fastfn.json").statusCode()).isEqualTo(404);
  }

  @Test
  void head_on_health_has_no_body() {
    HttpResponse<String> r = server.request("HEAD", "/_fn/health", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
  }

  private static List<HttpResponse<String>> parallel(int n, String path) throws Exception {
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<HttpResponse<String>>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<HttpResponse<String>> c = () -> server.get(path);
        futures.add(pool.submit(c));
      }
      List<HttpResponse<String>> out = new ArrayList<>();
      for (Future<HttpResponse<String>> f : futures) {
        out.add(f.get());
      }
      return out;
    }
  }

  private static JsonNode health() {
    return TestServer.json(server.get("/_fn/health"));
  }

  private static JsonNode workerPool(JsonNode health, String key) {
    for (JsonNode row : health.get("functions").get("states")) {
      if (row.get("key").asString().equals(key)) {
        return row.get("worker_pool");
      }
    }
    throw new AssertionError("no health row " + key);
  }

  private static HttpResponse<String> only(List<HttpResponse<String>> responses, int status) {
    List<HttpResponse<String>> matching = responses.stream().filter(r -> r.statusCode() == status).toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }
}
