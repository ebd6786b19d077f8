package dev.fastfn.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * D10: a server process killed with SIGKILL while a job runs loses nothing. The job is re-queued
 * when its lease expires and the restarted server completes it exactly once, and the restart removes
 * the worker programs the killed server could not. Real processes: the server is {@code fastfn run}
 * in a child JVM, the handler a python worker that appends to a file.
 */
class JobRestartDurabilityTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path root;
  @TempDir
  Path scratch;
  private final List<Process> started = new ArrayList<>();
  private final Map<Process, Integer> ports = new HashMap<>();

  @AfterEach
  void killLeftovers() {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void a_job_running_when_the_server_is_killed_completes_exactly_once_after_a_restart() throws Exception {
    Path log = scratch.resolve("runs.log");
    String py = "'" + log.toString().replace("'", "\\'") + "'";
    TestServer.write(root, Map.of(
        "python/slowjob/handler.py", """
            import os, time

            LOG = %s

            def handler(event):
                try:
                    with open(LOG, encoding='utf-8') as fh:
                        starts = sum(1 for line in fh if line.startswith('start'))
                except OSError:
                    starts = 0
                with open(LOG, 'a', encoding='utf-8') as fh:
                    fh.write('start attempt=%%s pid=%%d\\n' %% (event['context']['trigger']['attempt'], os.getpid()))
                # The first run outlives the server; the run after the restart is quick.
                time.sleep(60 if starts == 0 else 0.2)
                with open(LOG, 'a', encoding='utf-8') as fh:
                    fh.write('done\\n')
                return {'ok': True}
            """.formatted(py),
        "python/slowjob/fn.config.json", "{\"timeout_ms\": 90000}"));
    Path data = scratch.resolve("state");

    Process first = startServer(freePort(), data, "first");
    int port1 = portOf(first);
    HttpResponse<String> created = send(port1, "POST", "/_fn/jobs", "{\"runtime\":\"python\",\"name\":\"slowjob\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    String id = TestServer.json(created).path("id").asString();
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count(log, "start") == 1);
    assertThat(TestServer.json(send(port1, "GET", "/_fn/jobs/" + id, null)).path("status").asString())
        .isEqualTo("running");

    // SIGKILL the server and its workers, as if the machine had lost the process tree.
    List<ProcessHandle> workers = first.descendants().toList();
    first.destroyForcibly(); // SIGKILL on Unix
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isEqualTo(137);
    workers.forEach(ProcessHandle::destroyForcibly);
    List<Path> leftBehind = workerFolders();
    assertThat(leftBehind).as("the killed server's worker programs").hasSize(1);

    Process second = startServer(freePort(), data, "second");
    int port2 = portOf(second);
    assertThat(workerFolders()).as("the second server's own, and not the first's").hasSize(1)
        .doesNotContainAnyElementsOf(leftBehind);
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> TestServer.json(send(port2, "GET", "/_fn/jobs/" + id, null)).path("status").asString()
            .equals("done"));
    JsonNode job = TestServer.json(send(port2, "GET", "/_fn/jobs/" + id, null));
    assertThat(job.path("attempt").asInt()).isEqualTo(1);
    assertThat(job.path("attempts").valueStream().map(a -> a.path("outcome").asString()).toList())
        .containsExactly("interrupted", "done");
    assertThat(count(log, "start")).isEqualTo(2);
    assertThat(count(log, "done")).as("completed exactly once").isEqualTo(1);
    assertThat(TestServer.json(send(port2, "GET", "/_fn/jobs/" + id + "/result", null)).path("status").asInt())
        .isEqualTo(200);
  }

  private Process startServer(int port, Path data, String name) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Files.createDirectories(tmp());
    ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xss1m",
        "-Djava.io.tmpdir=" + tmp(), "-cp", System.getProperty("java.class.path"), "dev.fastfn.cli.Main", "run",
        root.toString());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("FN_"));
    env.put("FN_HOST_PORT", Integer.toString(port));
    env.put("FN_DATA_DIR", data.toString());
    env.put("FN_RUNTIMES", "python");
    env.put("FN_CONSOLE_WRITE_ENABLED", "1");
    env.put("FN_JOBS_LEASE_S", "1");
    env.put("FN_HOT_RELOAD", "0");
    pb.redirectErrorStream(true);
    pb.redirectOutput(scratch.resolve(name + ".out").toFile());
    Process p = pb.start();
    started.add(p);
    Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
      if (!p.isAlive()) {
        throw new IllegalStateException("server " + name + " exited: " + Files.readString(scratch.resolve(name + ".out")));
      }
      try {
        return send(port, "GET", "/_fn/health", null).statusCode() == 200;
      } catch (IllegalStateException e) {
        return false;
      }
    });
    ports.put(p, port);
    return p;
  }

  private Path tmp() {
    return scratch.resolve("tmp");
  }

  private List<Path> workerFolders() throws IOException {
    try (var entries = Files.list(tmp())) {
      return entries.filter(p -> p.getFileName().toString().startsWith("fastfn-workers-")).toList();
    }
  }

  private int portOf(Process p) {
    return ports.get(p);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static long count(Path log, String prefix) throws IOException {
    return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.startsWith(prefix)).count() : 0;
  }

  private static HttpResponse<String> send(int port, String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
