package dev.fastfn.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.FunctionGroup;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.discovery.RouteEntry;
import dev.fastfn.discovery.TestTrees;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fixture tree of the conformance "main" profile (shared/conformance/cases_public.py): routes,
 * catalog and policies as the black-box cases expect them.
 */
class MainProfileTest {
  @TempDir
  static Path root;

  static Catalog catalog;
  static final Router ROUTER = new Router();

  @BeforeAll
  static void scan() {
    TestTrees.write(root, TestTrees.files(
        "get.hello.py", "get.echo.py", "post.echo.js",
        "items/index.js", "items/[id].js", "items/post.[id].js",
        "files/[...path].py", "widgets/handler.js",
        "shop/get.js=const helper = require(\"./_helper\");\nexports.handler = async () => ({ helper: helper.label });\n",
        "shop/_helper.js=exports.label = \"from-helper\";\n",
        "_private/get.secret.js",
        "mf/fn.routes.json={\"routes\": {\"GET /manifest/list\": \"handlers/list.js\", \"POST /manifest/list\": \"handlers/create.py\"}}",
        "mf/handlers/list.js", "mf/handlers/create.py",
        "node/greet/handler.js", "node/greet/v2/handler.js", "python/pyinfo/handler.py",
        "node/routed/fn.config.json={\"invoke\": {\"methods\": [\"GET\", \"POST\"], \"summary\": \"Routed demo\","
            + " \"query\": {\"q\": \"search\"}, \"routes\": [\"/api/routed/:id\", \"/api/brace/{id}\"]}}",
        "node/routed/handler.js", "node/envfn/handler.js",
        "node/envfn/fn.env.json={\"GREETING\": \"hola\", \"FIXTURE_API_KEY\": {\"value\": \"k-123\", \"is_secret\": true}}",
        "python/pyenv/handler.py", "python/pyenv/fn.env.json={\"GREETING\": \"ciao\"}",
        "resp/get.dict.py", "resp/get.envelope.py", "resp/get.binary.py", "resp/get.bytes.py", "resp/get.text.js",
        "resp/get.html.js", "resp/get.object.js", "resp/get.buffer.js", "resp/get.headers.js", "resp/get.status.py",
        "node/slowpoke/handler.js", "node/slowpoke/fn.config.json={\"timeout_ms\": 400}",
        "node/tinybody/handler.js", "node/tinybody/fn.config.json={\"max_body_bytes\": 64, \"invoke\": {\"methods\": [\"POST\"]}}",
        "node/bigbody/handler.js", "node/bigbody/fn.config.json={\"invoke\": {\"methods\": [\"POST\"]}}",
        "node/single/handler.js", "node/single/fn.config.json={\"max_concurrency\": 1, \"timeout_ms\": 5000}",
        "node/wide/handler.js", "node/sleepy/handler.js",
        "python/pyslow/handler.py", "python/pyslow/fn.config.json={\"timeout_ms\": 500}",
        "things/[id].py", "gadgets/[id].js", "resp/get.tuple.py", "resp/get.statuscode.js", "resp/get.number.js",
        "logs/get.noisy.py", "logs/get.noisy-js.js"));
    catalog = TestTrees.scan(root, Map.of("FN_CONSOLE_WRITE_ENABLED", "1"));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      GET    | /hello?name=Ana               | python/get.hello.py@default
      GET    | /items                        | node/items/index.js@default
      GET    | /items/abc                    | node/items/[id].js@default {id=abc}
      POST   | /items/abc                    | node/items/post.[id].js@default {id=abc}
      GET    | /files/docs/2024/report.pdf   | python/files/[...path].py@default {path=docs/2024/report.pdf}
      GET    | /widgets                      | node/widgets/handler.js@default
      POST   | /echo                         | node/post.echo.js@default
      GET    | /echo                         | python/get.echo.py@default
      GET    | /manifest/list                | node/mf/handlers/list.js@default
      POST   | /manifest/list                | python/mf/handlers/create.py@default
      GET    | /greet                        | node/greet@default
      GET    | /greet@v2                     | node/greet@v2
      GET    | /greet@v9                     | 404
      GET    | /greet/x/y                    | node/greet@default {wildcard=x/y}
      GET    | /api/routed/7                 | node/routed@default {id=7}
      GET    | /api/brace/8                  | node/routed@default {id=8}
      GET    | /routed                       | 404
      GET    | /no/such/route                | 404
      DELETE | /hello                        | 405 GET
      POST   | /greet                        | 405 GET
      PUT    | /items/1                      | 405 GET,POST
      GET    | /shop/helper                  | 404
      GET    | /shop                         | node/shop/get.js@default
      GET    | /private/secret               | 404
      GET    | /_private/secret              | 404
      GET    | /fastfn.json                  | 404
      GET    | /_fn/no-such-endpoint         | 404
      GET    | /hello/                       | python/get.hello.py@default
      GET    | /things/9                     | python/things/[id].py@default {id=9}
      GET    | /gadgets/x1                   | node/gadgets/[id].js@default {id=x1}
      GET    | /envfn                        | node/envfn@default
      GET    | /pyenv                        | python/pyenv@default
      GET    | /slowpoke?ms=10               | node/slowpoke@default
      POST   | /tinybody                     | node/tinybody@default
      GET    | /tinybody                     | 405 POST
      POST   | /bigbody                      | node/bigbody@default
      GET    | /single                       | node/single@default
      GET    | /pyslow                       | python/pyslow@default
      GET    | /pyinfo                       | python/pyinfo@default
      GET    | /resp/statuscode              | node/resp/get.statuscode.js@default
      GET    | /logs/noisy-js                | node/logs/get.noisy-js.js@default
      GET    | /nothing-here                 | 404
      """)
  void routes_of_the_main_profile(String method, String path, String expected) {
    assertThat(RoutingCasesTest.render(ROUTER.match(catalog, method, "127.0.0.1:8080", path))).isEqualTo(expected);
  }

  @Test
  void catalog_lists_routes_and_no_conflicts_or_problems() {
    List<RouteEntry> hello = catalog.mappedRoutes().get("/hello");
    assertThat(hello).extracting(RouteEntry::functionKey, RouteEntry::methods, RouteEntry::rank)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("python/get.hello.py@default", List.of("GET"), 1));
    assertThat(catalog.mappedRoutes()).containsKeys("/items/:id", "/greet", "/greet/*", "/api/routed/:id",
        "/api/brace/:id");
    assertThat(catalog.mappedRoutes()).doesNotContainKeys("/private/secret", "/shop/helper", "/routed");
    assertThat(catalog.mappedRoutes().get("/greet").get(0).functionKey()).isEqualTo("node/greet@default");
    assertThat(catalog.mappedRoutes().get("/manifest/list")).extracting(RouteEntry::functionKey)
        .containsExactly("node/mf/handlers/list.js@default", "python/mf/handlers/create.py@default");
    assertThat(catalog.mappedRoutes().get("/items/:id")).extracting(RouteEntry::functionKey)
        .containsExactly("node/items/[id].js@default", "node/items/post.[id].js@default");
    assertThat(catalog.conflicts()).isEmpty();
    assertThat(catalog.problems()).isEmpty();
    assertThat(catalog.runtimeOrder()).containsExactly(RuntimeKind.PYTHON, RuntimeKind.NODE);
    assertThat(catalog.dynamicRoutes()).first().isEqualTo("/api/brace/:id");
    assertThat(catalog.dynamicRoutes()).containsSubsequence("/items/:id", "/files/:path*", "/greet/*", "/wide/*");
  }

  @Test
  void groups_hold_functions_with_versions_and_file_targets() {
    assertThat(catalog.groups().get(RuntimeKind.NODE)).extracting(FunctionGroup::name)
        .contains("greet", "routed", "envfn", "items/[id].js", "mf/handlers/list.js", "node/greet/v2/handler.js")
        .isSorted();
    assertThat(catalog.groups().get(RuntimeKind.PYTHON)).extracting(FunctionGroup::name)
        .contains("pyinfo", "pyenv", "get.hello.py");
    FunctionGroup greet = catalog.group(RuntimeKind.NODE, "greet");
    assertThat(greet.versionLabels()).containsExactly("v2");
    assertThat(greet.hasDefault()).isTrue();
    FunctionSpec v2 = greet.version("v2");
    assertThat(v2.key()).isEqualTo("node/greet@v2");
    assertThat(v2.functionDir()).isEqualTo(catalog.root().resolve("node/greet/v2"));
    assertThat(v2.entryFile()).isEqualTo(catalog.root().resolve("node/greet/v2/handler.js"));
    assertThat(v2.sourceDir()).isEqualTo("node/greet/v2");
    assertThat(greet.defaultSpec().sourceDir()).isEqualTo("node/greet");
    FunctionSpec hello = catalog.function("python/get.hello.py@default");
    assertThat(hello.kind()).isEqualTo(FunctionSpec.Kind.FILE);
    assertThat(hello.name()).isEqualTo("get.hello.py");
    assertThat(hello.functionDir()).isEqualTo(catalog.root());
    assertThat(hello.sourceDir()).isEqualTo(".");
    assertThat(catalog.lookup(null, "greet", "v2")).isInstanceOf(Catalog.Lookup.Found.class);
  }

  @Test
  void policies_come_from_fn_config_json_with_defaults() {
    FunctionSpec routed = catalog.function("node/routed@default");
    assertThat(routed.policy().methods()).containsExactly("GET", "POST");
    assertThat(routed.policy().routes()).containsExactly("/api/routed/:id", "/api/brace/:id");
    assertThat(routed.meta().summary()).isEqualTo("Routed demo");
    assertThat(routed.meta().query().toString()).isEqualTo("{\"q\":\"search\"}");
    assertThat(catalog.function("node/slowpoke@default").policy().timeoutMs()).isEqualTo(400);
    assertThat(catalog.function("node/tinybody@default").policy())
        .satisfies(p -> assertThat(p.maxBodyBytes()).isEqualTo(64))
        .satisfies(p -> assertThat(p.methods()).containsExactly("POST"));
    assertThat(catalog.function("node/single@default").policy())
        .satisfies(p -> assertThat(p.maxConcurrency()).isEqualTo(1))
        .satisfies(p -> assertThat(p.timeoutMs()).isEqualTo(5000));
    assertThat(catalog.function("python/pyslow@default").policy().timeoutMs()).isEqualTo(500);
    assertThat(catalog.function("node/wide@default").policy())
        .satisfies(p -> assertThat(p.timeoutMs()).isEqualTo(2500))
        .satisfies(p -> assertThat(p.maxConcurrency()).isEqualTo(20))
        .satisfies(p -> assertThat(p.maxBodyBytes()).isEqualTo(1048576))
        .satisfies(p -> assertThat(p.workerPool()).isNull())
        .satisfies(p -> assertThat(p.handlerName()).isEqualTo("handler"))
        .satisfies(p -> assertThat(p.adapter()).isEqualTo("native"));
    assertThat(catalog.function("python/get.hello.py@default").policy().methods()).containsExactly("GET");
    assertThat(catalog.function("node/items/post.[id].js@default").policy().methods()).containsExactly("POST");
  }

  @Test
  void env_comes_from_fn_env_json_next_to_the_entry() {
    FunctionSpec envfn = catalog.function("node/envfn@default");
    assertThat(envfn.env()).containsExactlyInAnyOrderEntriesOf(Map.of("GREETING", "hola", "FIXTURE_API_KEY", "k-123"));
    assertThat(envfn.secretKeys()).containsExactly("FIXTURE_API_KEY");
    assertThat(catalog.function("python/pyenv@default").env()).containsExactly(Map.entry("GREETING", "ciao"));
    assertThat(catalog.function("node/greet@default").env()).isEmpty();
  }
}
