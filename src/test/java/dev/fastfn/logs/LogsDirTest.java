package dev.fastfn.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fastfn.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FN_LOGS_DIR moves the log files; /_fn/logs reads them there. */
class LogsDirTest {
  @TempDir
  Path tmp;

  @Test
  void fn_logs_dir_holds_the_log_files_and_logs_endpoint_reads_them() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("functions"));
    Path logs = tmp.resolve("custom-logs");
    try (TestServer server = TestServer.start(root, Map.of("FN_LOGS_DIR", logs.toString()))) {
      assertThat(server.app().config().logsDir()).isEqualTo(logs);
      assertThat(server.get("/no-such-route-for-logs").statusCode()).isEqualTo(404);

      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        HttpResponse<String> r = server.get("/_fn/logs?file=access&lines=20");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("/no-such-route-for-logs");
      });
      assertThat(logs.resolve("access.log")).exists();
      assertThat(logs.resolve("runtime.log")).exists();
      assertThat(server.app().config().dataDir().resolve("logs")).doesNotExist();
    }
  }
}
