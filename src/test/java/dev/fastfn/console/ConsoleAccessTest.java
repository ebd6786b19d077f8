package dev.fastfn.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access control, methods, body limits and input validation of the console over real HTTP. None of
 * these depend on discovery or the runtimes: every request here is decided before a function runs.
 */
class ConsoleAccessTest {
  private static final String TOKEN = "t0ken-for-tests";
  private static final String[] JSON = {"Content-Type", "application/json"};

  @TempDir
  Path root;

  private TestServer start(String... env) {
    Map<String, String> m = new HashMap<>();
    m.put("FN_RUNTIMES", "python,node");
    for (int i = 0; i < env.length; i += 2) {
      m.put(env[i], env[i + 1]);
    }
    return TestServer.start(root, m);
  }

  private static void expect(HttpResponse<String> r, int status, String body) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).isEqualTo(body);
  }

  private static String[] headers(String... kv) {
    return kv;
  }

  @Test
  void api_switched_off_hides_guarded_endpoints_but_not_health() {
    try (TestServer s = start("FN_CONSOLE_API_ENABLED", "0", "FN_CONSOLE_WRITE_ENABLED", "1")) {
      expect(s.get("/_fn/catalog"), 404, "{\"error\":\"console api disabled\"}");
      expect(s.request("POST", "/_fn/function?runtime=python&name=nope", "{}", JSON), 404,
          "{\"error\":\"console api disabled\"}");
      expect(s.request("GET", "/_fn/catalog", null, "x-fn-admin-token", TOKEN), 404,
          "{\"error\":\"console api disabled\"}");
      assertThat(s.get("/_fn/health").statusCode()).isEqualTo(200);
      assertThat(s.get("/_fn/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void admin_api_switched_off_answers_404() {
    try (TestServer s = start("FN_ADMIN_API_ENABLED", "0")) {
      expect(s.get("/_fn/ui-state"), 404, "{\"error\":\"admin api disabled\"}");
    }
  }

  @Test
  void forwarded_requests_are_not_local_unless_they_carry_the_admin_token() {
    try (TestServer s = start("FN_ADMIN_TOKEN", TOKEN, "FN_CONSOLE_WRITE_ENABLED", "1")) {
      String[] xff = {"X-Forwarded-For", "203.0.113.7"};
      expect(s.request("GET", "/_fn/catalog", null, xff), 403, "{\"error\":\"console api local-only\"}");
      expect(s.request("GET", "/_fn/catalog", null, "X-Forwarded-For", "127.0.0.1"), 403,
          "{\"error\":\"console api local-only\"}");
      assertThat(s.request("GET", "/_fn/catalog", null, "X-Forwarded-For", "203.0.113.7", "x-fn-admin-token", TOKEN)
          .statusCode()).isEqualTo(200);
      expect(s.request("GET", "/_fn/catalog", null, "X-Forwarded-For", "203.0.113.7", "x-fn-admin-token", "nope"),
          403, "{\"error\":\"console api local-only\"}");
      assertThat(s.request("GET", "/_fn/health", null, xff).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void remote_writes_need_local_access_even_when_reads_are_opened_up() {
    try (TestServer s = start("FN_CONSOLE_LOCAL_ONLY", "0", "FN_CONSOLE_WRITE_ENABLED", "1")) {
      assertThat(s.request("GET", "/_fn/catalog", null, "X-Forwarded-For", "203.0.113.7").statusCode()).isEqualTo(200);
      // local_only off: a remote write passes the guard and reaches the endpoint
      expect(s.request("PUT", "/_fn/function-env?runtime=python&name=nope", "{}", "Content-Type", "application/json",
          "X-Forwarded-For", "203.0.113.7"), 404, "{\"error\":\"unknown function\"}");
    }
    try (TestServer s = start("FN_CONSOLE_WRITE_ENABLED", "1", "FN_CONSOLE_LOCAL_ONLY", "1")) {
      expect(s.request("PUT", "/_fn/function-env?runtime=python&name=nope", "{}", "Content-Type", "application/json",
          "X-Forwarded-For", "203.0.113.7"), 403, "{\"error\":\"console api local-only\"}");
    }
  }

  @Test
  void writes_need_the_write_switch_or_the_admin_token() {
    try (TestServer s = start("FN_ADMIN_TOKEN", TOKEN)) {
      String denied = "{\"error\":\"console write disabled\"}";
      expect(s.request("POST", "/_fn/function?runtime=node&name=acl-one", "{}", JSON), 403, denied);
      expect(s.request("POST", "/_fn/function?runtime=node&name=acl-one", "{}", "Content-Type", "application/json",
          "X-Fn-Request", "1"), 403, denied);
      expect(s.request("PUT", "/_fn/function-config?runtime=node&name=acl-one", "{}", JSON), 403, denied);
      expect(s.request("PUT", "/_fn/function-env?runtime=node&name=acl-one", "{}", JSON), 403, denied);
      expect(s.request("PUT", "/_fn/function-code?runtime=node&name=acl-one", "{}", JSON), 403, denied);
      expect(s.request("DELETE", "/_fn/function?runtime=node&name=acl-one", null), 403, denied);
      expect(s.request("PUT", "/_fn/function-file-content?runtime=node&name=acl-one", "{}", JSON), 403, denied);
      expect(s.request("POST", "/_fn/secrets", "{\"key\":\"NOPE\",\"value\":\"x\"}", JSON), 403, denied);
      expect(s.request("PUT", "/_fn/ui-state", "{\"write_enabled\":true}", JSON), 403, denied);
      expect(s.request("PUT", "/_fn/function-env?runtime=node&name=acl-one", "{}", "Content-Type",
          "application/json", "x-fn-admin-token", "not-the-token"), 403, denied);
      // the token opens writes (the function does not exist, so the endpoint itself answers)
      expect(s.request("PUT", "/_fn/function-env?runtime=node&name=acl-one", "{}", "Content-Type",
          "application/json", "x-fn-admin-token", TOKEN), 404, "{\"error\":\"unknown function\"}");
      expect(s.request("POST", "/_fn/secrets", "{\"key\":\"YES\",\"value\":\"x\"}", "Content-Type",
          "application/json", "x-fn-admin-token", TOKEN), 201, "{\"status\":\"created\",\"key\":\"YES\"}");
      // jobs: POST and DELETE are writes, but a method the endpoint lacks is 405 first (platform.md §2.2)
      expect(s.request("POST", "/_fn/jobs", "{}", JSON), 403, denied);
      expect(s.request("DELETE", "/_fn/jobs/job-1", null), 403, denied);
      String notAllowed = "{\"error\":\"method not allowed\",\"allowed_methods\":";
      HttpResponse<String> put = s.request("PUT", "/_fn/jobs", "{}", JSON);
      expect(put, 405, notAllowed + "[\"GET\",\"POST\"]}");
      assertThat(put.headers().firstValue("Allow")).contains("GET, POST");
      expect(s.request("PATCH", "/_fn/jobs/job-1", "{}", JSON), 405, notAllowed + "[\"GET\",\"DELETE\"]}");
      expect(s.request("DELETE", "/_fn/jobs/job-1/result", null), 405, notAllowed + "[\"GET\"]}");
      expect(s.request("POST", "/_fn/jobs", "{}", "Content-Type", "application/json", "x-fn-admin-token", TOKEN),
          400, "{\"error\":\"name is required\"}");
      // reads and invoke are not writes
      assertThat(s.get("/_fn/catalog").statusCode()).isEqualTo(200);
      expect(s.request("POST", "/_fn/invoke", "{\"runtime\":\"node\",\"name\":\"acl-one\"}", JSON), 404,
          "{\"error\":\"unknown function\"}");
    }
  }

  @Test
  void cross_site_browser_writes_are_refused_and_curl_writes_are_not() {
    try (TestServer s = start("FN_CONSOLE_WRITE_ENABLED", "1")) {
      String path = "/_fn/function-env?runtime=node&name=d1-probe";
      expect(s.request("PUT", path, "{\"MODE\":\"evil\"}", "Content-Type", "application/json", "Sec-Fetch-Site",
          "cross-site", "X-Fn-Request", "1"), 403, "{\"error\":\"cross-site console request refused\"}");
      expect(s.request("DELETE", "/_fn/function?runtime=node&name=d1-probe", null, "Sec-Fetch-Site", "cross-site"),
          403, "{\"error\":\"cross-site console request refused\"}");
      expect(s.request("POST", "/_fn/function?runtime=node&name=d1-evil", "{}", "Content-Type", "application/json",
          "Origin", "http://evil.example", "X-Fn-Request", "1"), 403,
          "{\"error\":\"cross-origin console request refused\"}");
      expect(s.request("POST", "/_fn/invoke", "{\"name\":\"x\"}", "Content-Type", "application/json",
          "Origin", "https://attacker.example"), 403, "{\"error\":\"cross-origin console request refused\"}");
      assertThat(Files.exists(root.resolve("node"))).isFalse();
      // same origin, same-site and plain curl requests pass the guard
      expect(s.request("PUT", path, "{\"MODE\":\"same\"}", "Content-Type", "application/json",
          "Origin", "http://127.0.0.1:" + s.port(), "Sec-Fetch-Site", "same-origin"), 404,
          "{\"error\":\"unknown function\"}");
      expect(s.request("PUT", path, "{\"MODE\":\"plain\"}", JSON), 404, "{\"error\":\"unknown function\"}");
      // reads are never refused for their origin
      assertThat(s.request("GET", "/_fn/catalog", null, "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void x_fn_request_is_accepted_but_never_required() {
    try (TestServer s = start()) {
      assertThat(s.request("POST", "/_fn/reload", null).statusCode()).isEqualTo(200);
      HttpResponse<String> r = s.request("POST", "/_fn/reload", null, "X-Fn-Request", "1");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(TestServer.json(r).get("ok").asBoolean()).isTrue();
      assertThat(TestServer.json(r).get("functions_root").asString()).isEqualTo(s.root().toString());
      assertThat(TestServer.json(r).get("runtime_order").toString()).isEqualTo("[\"python\",\"node\"]");
      assertThat(s.get("/_fn/reload").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void rate_limits_answer_429_with_retry_after() {
    try (TestServer s = start("FN_CONSOLE_RATE_LIMIT_MAX", "3", "FN_CONSOLE_WRITE_RATE_LIMIT_MAX", "1",
        "FN_CONSOLE_WRITE_ENABLED", "1")) {
      for (int i = 0; i < 3; i++) {
        assertThat(s.get("/_fn/catalog").statusCode()).isEqualTo(200);
      }
      HttpResponse<String> r = s.get("/_fn/catalog");
      expect(r, 429, "{\"error\":\"too many console requests, try again later\"}");
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      assertThat(s.get("/_fn/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void login_protects_the_api_when_login_api_is_on() {
    String hash = PasswordHash.pbkdf2("s3cret", new byte[16], 100_000);
    try (TestServer s = start("FN_CONSOLE_LOGIN_ENABLED", "1", "FN_CONSOLE_LOGIN_API", "1",
        "FN_CONSOLE_LOGIN_USERNAME", "admin", "FN_CONSOLE_LOGIN_PASSWORD_HASH", hash,
        "FN_CONSOLE_SESSION_SECRET", "cookie-key", "FN_CONSOLE_LOGIN_RATE_LIMIT_MAX", "2")) {
      expect(s.get("/_fn/catalog"), 401, "{\"error\":\"login required\"}");
      expect(s.request("POST", "/_fn/login", "{\"username\":\"admin\"}", JSON), 400,
          "{\"error\":\"username and password are required\"}");
      expect(s.request("GET", "/_fn/login", null), 405, "{\"error\":\"method not allowed\",\"allowed_methods\":[\"POST\"]}");
      HttpResponse<String> ok = s.request("POST", "/_fn/login", "{\"username\":\"admin\",\"password\":\"s3cret\"}", JSON);
      expect(ok, 200, "{\"ok\":true,\"user\":\"admin\"}");
      String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
      assertThat(setCookie).startsWith("fastfn_session=").endsWith("; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200");
      String cookie = setCookie.substring(0, setCookie.indexOf(';'));
      assertThat(s.request("GET", "/_fn/catalog", null, "Cookie", cookie).statusCode()).isEqualTo(200);
      HttpResponse<String> state = s.request("GET", "/_fn/ui-state", null, "Cookie", cookie);
      assertThat(TestServer.json(state).get("current_user").asString()).isEqualTo("admin");
      expect(s.request("GET", "/_fn/catalog", null, "Cookie", cookie + "x"), 401, "{\"error\":\"login required\"}");
      HttpResponse<String> out = s.request("POST", "/_fn/logout", null, "Cookie", cookie);
      expect(out, 200, "{\"ok\":true}");
      assertThat(out.headers().firstValue("Set-Cookie")).contains("fastfn_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
      // failed logins are limited per client
      String bad = "{\"username\":\"admin\",\"password\":\"wrong\"}";
      expect(s.request("POST", "/_fn/login", bad, JSON), 401, "{\"error\":\"invalid credentials\"}");
      expect(s.request("POST", "/_fn/login", bad, JSON), 401, "{\"error\":\"invalid credentials\"}");
      expect(s.request("POST", "/_fn/login", "{\"username\":\"admin\",\"password\":\"s3cret\"}", JSON), 429,
          "{\"error\":\"too many login attempts, try again later\"}");
    }
  }

  @Test
  void login_without_configured_credentials_or_flag_fails_clearly() {
    try (TestServer s = start()) {
      expect(s.request("POST", "/_fn/login", "{\"username\":\"a\",\"password\":\"b\"}", JSON), 404,
          "{\"error\":\"login disabled\"}");
    }
    try (TestServer s = start("FN_CONSOLE_LOGIN_ENABLED", "1", "FN_CONSOLE_LOGIN_USERNAME", "admin",
        "FN_CONSOLE_LOGIN_PASSWORD_HASH", "pbkdf2-sha256:10:00:00")) {
      expect(s.request("POST", "/_fn/login", "{\"username\":\"admin\",\"password\":\"b\"}", JSON), 500,
          "{\"error\":\"login is enabled but credentials are not configured\"}");
    }
    try (TestServer s = start("FN_CONSOLE_LOGIN_ENABLED", "1", "FN_CONSOLE_LOGIN_USERNAME", "admin",
        "FN_CONSOLE_LOGIN_PASSWORD", "pw")) {
      expect(s.request("POST", "/_fn/login", "{\"username\":\"admin\",\"password\":\"pw\"}", JSON), 500,
          "{\"error\":\"session secret not configured\"}");
    }
  }

  @Test
  void ui_state_overrides_flags_until_deleted() {
    try (TestServer s = start("FN_ADMIN_TOKEN", TOKEN)) {
      expect(s.get("/_fn/ui-state"), 200, "{\"ui_enabled\":false,\"api_enabled\":true,\"admin_api_enabled\":true,"
          + "\"write_enabled\":false,\"local_only\":true,\"login_enabled\":false,\"login_api_enabled\":false,"
          + "\"public_explore\":false,\"current_user\":null}");
      String[] tok = {"Content-Type", "application/json", "x-fn-admin-token", TOKEN};
      expect(s.request("PUT", "/_fn/ui-state", "{\"write_enabled\":true,\"local_only\":\"no\"}", tok), 400,
          "{\"error\":\"local_only must be boolean\"}");
      assertThat(TestServer.json(s.get("/_fn/ui-state")).get("write_enabled").asBoolean()).isFalse();
      assertThat(TestServer.json(s.request("PUT", "/_fn/ui-state", "{\"write_enabled\":true}", tok))
          .get("write_enabled").asBoolean()).isTrue();
      // the override opens writes without the token
      expect(s.request("POST", "/_fn/secrets", "{\"key\":\"K\",\"value\":\"v\"}", JSON), 201,
          "{\"status\":\"created\",\"key\":\"K\"}");
      assertThat(TestServer.json(s.request("DELETE", "/_fn/ui-state", null, "x-fn-admin-token", TOKEN))
          .get("write_enabled").asBoolean()).isFalse();
      expect(s.request("POST", "/_fn/secrets", "{\"key\":\"K\",\"value\":\"v\"}", JSON), 403,
          "{\"error\":\"console write disabled\"}");
      expect(s.request("TRACE", "/_fn/ui-state", null), 405, "{\"error\":\"method not allowed\","
          + "\"allowed_methods\":[\"GET\",\"PUT\",\"POST\",\"PATCH\",\"DELETE\"]}");
    }
  }

  @Test
  void secrets_are_listed_without_values_and_deleted_idempotently() throws IOException {
    try (TestServer s = start("FN_CONSOLE_WRITE_ENABLED", "1")) {
      expect(s.get("/_fn/secrets"), 200, "[]");
      expect(s.request("POST", "/_fn/secrets", "{\"key\":\"TEST_SECRET\",\"value\":\"s3-value\"}", JSON), 201,
          "{\"status\":\"created\",\"key\":\"TEST_SECRET\"}");
      HttpResponse<String> list = s.get("/_fn/secrets");
      assertThat(list.body()).contains("\"key\":\"TEST_SECRET\"").doesNotContain("s3-value");
      expect(s.request("POST", "/_fn/secrets", "{\"key\":\"\",\"value\":\"x\"}", JSON), 400,
          "{\"error\":\"invalid json body: require key/value (non-empty strings; key without spaces or control characters)\"}");
      expect(s.request("DELETE", "/_fn/secrets", null), 400, "{\"error\":\"missing key parameter\"}");
      expect(s.request("DELETE", "/_fn/secrets?key=TEST_SECRET", null), 200,
          "{\"status\":\"deleted\",\"key\":\"TEST_SECRET\"}");
      expect(s.request("DELETE", "/_fn/secrets?key=TEST_SECRET", null), 200,
          "{\"status\":\"deleted\",\"key\":\"TEST_SECRET\"}");
      expect(s.get("/_fn/secrets"), 200, "[]");
      Path file = root.resolve(".fastfn/state/console-secrets.json");
      assertThat(Files.readString(file)).doesNotContain("s3-value");
    }
  }

  @Test
  void oversized_bodies_get_413() {
    try (TestServer s = start("FN_CONSOLE_WRITE_ENABLED", "1")) {
      String big = "{\"name\":\"x\",\"body\":\"" + "a".repeat(1_048_577) + "\"}";
      expect(s.request("POST", "/_fn/invoke", big, JSON), 413, "{\"error\":\"payload too large\"}");
      String secret = "{\"key\":\"K\",\"value\":\"" + "a".repeat(131_073) + "\"}";
      expect(s.request("POST", "/_fn/secrets", secret, JSON), 413, "{\"error\":\"payload too large\"}");
      expect(s.request("PUT", "/_fn/ui-state", "{\"x\":\"" + "a".repeat(131_073) + "\"}", JSON), 413,
          "{\"error\":\"payload too large\"}");
    }
  }

  @Test
  void wrong_methods_get_405() {
    try (TestServer s = start("FN_CONSOLE_WRITE_ENABLED", "1")) {
      expect(s.request("PATCH", "/_fn/function?runtime=python&name=x", "{}", JSON), 405,
          "{\"error\":\"method not allowed\",\"allowed_methods\":[\"GET\",\"POST\",\"DELETE\"]}");
      expect(s.request("DELETE", "/_fn/catalog", null), 405,
          "{\"error\":\"method not allowed\",\"allowed_methods\":[\"GET\"]}");
      expect(s.get("/_fn/invoke"), 405, "{\"error\":\"method not allowed\",\"allowed_methods\":[\"POST\"]}");
      expect(s.request("PUT", "/_fn/reload", null), 405,
          "{\"error\":\"method not allowed\",\"allowed_methods\":[\"GET\",\"POST\"]}");
      expect(s.request("POST", "/_fn/function-config?runtime=python&name=x", "{}", JSON), 405,
          "{\"error\":\"method not allowed\",\"allowed_methods\":[\"GET\",\"PUT\"]}");
      expect(s.request("POST", "/_fn/function-file-content?runtime=python&name=x", "{}", JSON), 405,
          "{\"error\":\"method not allowed\",\"allowed_methods\":[\"GET\",\"PUT\",\"DELETE\"]}");
      HttpResponse<String> r = s.request("PUT", "/_fn/packs", null);
      assertThat(r.statusCode()).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).contains("GET");
    }
  }

  @Test
  void bad_input_gets_400_before_any_file_is_touched() throws IOException {
    try (TestServer s = start("FN_CONSOLE_WRITE_ENABLED", "1")) {
      expect(s.request("POST", "/_fn/function?runtime=python&name=../x", "{}", JSON), 400,
          "{\"error\":\"invalid function name\"}");
      expect(s.request("POST", "/_fn/function?runtime=python&name=..%2F..%2Fetc", "{}", JSON), 400,
          "{\"error\":\"invalid function name\"}");
      expect(s.request("POST", "/_fn/function?runtime=python&name=ok&version=..", "{}", JSON), 400,
          "{\"error\":\"invalid version\"}");
      expect(s.request("DELETE", "/_fn/function?runtime=python&name=ok&version=..", null), 400,
          "{\"error\":\"invalid version\"}");
      expect(s.get("/_fn/function?runtime=python&name=ok&version=.."), 400, "{\"error\":\"invalid version\"}");
      expect(s.request("POST", "/_fn/function?runtime=ruby&name=ok", "{}", JSON), 400,
          "{\"error\":\"unknown runtime: ruby\"}");
      expect(s.request("POST", "/_fn/function?runtime=python&name=ok", "{not json", JSON), 400,
          "{\"error\":\"invalid json body\"}");
      expect(s.request("POST", "/_fn/function?runtime=python&name=ok", "[1,2]", JSON), 400,
          "{\"error\":\"invalid json body: expected a JSON object\"}");
      expect(s.request("POST", "/_fn/function?runtime=python&name=ok", "{\"methods\":[\"BREW\"]}", JSON), 400,
          "{\"error\":\"methods: unsupported HTTP method 'BREW' (allowed: GET, POST, PUT, PATCH, DELETE)\"}");
      expect(s.request("POST", "/_fn/function?runtime=python&name=ok", "{\"filename\":\"../evil.py\"}", JSON), 400,
          "{\"error\":\"invalid filename for runtime python (use one of handler.py, main.py)\"}");
      expect(s.request("POST", "/_fn/function?name=ok", "{}", JSON), 400, "{\"error\":\"runtime is required\"}");
      expect(s.request("POST", "/_fn/function?runtime=python&runtime=node&name=ok", "{}", JSON), 400,
          "{\"error\":\"query parameter 'runtime' given more than once\"}");
      expect(s.request("POST", "/_fn/invoke", "{\"method\":\"GET\"}", JSON), 400, "{\"error\":\"name is required\"}");
      expect(s.request("POST", "/_fn/invoke", "{\"name\":\"x\",\"method\":\"BREW\"}", JSON), 400,
          "{\"error\":\"unsupported method\"}");
      expect(s.request("POST", "/_fn/invoke", "{\"name\":\"../x\"}", JSON), 400, "{\"error\":\"invalid function name\"}");
      expect(s.request("POST", "/_fn/invoke", "{\"name\":\"x\",\"context\":[1]}", JSON), 400,
          "{\"error\":\"context must be an object\"}");
      expect(s.request("POST", "/_fn/invoke", "{\"name\":\"x\",\"colour\":1}", JSON), 400,
          "{\"error\":\"unknown invoke field: colour\"}");
      try (Stream<Path> files = Files.list(root)) {
        assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".fastfn"))).isEmpty();
      }
    }
  }

  @Test
  void unknown_functions_get_404_for_every_operation() {
    try (TestServer s = start("FN_CONSOLE_WRITE_ENABLED", "1")) {
      String q = "?runtime=python&name=nope";
      String nf = "{\"error\":\"unknown function\"}";
      expect(s.get("/_fn/function" + q), 404, nf);
      expect(s.request("PUT", "/_fn/function-config" + q, "{\"timeout_ms\":5}", JSON), 404, nf);
      expect(s.request("PUT", "/_fn/function-env" + q, "{\"A\":\"1\"}", JSON), 404, nf);
      expect(s.request("PUT", "/_fn/function-code" + q, "{\"code\":\"x\"}", JSON), 404, nf);
      expect(s.request("DELETE", "/_fn/function" + q, null), 404, nf);
      expect(s.get("/_fn/function-files" + q), 404, nf);
      expect(s.get("/_fn/function-file-content" + q + "&path=a.txt"), 404, nf);
      expect(s.request("POST", "/_fn/invoke", "{\"runtime\":\"python\",\"name\":\"nope\"}", JSON), 404, nf);
      expect(s.get("/_fn/function-file-content?path=a.txt"), 400, "{\"error\":\"runtime and name required\"}");
    }
  }

  @Test
  void a_create_that_cannot_be_discovered_leaves_nothing_behind() {
    try (TestServer s = start("FN_CONSOLE_WRITE_ENABLED", "1")) {
      // a version folder not named like a version (v1, 2...) under a parent without a default handler
      HttpResponse<String> r = s.request("POST", "/_fn/function?runtime=python&name=lonely&version=beta", "{}", JSON);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(TestServer.json(r).get("error").asString())
          .startsWith("the new function is not discoverable").endsWith("; nothing was created");
      assertThat(root.resolve("python")).doesNotExist();
    }
  }

  @Test
  void file_apis_stay_inside_the_function_folder_and_never_serve_the_env_file() throws IOException {
    TestServer.write(root, Map.of(
        "python/files-fn/handler.py", "def handler(event):\n    return {'ok': True}\n",
        "python/files-fn/fn.env.json", "{\"TOKEN\":{\"value\":\"top-secret\",\"is_secret\":true}}",
        "python/other/handler.py", "SECRET = 'other-code'\n"));
    try (TestServer s = start("FN_CONSOLE_WRITE_ENABLED", "1")) {
      String q = "/_fn/function-file-content?runtime=python&name=files-fn";
      HttpResponse<String> env = s.get(q + "&path=fn.env.json");
      expect(env, 403, "{\"error\":\"cannot read fn.env.json here; use /_fn/function-env\"}");
      expect(s.get(q + "&path=..%2Fother%2Fhandler.py"), 400, "{\"error\":\"invalid path\"}");
      expect(s.get(q + "&path=%2Fetc%2Fpasswd"), 400, "{\"error\":\"invalid path\"}");
      expect(s.request("PUT", q, "{\"path\":\"../escape.txt\",\"content\":\"out\"}", JSON), 400,
          "{\"error\":\"invalid path\"}");
      expect(s.request("PUT", q, "{\"path\":\"fn.env.json\",\"content\":\"{}\"}", JSON), 403,
          "{\"error\":\"cannot write fn.env.json here; use /_fn/function-env\"}");
      expect(s.request("PUT", q, "{\"path\":\"notes/greeting.txt\",\"content\":\"hola mundo\\n\"}", JSON), 200,
          "{\"ok\":true,\"path\":\"notes/greeting.txt\"}");
      expect(s.get(q + "&path=notes/greeting.txt"), 200,
          "{\"content\":\"hola mundo\\n\",\"path\":\"notes/greeting.txt\",\"truncated\":false}");
      HttpResponse<String> list = s.get("/_fn/function-files?runtime=python&name=files-fn");
      assertThat(list.statusCode()).isEqualTo(200);
      assertThat(list.body()).contains("{\"name\":\"greeting.txt\",\"path\":\"notes/greeting.txt\",\"size\":11,\"type\":\"file\"}")
          .contains("{\"name\":\"handler.py\",\"path\":\"handler.py\",\"size\":44,\"type\":\"handler\"}")
          .contains("\"type\":\"env\"").doesNotContain("top-secret");
      expect(s.get(q + "&path=missing.txt"), 404, "{\"error\":\"file not found\"}");
      expect(s.request("DELETE", q + "&path=notes/greeting.txt", null), 200, "{\"ok\":true,\"path\":\"notes/greeting.txt\"}");
      assertThat(root.resolve("python/files-fn/notes/greeting.txt")).doesNotExist();
      assertThat(root.resolve("escape.txt")).doesNotExist();
      assertThat(root.resolve("python/escape.txt")).doesNotExist();
      Files.createSymbolicLink(root.resolve("python/files-fn/link.py"), root.resolve("python/other/handler.py"));
      expect(s.get(q + "&path=link.py"), 400, "{\"error\":\"path outside function directory\"}");
      Files.createSymbolicLink(root.resolve("python/files-fn/inner.py"), root.resolve("python/files-fn/handler.py"));
      expect(s.get(q + "&path=inner.py"), 403, "{\"error\":\"symlink not allowed\"}");
    }
  }
}
