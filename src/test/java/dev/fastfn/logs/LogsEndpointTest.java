package dev.fastfn.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fastfn.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * /_fn/logs over a real server whose log files are written by Logback. Handler output is produced
 * the way the runtime package emits it: lines on the {@code fastfn.runtime.log} logger.
 */
class LogsEndpointTest {
  private static final Logger RUNTIME = LoggerFactory.getLogger("fastfn.runtime.log");
  private static final String SFX = UUID.randomUUID().toString().substring(0, 8);

  @TempDir
  static Path root;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(root, Map.of());
    RUNTIME.info("[python] [fn:logpy@default stdout] logline-{}-py", SFX);
    RUNTIME.info("[python] [fn:logpy@default stderr] warn-{}-py", SFX);
    RUNTIME.info("[node] [fn:lognode@default stdout] nodeline-{}-js", SFX);
    RUNTIME.info("[node] [fn:lognode@v2 stdout] nodev2-{}-js", SFX);
    LoggerFactory.getLogger(LogsEndpointTest.class).warn("something degraded {}", SFX);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<String> data(HttpResponse<String> r) {
    List<String> out = new ArrayList<>();
    TestServer.json(r).path("data").forEach(n -> out.add(n.asString()));
    return out;
  }

  @Test
  void runtime_log_file_lives_under_the_data_dir() {
    Path file = server.app().config().dataDir().resolve("logs").resolve("runtime.log");
    assertThat(file).exists();
    assertThat(server.app().config().dataDir().resolve("logs").resolve("access.log")).exists();
  }

  @Test
  void json_format_returns_file_filters_and_lines() {
    HttpResponse<String> r = server.get("/_fn/logs?file=runtime&format=json&lines=50&fn=logpy");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = TestServer.json(r);
    assertThat(body.path("file").asString()).isEqualTo("runtime");
    assertThat(body.path("fn").asString()).isEqualTo("logpy");
    assertThat(body.path("stream").asString()).isEqualTo("all");
    assertThat(body.has("runtime")).isFalse();
    List<String> data = data(r);
    assertThat(body.path("lines").asInt()).isEqualTo(data.size());
    assertThat(data).anyMatch(l -> l.endsWith("[python] [fn:logpy@default stdout] logline-" + SFX + "-py"));
    assertThat(data).noneMatch(l -> l.contains("nodeline-" + SFX));
  }

  @Test
  void stream_runtime_and_version_filters_combine() {
    assertThat(data(server.get("/_fn/logs?file=runtime&format=json&fn=logpy&stream=stderr")))
        .singleElement().asString().endsWith("warn-" + SFX + "-py");
    assertThat(data(server.get("/_fn/logs?file=runtime&format=json&runtime=node&version=v2")))
        .singleElement().asString().endsWith("nodev2-" + SFX + "-js");
    assertThat(data(server.get("/_fn/logs?file=runtime&format=json&runtime=node&version=default&stream=stdout")))
        .singleElement().asString().endsWith("nodeline-" + SFX + "-js");
    assertThat(TestServer.json(server.get("/_fn/logs?file=runtime&format=json&fn=nobody")).path("data").isArray()).isTrue();
    assertThat(data(server.get("/_fn/logs?file=runtime&format=json&fn=nobody"))).isEmpty();
  }

  @Test
  void text_format_is_plain_lines_with_a_trailing_newline() {
    HttpResponse<String> r = server.get("/_fn/logs?file=runtime&lines=20&fn=logpy");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(r.body()).contains("logline-" + SFX + "-py").doesNotContain("nodeline-" + SFX).endsWith("\n");
  }

  @Test
  void lines_keeps_the_last_n_and_is_clamped() {
    List<String> one = data(server.get("/_fn/logs?file=runtime&format=json&lines=1"));
    assertThat(one).hasSize(1);
    assertThat(data(server.get("/_fn/logs?file=runtime&format=json&lines=0"))).hasSize(1);
    assertThat(data(server.get("/_fn/logs?file=runtime&format=json&lines=abc")).size()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void error_log_gets_warnings_and_is_the_default_file() {
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      HttpResponse<String> r = server.get("/_fn/logs?format=json");
      assertThat(TestServer.json(r).path("file").asString()).isEqualTo("error");
      assertThat(data(r)).anyMatch(l -> l.contains("WARN") && l.contains("something degraded " + SFX));
    });
  }

  @Test
  void access_log_records_requests() {
    server.get("/no-such-route-" + SFX);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(data(server.get("/_fn/logs?file=access&format=json")))
            .anyMatch(l -> l.contains("GET /no-such-route-" + SFX + " 404")));
  }

  @Test
  void unknown_file_or_stream_is_400_and_missing_file_is_404() {
    HttpResponse<String> bad = server.get("/_fn/logs?file=passwords&format=json");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).isEqualTo("{\"error\":\"invalid file\"}");
    assertThat(server.get("/_fn/logs?file=../../etc/passwd").statusCode()).isEqualTo(400);
    HttpResponse<String> stream = server.get("/_fn/logs?file=runtime&stream=both");
    assertThat(stream.statusCode()).isEqualTo(400);
    assertThat(stream.body()).isEqualTo("{\"error\":\"invalid stream\"}");
  }

  @Test
  void missing_log_file_is_404(@TempDir Path other) throws Exception {
    try (TestServer s = TestServer.start(other, Map.of())) {
      Files.delete(s.app().config().dataDir().resolve("logs").resolve("error.log"));
      HttpResponse<String> r = s.get("/_fn/logs?file=error");
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).isEqualTo("{\"error\":\"log not found\"}");
    }
  }

  @Test
  void only_get_and_head_are_allowed() {
    HttpResponse<String> r = server.request("POST", "/_fn/logs", "");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void console_api_disabled_hides_logs(@TempDir Path other) {
    try (TestServer s = TestServer.start(other, Map.of("FN_CONSOLE_API_ENABLED", "0"))) {
      HttpResponse<String> r = s.get("/_fn/logs?file=runtime");
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).isEqualTo("{\"error\":\"console api disabled\"}");
    }
  }
}
