package dev.fastfn.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class OpenApiBuilderTest {
  private final Catalog catalog = Fixtures.mainTree();
  private final ObjectNode doc = new OpenApiBuilder(false).build(catalog, "http://api.local.test");

  private static JsonNode param(JsonNode op, String name) {
    for (JsonNode p : op.path("parameters")) {
      if (p.path("name").asString().equals(name)) {
        return p;
      }
    }
    return null;
  }

  private static List<String> keys(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.propertyNames().forEach(out::add);
    return out;
  }

  @Test
  void document_skeleton_has_version_info_server_and_functions_tag_only() {
    assertThat(doc.path("openapi").asString()).isEqualTo("3.1.0");
    assertThat(doc.path("info").path("title").asString()).isEqualTo("fastfn API");
    assertThat(doc.path("info").path("version").asString()).isEqualTo("1.0.0");
    assertThat(doc.path("servers").get(0).path("url").asString()).isEqualTo("http://api.local.test");
    assertThat(doc.path("tags").toString())
        .isEqualTo("[{\"name\":\"functions\",\"description\":\"Invocable functions\"}]");
    assertThat(doc.has("components")).isFalse();
  }

  @Test
  void every_public_route_becomes_one_path_with_braced_parameters() {
    assertThat(keys(doc.path("paths"))).containsExactlyInAnyOrder(
        "/api/brace/{id}", "/api/routed/{id}", "/echo", "/files/{path}", "/greet", "/greet/v2",
        "/greet/{wildcard}", "/hello", "/items", "/items/{id}", "/manifest/list", "/notes/{a}/{b}",
        "/notes/{wildcard}/x/{wildcard2}", "/orders", "/solo");
    assertThat(keys(doc.path("paths"))).noneMatch(p -> p.contains(":") || p.contains("*"));
  }

  @Test
  void conflicted_routes_are_absent() {
    assertThat(doc.path("paths").has("/clash")).isFalse();
  }

  @Test
  void operations_are_exactly_the_allowed_methods_of_every_claim() {
    assertThat(keys(doc.path("paths").path("/hello"))).containsExactly("get");
    assertThat(keys(doc.path("paths").path("/echo"))).containsExactly("get", "post");
    assertThat(keys(doc.path("paths").path("/items/{id}"))).containsExactly("get", "post");
    assertThat(keys(doc.path("paths").path("/manifest/list"))).containsExactly("get", "post");
    assertThat(keys(doc.path("paths").path("/api/routed/{id}"))).containsExactly("get", "post");
    assertThat(keys(doc.path("paths").path("/orders"))).containsExactly("post", "put");
  }

  @Test
  void path_parameters_are_required_strings_and_catch_alls_say_so() {
    JsonNode id = param(doc.at("/paths/~1items~1{id}/get"), "id");
    assertThat(id.toString()).isEqualTo("{\"name\":\"id\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"string\"}}");
    JsonNode path = param(doc.at("/paths/~1files~1{path}/get"), "path");
    assertThat(path.path("in").asString()).isEqualTo("path");
    assertThat(path.path("description").asString()).isEqualTo("Catch-all path parameter; value may include '/' segments.");
    JsonNode w2 = param(doc.at("/paths/~1notes~1{wildcard}~1x~1{wildcard2}/patch"), "wildcard2");
    assertThat(w2.path("required").asBoolean()).isTrue();
    assertThat(param(doc.at("/paths/~1api~1brace~1{id}/get"), "id").path("in").asString()).isEqualTo("path");
  }

  @Test
  void operation_ids_follow_the_reference_rule_and_are_unique() {
    assertThat(doc.at("/paths/~1greet/get/operationId").asString()).isEqualTo("get_node_greet_default");
    assertThat(doc.at("/paths/~1greet~1{wildcard}/get/operationId").asString()).isEqualTo("get_node_greet_default_2");
    assertThat(doc.at("/paths/~1greet~1v2/get/operationId").asString()).isEqualTo("get_node_greet_v2");
    assertThat(doc.at("/paths/~1api~1routed~1{id}/post/operationId").asString()).isEqualTo("post_node_routed_default");
    assertThat(doc.at("/paths/~1items~1{id}/get/operationId").asString()).isEqualTo("get_node_items__id__js_default");
    List<String> ids = new ArrayList<>();
    doc.path("paths").forEach(item -> item.forEach(op -> ids.add(op.path("operationId").asString())));
    assertThat(ids).doesNotHaveDuplicates().allMatch(s -> s.matches("[A-Za-z0-9_]+"));
  }

  @Test
  void summary_comes_from_invoke_summary_else_names_the_function() {
    assertThat(doc.at("/paths/~1api~1routed~1{id}/get/summary").asString()).isEqualTo("GET Routed demo");
    assertThat(doc.at("/paths/~1hello/get/summary").asString()).isEqualTo("GET invoke python/get.hello.py");
    assertThat(doc.at("/paths/~1greet~1v2/get/summary").asString()).isEqualTo("GET invoke node/greet@v2");
    assertThat(doc.at("/paths/~1hello/get/tags").toString()).isEqualTo("[\"functions\"]");
  }

  @Test
  void query_examples_become_sorted_optional_query_parameters_typed_by_value() {
    JsonNode op = doc.at("/paths/~1api~1routed~1{id}/get");
    List<String> names = new ArrayList<>();
    op.path("parameters").forEach(p -> names.add(p.path("name").asString()));
    assertThat(names).containsExactly("id", "exact", "limit", "q", "ratio", "tags");
    assertThat(param(op, "q").toString()).isEqualTo(
        "{\"name\":\"q\",\"in\":\"query\",\"required\":false,\"schema\":{\"type\":\"string\"},\"example\":\"search\"}");
    assertThat(param(op, "limit").at("/schema/type").asString()).isEqualTo("integer");
    assertThat(param(op, "exact").at("/schema/type").asString()).isEqualTo("boolean");
    assertThat(param(op, "ratio").at("/schema/type").asString()).isEqualTo("number");
    assertThat(param(op, "tags").at("/schema/type").asString()).isEqualTo("string");
    assertThat(param(op, "tags").path("example").asString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(doc.at("/paths/~1hello/get").has("parameters")).isFalse();
  }

  @Test
  void request_body_only_for_body_methods() {
    assertThat(doc.at("/paths/~1api~1routed~1{id}/get").has("requestBody")).isFalse();
    assertThat(doc.at("/paths/~1api~1routed~1{id}/post/requestBody/required").asBoolean(true)).isFalse();
    assertThat(doc.at("/paths/~1api~1routed~1{id}/post/requestBody/content/application~1json/schema/oneOf")
        .size()).isEqualTo(6);
    assertThat(doc.at("/paths/~1notes~1{a}~1{b}/delete").has("requestBody")).isTrue();
  }

  @Test
  void body_example_drives_the_json_schema_and_primary_example() {
    JsonNode content = doc.at("/paths/~1orders/put/requestBody/content");
    assertThat(keys(content)).containsExactly("application/json");
    assertThat(content.at("/application~1json/examples/primary/value").toString())
        .isEqualTo("{\"sku\":\"A-1\",\"qty\":2,\"gift\":false}");
    assertThat(content.at("/application~1json/schema/properties/qty/type").asString()).isEqualTo("integer");
    assertThat(content.at("/application~1json/schema/properties/gift/type").asString()).isEqualTo("boolean");
  }

  @Test
  void other_content_types_keep_their_key_and_a_text_example() {
    JsonNode content = doc.at("/paths/~1notes~1{a}~1{b}/patch/requestBody/content");
    assertThat(content.toString()).isEqualTo(
        "{\"text/plain\":{\"schema\":{\"type\":\"string\"},\"examples\":{\"primary\":{\"value\":\"remember the milk\"}}}}");
  }

  @Test
  void responses_declare_200_and_the_gateway_errors() {
    JsonNode r = doc.at("/paths/~1greet/get/responses");
    assertThat(keys(r)).containsExactly("200", "404", "405", "413", "429", "502", "503", "504");
    assertThat(r.at("/200/description").asString()).isEqualTo("Function response payload");
    assertThat(r.at("/504/content/application~1json/schema/required").toString()).isEqualTo("[\"error\"]");
  }

  @Test
  void internal_paths_are_absent_by_default_and_complete_when_included() {
    assertThat(keys(doc.path("paths"))).noneMatch(p -> p.startsWith("/_fn"));
    ObjectNode internal = new OpenApiBuilder(true).build(catalog, "http://x");
    assertThat(keys(internal.path("paths"))).contains("/_fn/function", "/_fn/function-config", "/_fn/function-env",
        "/_fn/function-code", "/_fn/invoke", "/_fn/jobs", "/_fn/jobs/{id}", "/_fn/jobs/{id}/result", "/_fn/logs",
        "/_fn/ui-state", "/_fn/health", "/_fn/openapi.json", "/_fn/docs", "/hello");
    assertThat(internal.path("tags").get(0).path("name").asString()).isEqualTo("internal");
    JsonNode fnGet = internal.at("/paths/~1_fn~1function/get");
    assertThat(param(fnGet, "runtime").path("required").asBoolean()).isTrue();
    assertThat(param(fnGet, "name").path("required").asBoolean()).isTrue();
    assertThat(param(fnGet, "version").path("required").asBoolean()).isFalse();
    assertThat(param(fnGet, "include_code").at("/schema/default").asString()).isEqualTo("1");
    assertThat(param(internal.at("/paths/~1_fn~1jobs/get"), "limit").at("/schema/default").asInt()).isEqualTo(50);
    JsonNode jobSchema = internal.at("/paths/~1_fn~1jobs/post/requestBody/content/application~1json/schema");
    assertThat(jobSchema.path("required").toString()).isEqualTo("[\"runtime\",\"name\"]");
    assertThat(jobSchema.at("/properties/method/default").asString()).isEqualTo("GET");
    assertThat(jobSchema.at("/properties/max_attempts/default").asInt()).isEqualTo(1);
    assertThat(jobSchema.at("/properties/retry_delay_ms/default").asInt()).isEqualTo(1000);
    assertThat(internal.at("/paths/~1_fn~1jobs~1{id}~1result/get/responses").has("202")).isTrue();
    JsonNode logs = internal.at("/paths/~1_fn~1logs/get");
    assertThat(param(logs, "file").at("/schema/default").asString()).isEqualTo("error");
    assertThat(param(logs, "lines").at("/schema/default").asInt()).isEqualTo(200);
    assertThat(param(logs, "format").at("/schema/default").asString()).isEqualTo("text");
    assertThat(param(logs, "stream").at("/schema/default").asString()).isEqualTo("all");
    for (String q : List.of("runtime", "fn", "version")) {
      assertThat(param(logs, q).path("in").asString()).isEqualTo("query");
    }
    List<String> ids = new ArrayList<>();
    internal.path("paths").forEach(item -> item.forEach(op -> ids.add(op.path("operationId").asString())));
    assertThat(ids).doesNotHaveDuplicates().contains("internal_openapi_get", "internal_logs_get");
  }

  @Test
  void an_empty_catalog_gives_an_empty_paths_object() {
    ObjectNode empty = new OpenApiBuilder(false).build(Catalog.empty(Fixtures.ROOT, List.of(RuntimeKind.NODE)), "http://h");
    assertThat(empty.path("paths").isObject()).isTrue();
    assertThat(empty.path("paths").isEmpty()).isTrue();
  }

  @Test
  void the_same_catalog_always_gives_the_same_document() {
    assertThat(new OpenApiBuilder(false).build(catalog, "http://api.local.test")).isEqualTo(doc);
  }
}
