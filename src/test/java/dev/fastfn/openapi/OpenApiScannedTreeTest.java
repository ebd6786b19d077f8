package dev.fastfn.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.fastfn.testing.TestServer;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The document a real server generates from a scanned tree with every routing form (the conformance
 * "main" tree): file routes, index, [id], post.[id], [...path], private files, fn.routes.json,
 * runtime-scoped functions with versions, configured :id / {id} routes with summary and query.
 */
class OpenApiScannedTreeTest {
  @TempDir
  static Path root;
  static TestServer server;

  static String nodeJson(String expr) {
    return "exports.handler = async (event) => {\n  const params = event.params || {};\n"
        + "  return { status: 200, headers: { \"Content-Type\": \"application/json\" }, body: JSON.stringify(" + expr
        + ") };\n};\n";
  }

  @BeforeAll
  static void start() {
    TestServer.write(root, Map.ofEntries(
        Map.entry("get.hello.py", "def handler(event):\n    return {'hello': 'world'}\n"),
        Map.entry("get.echo.py", "def handler(event):\n    return {'m': event.get('method')}\n"),
        Map.entry("post.echo.js", nodeJson("{ m: event.method }")),
        Map.entry("items/index.js", nodeJson("{ route: 'items-index' }")),
        Map.entry("items/[id].js", nodeJson("{ id: params.id }")),
        Map.entry("items/post.[id].js", nodeJson("{ id: params.id }")),
        Map.entry("files/[...path].py", "def handler(event):\n    return {'path': (event.get('params') or {}).get('path')}\n"),
        Map.entry("shop/get.js", "const helper = require('./_helper');\nexports.handler = async () => ({ h: helper.label });\n"),
        Map.entry("shop/_helper.js", "exports.label = 'x';\n"),
        Map.entry("_private/get.secret.js", nodeJson("{ leaked: true }")),
        Map.entry("mf/fn.routes.json", "{\"routes\": {\"GET /manifest/list\": \"handlers/list.js\", "
            + "\"POST /manifest/list\": \"handlers/create.py\"}}"),
        Map.entry("mf/handlers/list.js", nodeJson("{ op: 'list' }")),
        Map.entry("mf/handlers/create.py", "def handler(event):\n    return {'op': 'create'}\n"),
        Map.entry("node/greet/handler.js", nodeJson("{ v: 1 }")),
        Map.entry("node/greet/v2/handler.js", nodeJson("{ v: 2 }")),
        Map.entry("node/routed/fn.config.json", "{\"invoke\": {\"methods\": [\"GET\", \"POST\"], \"summary\": \"Routed demo\","
            + " \"query\": {\"q\": \"search\"}, \"routes\": [\"/api/routed/:id\", \"/api/brace/{id}\"]}}"),
        Map.entry("node/routed/handler.js", nodeJson("{ routed: true }")),
        Map.entry("python/hinted/handler.py", "# @summary Hinted by a comment\n"
            + "# @query {\"page\": 2}\ndef handler(event):\n    return {}\n")));
    server = TestServer.start(root, Map.of());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode doc() {
    return TestServer.json(server.get("/_fn/openapi.json"));
  }

  private static List<String> keys(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.propertyNames().forEach(out::add);
    return out;
  }

  private static JsonNode param(JsonNode op, String name) {
    for (JsonNode p : op.path("parameters")) {
      if (p.path("name").asString().equals(name)) {
        return p;
      }
    }
    return null;
  }

  @Test
  void every_routing_form_appears_with_its_methods() {
    JsonNode paths = doc().path("paths");
    assertThat(keys(paths)).contains("/hello", "/echo", "/items", "/items/{id}", "/files/{path}", "/shop",
        "/manifest/list", "/greet", "/api/routed/{id}", "/api/brace/{id}", "/hinted");
    assertThat(keys(paths.path("/hello"))).containsExactly("get");
    assertThat(keys(paths.path("/echo"))).containsExactlyInAnyOrder("get", "post");
    assertThat(keys(paths.path("/items/{id}"))).containsExactlyInAnyOrder("get", "post");
    assertThat(keys(paths.path("/manifest/list"))).containsExactlyInAnyOrder("get", "post");
    assertThat(keys(paths.path("/api/routed/{id}"))).containsExactlyInAnyOrder("get", "post");
    assertThat(keys(paths)).noneMatch(p -> p.startsWith("/_fn") || p.contains(":") || p.contains("*"))
        .noneMatch(p -> p.contains("private") || p.contains("_helper") || p.contains("secret"));
  }

  @Test
  void parameters_ids_summaries_and_bodies_follow_the_contract() {
    JsonNode d = doc();
    assertThat(param(d.at("/paths/~1items~1{id}/get"), "id").path("in").asString()).isEqualTo("path");
    assertThat(param(d.at("/paths/~1files~1{path}/get"), "path").path("in").asString()).isEqualTo("path");
    assertThat(param(d.at("/paths/~1api~1brace~1{id}/get"), "id").path("in").asString()).isEqualTo("path");
    assertThat(d.at("/paths/~1greet/get/operationId").asString()).isEqualTo("get_node_greet_default");
    assertThat(d.at("/paths/~1api~1routed~1{id}/post/operationId").asString()).isEqualTo("post_node_routed_default");
    assertThat(d.at("/paths/~1api~1routed~1{id}/get/summary").asString()).contains("Routed demo");
    assertThat(param(d.at("/paths/~1api~1routed~1{id}/get"), "q").path("in").asString()).isEqualTo("query");
    assertThat(d.at("/paths/~1api~1routed~1{id}/post/requestBody").isObject()).isTrue();
    assertThat(d.at("/paths/~1api~1routed~1{id}/get").has("requestBody")).isFalse();
    assertThat(d.at("/paths/~1greet/get/responses/200").isObject()).isTrue();
    assertThat(d.at("/paths/~1hinted/get/summary").asString()).isEqualTo("GET Hinted by a comment");
    assertThat(param(d.at("/paths/~1hinted/get"), "page").at("/schema/type").asString()).isEqualTo("integer");
  }

  @Test
  void document_is_valid_openapi_3_1() throws Exception {
    Schema schema;
    try (InputStream in = getClass().getResourceAsStream("/openapi/oas-3.1-schema-2025-11-23.json")) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in, InputFormat.JSON);
    }
    assertThat(schema.validate(doc())).isEmpty();
  }

  @Test
  void document_follows_file_changes_after_a_rescan() {
    TestServer.write(root, Map.of("get.fresh.py", "def handler(event):\n    return {'fresh': 1}\n"));
    server.app().catalogs().rescan();
    assertThat(doc().path("paths").has("/fresh")).isTrue();
  }

  @Test
  void a_function_that_owns_docs_wins_over_swagger_ui(@TempDir Path other) {
    TestServer.write(other, Map.of("get.docs.js", nodeJson("{ owner: 'user' }")));
    try (TestServer s = TestServer.start(other, Map.of("FN_DEFAULT_TIMEOUT_MS", "30000"))) {
      assertThat(TestServer.json(s.get("/docs")).path("owner").asString()).isEqualTo("user");
      assertThat(s.get("/_fn/docs").body()).containsIgnoringCase("swagger");
      assertThat(TestServer.json(s.get("/openapi.json")).at("/paths/~1docs/get").isObject()).isTrue();
    }
  }
}
