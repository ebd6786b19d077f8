package dev.fastfn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.discovery.InvokeMeta;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The event bytes the gateway sends (runtimes.md §1.3), written without a tree. */
class EventBuilderTest {
  private static FunctionSpec spec(Map<String, String> env, int timeoutMs) {
    FunctionPolicy policy = new FunctionPolicy(timeoutMs, 20, 1_048_576, List.of("GET", "POST"), List.of(),
        List.of(), false, true, new FunctionPolicy.WorkerPoolPolicy(true, 2, 5, 800, 15, 503, 1, 60), null, null, null,
        List.of(), "handler", "native");
    Path dir = Path.of("/fns/python/echo");
    return new FunctionSpec(FunctionSpec.keyOf(RuntimeKind.PYTHON, "echo", "v2"), RuntimeKind.PYTHON, "echo", "v2",
        FunctionSpec.Kind.FUNCTION, dir, dir.resolve("handler.py"), "echo", policy, InvokeMeta.EMPTY, "fp",
        env, Set.of(), null);
  }

  private static String json(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void a_full_http_event_has_every_field_in_order() {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("host", "api.example.com");
    headers.put("cookie", "theme=dark; sid=abc123");
    headers.put("user-agent", "curl/8");
    headers.put("x-multi", List.of("a", "b"));
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("q", "caf\u00e9 \"x\"");
    query.put("flag", Boolean.TRUE);
    query.put("tags", List.of("1", "2"));
    Invocation inv = new Invocation(spec(Map.of("MODE", "test"), 1200), "POST", "/echo/7", "q=caf%C3%A9&flag&tags=1&tags=2",
        query, headers, "{\"a\":1}".getBytes(StandardCharsets.UTF_8), Map.of("id", "7"), "10.0.0.9",
        TestJson.parse("{\"role\":\"admin\"}"), new Trigger("job", Map.of("id", "job-1")));
    String event = json(new EventBuilder().build(inv, "req-1-2-3", 1700000000000L, Map.of("API_KEY", "s3cret")));
    assertThat(event).isEqualTo("{\"id\":\"req-1-2-3\",\"ts\":1700000000000,\"method\":\"POST\",\"path\":\"/echo/7\","
        + "\"raw_path\":\"/echo/7?q=caf%C3%A9&flag&tags=1&tags=2\","
        + "\"query\":" + TestJson.write(inv.query()) + ",\"params\":{\"id\":\"7\"},\"path_params\":{\"id\":\"7\"},"
        + "\"headers\":" + TestJson.write(inv.headers()) + ",\"body\":\"{\\\"a\\\":1}\","
        + "\"session\":{\"id\":\"abc123\",\"raw\":\"theme=dark; sid=abc123\",\"cookies\":{\"theme\":\"dark\",\"sid\":\"abc123\"}},"
        + "\"client\":{\"ip\":\"10.0.0.9\",\"ua\":\"fastfn-jobs\"},"
        + "\"context\":{\"request_id\":\"req-1-2-3\",\"runtime\":\"python\",\"function_name\":\"echo\",\"version\":\"v2\","
        + "\"timeout_ms\":1200,\"max_concurrency\":20,\"max_body_bytes\":1048576,"
        + "\"worker_pool\":{\"enabled\":true,\"max_workers\":2,\"max_queue\":5,\"queue_timeout_ms\":800,\"queue_poll_ms\":15,"
        + "\"overflow_status\":503,\"min_warm\":1,\"idle_ttl_seconds\":60},\"debug\":{\"enabled\":true},"
        + "\"trigger\":{\"type\":\"job\",\"id\":\"job-1\"},\"user\":{\"role\":\"admin\"}},"
        + "\"env\":{\"MODE\":\"test\"},\"secrets\":{\"API_KEY\":\"s3cret\"}}");
  }

  @Test
  void several_cookie_headers_make_one_session() {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("cookie", List.of("a=1", "session_id=z"));
    Invocation inv = new Invocation(spec(Map.of(), 2500), "GET", "/echo", "", Map.of(), headers, null, Map.of(),
        "127.0.0.1", null, Trigger.HTTP);
    assertThat(json(new EventBuilder().build(inv, "r1", 1L, Map.of())))
        .contains("\"session\":{\"id\":\"z\",\"raw\":\"a=1; session_id=z\",\"cookies\":{\"a\":\"1\",\"session_id\":\"z\"}}");
  }

  @Test
  void non_utf8_bodies_also_go_as_base64_and_a_changed_spec_gets_a_new_template() {
    EventBuilder builder = new EventBuilder();
    byte[] body = {(byte) 0xff, 0x00, 0x41};
    Invocation first = new Invocation(spec(Map.of(), 2500), "PUT", "/echo", "", Map.of(), Map.of(), body, Map.of(),
        "127.0.0.1", null, Trigger.HTTP);
    assertThat(json(builder.build(first, "r1", 1L, Map.of())))
        .contains("\"body\":\"\ufffd\\u0000A\",\"is_base64\":true,\"body_base64\":\"/wBB\",\"client\":{\"ip\":\"127.0.0.1\"}")
        .contains("\"timeout_ms\":2500,").endsWith("\"trigger\":{\"type\":\"http\"}},\"env\":{}}");
    Invocation changed = new Invocation(spec(Map.of("A", "1"), 900), "GET", "/echo", "", Map.of(), Map.of(), null,
        Map.of(), "127.0.0.1", null, Trigger.HTTP);
    assertThat(json(builder.build(changed, "r2", 2L, Map.of())))
        .doesNotContain("\"body\"").contains("\"timeout_ms\":900,").endsWith("\"env\":{\"A\":\"1\"}}");
  }

  /** Jackson in the test only to spell the expected maps; the builder under test never builds trees. */
  private static final class TestJson {
    static tools.jackson.databind.JsonNode parse(String s) {
      return HttpJson.MAPPER.readTree(s);
    }

    static String write(Object o) {
      return HttpJson.MAPPER.writeValueAsString(o);
    }
  }
}
