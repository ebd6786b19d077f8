package dev.fastfn.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class DocsEndpointsTest {
  @TempDir
  static Path root;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(root, Map.of());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path, String... headers) {
    return server.request("GET", path, null, headers);
  }

  @Test
  void openapi_json_is_served_at_both_paths_as_json() {
    for (String path : new String[] {"/_fn/openapi.json", "/openapi.json"}) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonNode doc = TestServer.json(r);
      assertThat(doc.path("openapi").asString()).isEqualTo("3.1.0");
      assertThat(doc.path("paths").isObject()).isTrue();
      assertThat(doc.path("servers").get(0).path("url").asString()).isEqualTo("http://127.0.0.1:" + server.port());
    }
  }

  @Test
  void server_url_follows_the_host_and_forwarded_headers() {
    HttpRequest viaHost = HttpRequest.newBuilder(URI.create(server.base() + "/_fn/openapi.json"))
        .header("X-Forwarded-Host", "api.local.test").build();
    assertThat(TestServer.json(server.send(viaHost)).at("/servers/0/url").asString()).isEqualTo("http://api.local.test");
    HttpRequest viaProxy = HttpRequest.newBuilder(URI.create(server.base() + "/_fn/openapi.json"))
        .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "api.proxy.test").build();
    assertThat(TestServer.json(server.send(viaProxy)).at("/servers/0/url").asString()).isEqualTo("https://api.proxy.test");
  }

  @Test
  void openapi_answers_only_get_and_head() {
    HttpResponse<String> r = server.request("POST", "/_fn/openapi.json", "{}");
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.body()).isEqualTo("{\"error\":\"method not allowed\",\"allowed_methods\":[\"GET\",\"HEAD\"]}");
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(server.request("HEAD", "/_fn/openapi.json", null).statusCode()).isEqualTo(200);
  }

  @Test
  void swagger_ui_page_is_served_at_fn_docs_and_docs() {
    for (String path : new String[] {"/_fn/docs", "/_fn/docs/", "/docs"}) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(r.body()).contains("<title>fastfn Swagger UI</title>", "/_fn/openapi.json",
          "/_fn/docs/swagger-ui-bundle.js");
      assertThat(r.body()).doesNotContain("unpkg", "jsdelivr", "http://", "https://");
    }
  }

  @Test
  void swagger_ui_assets_come_from_the_jar() {
    HttpResponse<String> js = get("/_fn/docs/swagger-ui-bundle.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(js.body().length()).isGreaterThan(500_000);
    assertThat(get("/_fn/docs/swagger-ui.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    assertThat(get("/_fn/docs/fastfn-init.js").body()).contains("SwaggerUIBundle(", "data-spec-url");
    assertThat(get("/_fn/docs/favicon-32x32.png").statusCode()).isEqualTo(200);
  }

  @Test
  void unknown_or_traversing_asset_names_are_404() {
    for (String path : new String[] {"/_fn/docs/nope.js", "/_fn/docs/%2e%2e/x", "/_fn/docs/..%2fpom.xml",
        "/_fn/docs/swagger-ui-es-bundle.js", "/_fn/docs/sub/swagger-ui.css"}) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
    }
    assertThat(get("/_fn/docs/nope.js").body()).isEqualTo("{\"error\":\"not found\"}");
  }

  @Test
  void docs_disabled_turns_every_docs_path_into_404() {
    try (TestServer off = TestServer.start(root, Map.of("FN_DOCS_ENABLED", "0"))) {
      for (String path : new String[] {"/_fn/openapi.json", "/openapi.json", "/_fn/docs", "/_fn/docs/swagger-ui.css"}) {
        HttpResponse<String> r = off.get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"error\":\"docs disabled\"}");
      }
      assertThat(off.get("/docs").statusCode()).isEqualTo(404);
      assertThat(off.get("/_fn/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void public_base_url_and_internal_paths_come_from_the_config() {
    try (TestServer s = TestServer.start(root, Map.of("FN_PUBLIC_BASE_URL", "https://api.fastfn.example/",
        "FN_OPENAPI_INCLUDE_INTERNAL", "1"))) {
      HttpRequest req = HttpRequest.newBuilder(URI.create(s.base() + "/_fn/openapi.json"))
          .header("X-Forwarded-Host", "random.local").build();
      JsonNode doc = TestServer.json(s.send(req));
      assertThat(doc.at("/servers/0/url").asString()).isEqualTo("https://api.fastfn.example");
      assertThat(doc.path("paths").has("/_fn/logs")).isTrue();
      assertThat(doc.path("paths").has("/_fn/invoke")).isTrue();
    }
  }
}
