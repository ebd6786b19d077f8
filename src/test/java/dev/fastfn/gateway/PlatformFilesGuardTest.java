package dev.fastfn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** D9: handlers see their env values, never the files that hold them or fastfn's own state. */
class PlatformFilesGuardTest {
  @TempDir
  static Path root;

  static TestServer server;

  @BeforeAll
  static void start() {
    TestServer.write(root, Map.of(
        "python/pyreader/handler.py", """
            import os

            def handler(event):
                out = {"env_value": os.environ.get("SECRET_TOKEN")}
                for name in ("fn.env.json", "fn.config.json", "notes.txt"):
                    try:
                        with open(name) as fh:
                            out[name] = fh.read()
                    except PermissionError as exc:
                        out[name] = "denied"
                return out
            """,
        "python/pyreader/fn.env.json", "{\"SECRET_TOKEN\": {\"value\": \"s3cr3t\", \"is_secret\": true}}",
        "python/pyreader/fn.config.json", "{\"timeout_ms\": 5000}",
        "python/pyreader/notes.txt", "plain",
        "node/jsreader/handler.js", """
            const fs = require('fs');
            exports.handler = async () => {
              const out = { env_value: process.env.SECRET_TOKEN || null };
              for (const name of ['fn.env.json', 'notes.txt']) {
                try { out[name] = fs.readFileSync(name, 'utf8'); } catch (e) { out[name] = e.code; }
              }
              try { await fs.promises.readFile('fn.env.json', 'utf8'); out.promises = 'read'; } catch (e) { out.promises = e.code; }
              return out;
            };
            """,
        "node/jsreader/fn.env.json", "{\"SECRET_TOKEN\": {\"value\": \"n0de\", \"is_secret\": true}}",
        "node/jsreader/notes.txt", "plain"));
    server = TestServer.start(root);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void python_handler_gets_its_env_but_cannot_open_fn_env_or_fn_config() {
    HttpResponse<String> r = server.get("/pyreader");
    assertThat(r.statusCode()).isEqualTo(200);
    var body = TestServer.json(r);
    assertThat(body.get("env_value").asString()).isEqualTo("s3cr3t");
    assertThat(body.get("fn.env.json").asString()).isEqualTo("denied");
    assertThat(body.get("fn.config.json").asString()).isEqualTo("denied");
    assertThat(body.get("notes.txt").asString()).isEqualTo("plain");
    assertThat(r.body()).doesNotContain("is_secret");
  }

  @Test
  void node_handler_gets_its_env_but_cannot_read_fn_env() {
    HttpResponse<String> r = server.get("/jsreader");
    assertThat(r.statusCode()).isEqualTo(200);
    var body = TestServer.json(r);
    assertThat(body.get("env_value").asString()).isEqualTo("n0de");
    assertThat(body.get("fn.env.json").asString()).isEqualTo("EACCES");
    assertThat(body.get("promises").asString()).isEqualTo("EACCES");
    assertThat(body.get("notes.txt").asString()).isEqualTo("plain");
  }
}
