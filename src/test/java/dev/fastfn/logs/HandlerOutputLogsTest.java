package dev.fastfn.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fastfn.testing.TestServer;
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

/** Real handlers print; their lines reach runtime.log and /_fn/logs (conformance profile "logs"). */
class HandlerOutputLogsTest {
  private static final String SFX = UUID.randomUUID().toString().substring(0, 8);

  @TempDir
  static Path root;
  static TestServer server;

  @BeforeAll
  static void start() {
    TestServer.write(root, Map.of(
        "python/logpy/handler.py", "def handler(event):\n    print('logline-" + SFX + "-py')\n    return {'logged': 'python'}\n",
        "node/lognode/handler.js", "exports.handler = async () => { console.log('nodeline-" + SFX + "-js');"
            + " console.error('nodeerr-" + SFX + "-js'); return { logged: 'node' }; };\n"));
    // Cold starts on a loaded 2-core CI machine can exceed the 2.5 s default; this test is about logs.
    server = TestServer.start(root, Map.of("FN_DEFAULT_TIMEOUT_MS", "30000"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<String> data(String query) {
    List<String> out = new ArrayList<>();
    TestServer.json(server.get("/_fn/logs?file=runtime&format=json" + query)).path("data")
        .forEach(n -> out.add(n.asString()));
    return out;
  }

  @Test
  void print_and_console_output_is_tagged_and_filterable() {
    assertThat(server.get("/logpy").statusCode()).isEqualTo(200);
    assertThat(server.get("/lognode").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(data("&lines=200"))
        .anyMatch(l -> l.contains("logline-" + SFX + "-py")).anyMatch(l -> l.contains("nodeline-" + SFX + "-js")));
    assertThat(data("&fn=logpy&lines=50")).anyMatch(l -> l.contains("[fn:logpy@default stdout] logline-" + SFX))
        .noneMatch(l -> l.contains("nodeline-" + SFX));
    assertThat(data("&fn=lognode&stream=stderr")).anyMatch(l -> l.contains("nodeerr-" + SFX))
        .noneMatch(l -> l.contains("nodeline-" + SFX));
    assertThat(data("&fn=logpy&stream=stderr")).noneMatch(l -> l.contains(SFX));
    assertThat(server.get("/_fn/logs?file=runtime&lines=20&fn=logpy").body()).contains("logline-" + SFX + "-py")
        .doesNotContain("nodeline-" + SFX);
  }
}
