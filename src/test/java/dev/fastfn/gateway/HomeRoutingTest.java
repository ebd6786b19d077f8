package dev.fastfn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code /} answers (routing.md §7.1), on a real server with real workers. */
class HomeRoutingTest {
  /** Echoes what the handler was asked, so a test sees which path and query {@code /} ran. */
  private static final String ECHO = """
      def handler(event):
          return {"fn": "hello", "path": event.get("path"), "query": event.get("query") or {}}
      """;

  @TempDir
  Path root;

  private TestServer start(Map<String, String> files, Map<String, String> env) {
    TestServer.write(root, files);
    return TestServer.start(root, env);
  }

  @Test
  void a_tree_with_routes_gets_the_landing_page_listing_them() {
    try (TestServer s = start(Map.of(
        "get.hello.py", ECHO,
        "users/[id]/get.py", ECHO,
        "post.submit.py", ECHO), Map.of())) {
      HttpResponse<String> r = s.get("/");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(r.body())
          .contains("<title>fastfn</title>")
          .contains("3 routes")
          .contains("GET</span> <a href=\"/hello\">/hello</a>")
          .contains("GET</span> <code>/users/:id</code>") // a pattern is no link
          .contains("POST</span> <code>/submit</code>")
          .contains("<a href=\"/_fn/docs\">")
          .doesNotContain("<script");
      assertThat(s.get("/?utm=x").statusCode()).isEqualTo(200);
      assertThat(s.get("/hello").body()).contains("\"fn\":\"hello\""); // other paths route as before
    }
  }

  @Test
  void head_gets_the_page_headers_without_a_body_and_other_methods_get_405() {
    try (TestServer s = start(Map.of("get.hello.py", ECHO), Map.of())) {
      HttpResponse<String> head = s.request("HEAD", "/", null);
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();

      HttpResponse<String> post = s.request("POST", "/", "{}");
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
      assertThat(post.body()).isEqualTo("{\"error\":\"method not allowed\",\"allowed_methods\":[\"GET\",\"HEAD\"]}");
    }
  }

  @Test
  void an_empty_tree_gets_404_not_the_landing_page() throws Exception {
    Files.writeString(root.resolve("README.md"), "no functions here\n");
    try (TestServer s = TestServer.start(root)) {
      HttpResponse<String> r = s.get("/");

      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(r.body()).isEqualTo("{\"error\":\"not found\"}");
    }
  }

  @Test
  void fn_home_function_runs_that_path_for_slash_before_the_root_config() {
    try (TestServer s = start(Map.of(
        "get.hello.py", ECHO,
        "fn.config.json", "{\"home\": {\"redirect\": \"/elsewhere\"}}"), Map.of("FN_HOME_FUNCTION", "hello?lang=en"))) {
      HttpResponse<String> r = s.get("/");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"fn\":\"hello\"", "\"path\":\"/hello\"", "\"lang\":\"en\"");
      assertThat(r.headers().firstValue("Location")).isEmpty();
    }
  }

  @Test
  void without_a_query_of_its_own_the_home_function_gets_the_request_query() {
    try (TestServer s = start(Map.of("get.hello.py", ECHO), Map.of("FN_HOME_FUNCTION", "/hello"))) {
      assertThat(s.get("/?name=ada").body()).contains("\"name\":\"ada\"");
    }
  }

  @Test
  void fn_home_redirect_answers_302_with_the_location_and_an_invalid_function_is_skipped() {
    try (TestServer s = start(Map.of("get.hello.py", ECHO), Map.of(
        "FN_HOME_FUNCTION", "https://example.com/not-a-path",
        "FN_HOME_REDIRECT", "https://example.com/welcome"))) {
      HttpResponse<String> r = s.send(HttpRequest.newBuilder(URI.create(s.base() + "/")).GET().build());

      assertThat(r.statusCode()).isEqualTo(302);
      assertThat(r.headers().firstValue("Location")).hasValue("https://example.com/welcome");
      assertThat(r.body()).isEmpty();
    }
  }

  @Test
  void root_config_home_route_makes_that_function_answer_slash_instead_of_the_landing_page() {
    try (TestServer s = start(Map.of(
        "get.hello.py", ECHO,
        "fn.config.json", "{\"home\": {\"route\": \"/hello\", \"redirect\": \"/ignored\"}}"), Map.of())) {
      HttpResponse<String> r = s.get("/");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(r.body()).contains("\"fn\":\"hello\"", "\"path\":\"/hello\"").doesNotContain("<html");
    }
  }

  @Test
  void root_config_home_redirect_answers_302_with_a_local_location() {
    try (TestServer s = start(Map.of(
        "get.hello.py", ECHO,
        "fn.config.json", "{\"home\": {\"redirect\": \"_fn/docs/\"}}"), Map.of())) {
      HttpResponse<String> r = s.get("/");

      assertThat(r.statusCode()).isEqualTo(302);
      assertThat(r.headers().firstValue("Location")).hasValue("/_fn/docs");
    }
  }

  @Test
  void a_root_index_file_never_takes_slash_from_the_home() {
    // routing.md §2: root index/handler/get files would route "/", which only the home serves.
    try (TestServer s = start(Map.of(
        "index.py", "def handler(event):\n    return {'fn': 'index'}\n",
        "get.hello.py", ECHO,
        "fn.config.json", "{\"home\": \"/hello\"}"), Map.of())) {
      assertThat(s.get("/").body()).contains("\"fn\":\"hello\"").doesNotContain("index");
    }
  }

  @Test
  void a_home_path_with_no_route_gets_the_plain_404() {
    try (TestServer s = start(Map.of("get.hello.py", ECHO), Map.of("FN_HOME_FUNCTION", "/missing"))) {
      HttpResponse<String> r = s.get("/");

      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).isEqualTo("{\"error\":\"not found\"}");
    }
  }
}
