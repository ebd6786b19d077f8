package dev.fastfn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class InitCommandTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir
  Path dir;

  @Test
  void python_template_writes_a_working_function_and_lists_its_files() throws Exception {
    Cli cli = new Cli(dir);
    assertThat(cli.run("init", "hello", "-t", "python")).isZero();
    Path fn = dir.resolve("hello");
    assertThat(cli.out()).isEqualTo("""
        Created function 'hello' in %s (runtime: python)
        Files created:
         - fn.config.json
         - handler.py
         - requirements.txt
         - README.md

        Run 'fastfn dev .' to serve it at /hello (Swagger UI at /_fn/docs).
        """.formatted(fn));
    JsonNode config = JSON.readTree(Files.readString(fn.resolve("fn.config.json")));
    assertThat(config.path("runtime").asString()).isEqualTo("python");
    assertThat(config.path("name").asString()).isEqualTo("hello");
    assertThat(config.path("entrypoint").asString()).isEqualTo("handler.py");
    assertThat(config.path("timeout_ms").asInt()).isEqualTo(2500);
    assertThat(config.path("max_concurrency").asInt()).isEqualTo(20);
    assertThat(config.path("max_body_bytes").asInt()).isEqualTo(1048576);
    assertThat(config.at("/invoke/methods").toString()).isEqualTo("[\"GET\",\"POST\"]");
    assertThat(Files.readString(fn.resolve("handler.py"))).startsWith("def handler(event):");
    assertThat(Files.readString(fn.resolve("README.md"))).contains("curl 'http://127.0.0.1:8080/hello?name=Ada'");
    try (var files = Files.list(fn)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("fn.config.json", "handler.py", "requirements.txt", "README.md");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fn.resolve("handler.py"))))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void python_handler_is_valid_python_that_returns_the_greeting() throws Exception {
    new Cli(dir).run("init", "greet", "-t", "python");
    Path handler = dir.resolve("greet/handler.py");
    Process p = new ProcessBuilder("python3", "-c", "import importlib.util,json,sys;"
        + "s=importlib.util.spec_from_file_location('h', sys.argv[1]);m=importlib.util.module_from_spec(s);"
        + "s.loader.exec_module(m);print(json.dumps(m.handler({'query':{'name':'Ada'},'method':'GET'})))",
        handler.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("\"message\": \"Hello, Ada!\"", "\"function\": \"greet\"");
  }

  @Test
  void node_is_the_default_template_and_its_handler_runs() throws Exception {
    Cli cli = new Cli(dir);
    assertThat(cli.run("init", "api/users")).isZero();
    Path fn = dir.resolve("api/users");
    assertThat(cli.out()).contains("(runtime: node)", " - handler.js").doesNotContain("requirements.txt");
    assertThat(JSON.readTree(Files.readString(fn.resolve("fn.config.json"))).path("name").asString())
        .isEqualTo("api/users");
    Process p = new ProcessBuilder("node", "-e", "require(process.argv[1]).handler({query:{name:'Ada'},method:'GET'})"
        + ".then(r => console.log(JSON.stringify(r)))", fn.resolve("handler.js").toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("\"message\":\"Hello, Ada!\"", "\"runtime\":\"node\"");
  }

  @Test
  void dir_option_chooses_the_parent_folder() throws Exception {
    Cli cli = new Cli(dir);
    assertThat(cli.run("init", "svc", "-t", "node", "--dir", "functions")).isZero();
    assertThat(dir.resolve("functions/svc/handler.js")).exists();
    assertThat(cli.out()).contains("Run 'fastfn dev functions' to serve it at /svc");
  }

  @Test
  void refuses_to_overwrite_an_existing_function() throws Exception {
    Path fn = Files.createDirectories(dir.resolve("hello"));
    Files.writeString(fn.resolve("handler.py"), "# mine\n");
    Cli cli = new Cli(dir);
    assertThat(cli.run("init", "hello", "-t", "python")).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("Error: " + fn + " already exists; refusing to overwrite it "
        + "(choose another name or remove it)\n");
    assertThat(cli.out()).isEmpty();
    assertThat(Files.readString(fn.resolve("handler.py"))).isEqualTo("# mine\n");
    assertThat(fn.resolve("fn.config.json")).doesNotExist();
  }

  @Test
  void an_empty_existing_folder_is_used() throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    assertThat(new Cli(dir).run("init", "empty", "-t", "python")).isZero();
    assertThat(dir.resolve("empty/handler.py")).exists();
  }

  @Test
  void unknown_template_fails_before_creating_anything() {
    Cli cli = new Cli(dir);
    assertThat(cli.run("init", "hello", "-t", "cobol")).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("Error: Unknown template: cobol. Supported templates: python, node\n");
    assertThat(dir.resolve("hello")).doesNotExist();
  }

  @Test
  void template_names_are_trimmed_and_case_insensitive() {
    assertThat(new Cli(dir).run("init", "up", "--template", " PYTHON ")).isZero();
    assertThat(dir.resolve("up/handler.py")).exists();
  }

  @Test
  void unsafe_names_are_rejected() {
    for (String bad : new String[] {"../escape", "/abs", "_private", ".hidden", "a//b", "sp ace", ""}) {
      Cli cli = new Cli(dir);
      assertThat(cli.run("init", bad)).as(bad).isEqualTo(1);
      assertThat(cli.err()).as(bad).startsWith("Error: invalid function name '" + bad + "'");
    }
    assertThat(dir.getParent().resolve("escape")).doesNotExist();
  }

  @Test
  void scaffolded_functions_are_served_and_documented() throws Exception {
    assertThat(new Cli(dir).run("init", "pyhello", "-t", "python")).isZero();
    assertThat(new Cli(dir).run("init", "nodehello", "-t", "node")).isZero();
    // The scaffold pins timeout_ms 2500; a cold start on a loaded CI machine can take longer.
    for (String fn : new String[] {"pyhello", "nodehello"}) {
      Path config = dir.resolve(fn).resolve("fn.config.json");
      Files.writeString(config, Files.readString(config).replace("\"timeout_ms\": 2500", "\"timeout_ms\": 30000"));
    }
    try (TestServer server = TestServer.start(dir, Map.of())) {
      HttpResponse<String> py = server.get("/pyhello?name=Ada");
      assertThat(py.statusCode()).as(py.body()).isEqualTo(200);
      assertThat(TestServer.json(py).path("message").asString()).isEqualTo("Hello, Ada!");
      HttpResponse<String> node = server.request("POST", "/nodehello", "{}", "Content-Type", "application/json");
      assertThat(node.statusCode()).as(node.body()).isEqualTo(200);
      assertThat(TestServer.json(node).path("method").asString()).isEqualTo("POST");
      JsonNode doc = TestServer.json(server.get("/_fn/openapi.json"));
      assertThat(doc.at("/paths/~1pyhello/get/summary").asString()).isEqualTo("GET pyhello function");
      assertThat(doc.at("/paths/~1nodehello/post/requestBody").isObject()).isTrue();
    }
  }
}
