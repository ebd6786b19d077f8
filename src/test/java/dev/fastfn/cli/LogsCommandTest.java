package dev.fastfn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fastfn.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsCommandTest {
  @TempDir
  Path dir;
  Path logs;

  @BeforeEach
  void write_logs() throws Exception {
    logs = Files.createDirectories(dir.resolve(".fastfn/state/logs"));
    Files.writeString(logs.resolve("runtime.log"), """
        t1 [python] [fn:hello@default stdout] one
        t2 [node] [fn:other@default stdout] two
        t3 [python] [fn:hello@default stderr] three
        """);
    Files.writeString(logs.resolve("access.log"), "t1 GET /hello 200 10B 2ms\n");
    Files.writeString(logs.resolve("error.log"), "t1 WARN  x - careful\n");
  }

  private static void append(Path file, String text) throws Exception {
    Files.writeString(file, text, StandardOpenOption.APPEND);
  }

  @Test
  void prints_the_last_lines_of_one_file() {
    Cli cli = new Cli(dir);
    assertThat(cli.run("logs", "--file", "runtime", "--lines", "2")).isZero();
    assertThat(cli.out()).isEqualTo("t2 [node] [fn:other@default stdout] two\n"
        + "t3 [python] [fn:hello@default stderr] three\n");
  }

  @Test
  void filters_by_function_and_stream() {
    Cli cli = new Cli(dir);
    assertThat(cli.run("logs", "--file", "runtime", "--fn", "hello", "--stream", "stdout")).isZero();
    assertThat(cli.out()).isEqualTo("t1 [python] [fn:hello@default stdout] one\n");
  }

  @Test
  void all_files_by_default_with_headers() {
    Cli cli = new Cli(dir);
    assertThat(cli.run("logs")).isZero();
    assertThat(cli.out()).startsWith("==> " + logs.resolve("error.log") + " <==\nt1 WARN  x - careful\n\n==> "
        + logs.resolve("access.log") + " <==\n").contains("==> " + logs.resolve("runtime.log") + " <==\n");
  }

  @Test
  void data_dir_follows_fn_data_dir() throws Exception {
    Path other = Files.createDirectories(dir.resolve("elsewhere/logs"));
    Files.writeString(other.resolve("runtime.log"), "custom\n");
    Cli cli = new Cli(dir).env("FN_DATA_DIR", dir.resolve("elsewhere").toString());
    assertThat(cli.run("logs", "--file", "runtime")).isZero();
    assertThat(cli.out()).isEqualTo("custom\n");
  }

  @Test
  void invalid_file_or_missing_logs_exit_1() throws Exception {
    Cli bad = new Cli(dir);
    assertThat(bad.run("logs", "--file", "secrets")).isEqualTo(1);
    assertThat(bad.err()).isEqualTo("Error: invalid --file value \"secrets\" (use error|access|runtime|all)\n");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Cli none = new Cli(empty);
    assertThat(none.run("logs")).isEqualTo(1);
    assertThat(none.err()).isEqualTo("Error: log files not found under " + empty.toRealPath().resolve(".fastfn/state/logs")
        + " (has the server run with this folder?)\n");
  }

  @Test
  void follow_prints_new_lines_until_stopped_and_survives_rotation() throws Exception {
    Cli cli = new Cli(dir);
    CompletableFuture<Integer> run = cli.start("logs", "--file", "runtime", "--lines", "1", "--follow", "--fn", "hello");
    await().atMost(Duration.ofSeconds(10)).until(() -> cli.out().contains("three"));
    append(logs.resolve("runtime.log"), "t4 [python] [fn:hello@default stdout] four\nt5 [node] [fn:other@default stdout] no\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> cli.out().contains("four"));
    append(logs.resolve("runtime.log"), "t6 [python] [fn:hello@default stdout] partial");
    // Rotation: the file is renamed away and a new one starts empty.
    Files.move(logs.resolve("runtime.log"), logs.resolve("runtime.1.log"));
    Files.writeString(logs.resolve("runtime.log"), "t7 [python] [fn:hello@default stdout] after-rotation\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> cli.out().contains("after-rotation"));
    cli.stop();
    assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(cli.out()).doesNotContain("no\n").doesNotContain("==>");
    assertThat(cli.lifetime.finished.getCount()).isZero();
  }

  @Test
  void url_reads_from_a_running_server() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    try (TestServer server = TestServer.start(root, Map.of())) {
      server.get("/nothing-here");
      Cli cli = new Cli(dir);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        Cli c = new Cli(dir);
        assertThat(c.run("logs", "--url", server.base(), "--file", "access")).isZero();
        assertThat(c.out()).contains("GET /nothing-here 404");
      });
      assertThat(cli.run("logs", "--url", "http://127.0.0.1:1", "--file", "access")).isEqualTo(1);
      assertThat(cli.err()).startsWith("Error: cannot reach http://127.0.0.1:1");
    }
  }
}
