package dev.fastfn.runtime;

import static dev.fastfn.runtime.Fixtures.deadline;
import static dev.fastfn.runtime.Fixtures.event;
import static dev.fastfn.runtime.Fixtures.header;
import static dev.fastfn.runtime.Fixtures.json;
import static dev.fastfn.runtime.Fixtures.ok;
import static dev.fastfn.runtime.Fixtures.python;
import static dev.fastfn.runtime.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.discovery.FunctionSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Python handler contract and response normalization (conformance groups response/event). */
class PythonHandlersTest {
  @TempDir
  static Path root;

  static WorkerPools pools;

  @BeforeAll
  static void start() {
    pools = new WorkerPools(Fixtures.config(root), WorkerPreparer.none(), Clock.systemUTC(), Fixtures.options());
  }

  @AfterAll
  static void stop() {
    pools.close();
  }

  private static WorkerReply call(FunctionSpec fn, String rawPath) {
    return ok(pools.call(fn, event(fn, rawPath), deadline(10_000)));
  }

  @Test
  void a_plain_dict_becomes_json_with_status_200() {
    FunctionSpec fn = python(root, "dict")
        .code("def handler(event):\n    return {\"kind\": \"dict\", \"n\": 3, \"nested\": {\"ok\": True}}\n").spec();
    WorkerReply r = call(fn, "/resp/dict");
    assertThat(r.status()).isEqualTo(200);
    assertThat(header(r, "Content-Type")).isEqualTo("application/json");
    assertThat(text(r)).isEqualTo("{\"kind\":\"dict\",\"n\":3,\"nested\":{\"ok\":true}}");
  }

  @Test
  void an_envelope_keeps_its_status_headers_and_text_body() {
    FunctionSpec fn = python(root, "envelope").code("def handler(event):\n"
        + "    return {\"status\": 201, \"headers\": {\"X-Fixture\": \"envelope\", \"Content-Type\": \"text/plain\"},"
        + " \"body\": \"created\"}\n").spec();
    WorkerReply r = call(fn, "/resp/envelope");
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.headers()).containsEntry("X-Fixture", List.of("envelope"))
        .containsEntry("Content-Type", List.of("text/plain"));
    assertThat(text(r)).isEqualTo("created");
  }

  @Test
  void a_base64_envelope_is_decoded_to_the_original_bytes() {
    byte[] png = {(byte) 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, (byte) 0xFF, 0x10, (byte) 0x80};
    FunctionSpec fn = python(root, "binary").code("import base64\n\nPNG = bytes([137, 80, 78, 71, 13, 10, 26, 10, 0, 255, 16, 128])\n\n"
        + "def handler(event):\n    return {\"status\": 200, \"headers\": {\"Content-Type\": \"image/png\"}, \"is_base64\": True,"
        + " \"body_base64\": base64.b64encode(PNG).decode(\"ascii\")}\n").spec();
    WorkerReply r = call(fn, "/resp/binary");
    assertThat(header(r, "Content-Type")).isEqualTo("image/png");
    assertThat(r.body()).isEqualTo(png);
  }

  @Test
  void a_bytes_body_travels_as_base64_and_arrives_as_the_same_bytes() {
    FunctionSpec fn = python(root, "bytes").code("def handler(event):\n"
        + "    return {\"status\": 200, \"headers\": {\"Content-Type\": \"application/octet-stream\"}, \"body\": bytes([0, 1, 2, 254, 255])}\n")
        .spec();
    WorkerReply r = call(fn, "/resp/bytes");
    assertThat(Base64.getEncoder().encodeToString(r.body())).isEqualTo("AAEC/v8=");
  }

  @Test
  void a_custom_status_without_headers_is_kept() {
    FunctionSpec fn = python(root, "teapot").code("def handler(event):\n    return {\"status\": 418, \"body\": \"teapot\"}\n").spec();
    WorkerReply r = call(fn, "/resp/status");
    assertThat(r.status()).isEqualTo(418);
    assertThat(text(r)).isEqualTo("teapot");
    assertThat(r.headers()).isEmpty();
  }

  @Test
  void a_tuple_gives_body_status_and_headers() {
    FunctionSpec fn = python(root, "tuple")
        .code("def handler(event):\n    return (\"made\", 201, {\"X-Tuple\": \"yes\"})\n").spec();
    WorkerReply r = call(fn, "/resp/tuple");
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.headers()).containsEntry("X-Tuple", List.of("yes"));
    assertThat(text(r)).isEqualTo("made");
  }

  @Test
  void status_code_alias_and_dict_body_with_json_content_type() {
    FunctionSpec fn = python(root, "aws-shape")
        .code("def handler(event):\n    return {\"statusCode\": 202, \"body\": {\"a\": [1, 2]}}\n").spec();
    WorkerReply r = call(fn, "/x");
    assertThat(r.status()).isEqualTo(202);
    assertThat(header(r, "Content-Type")).isEqualTo("application/json");
    assertThat(text(r)).isEqualTo("{\"a\":[1,2]}");
  }

  @Test
  void shorthand_returns_string_html_none_and_list() {
    FunctionSpec fn = python(root, "shorthand").code("def handler(event):\n"
        + "    k = event['query'].get('k')\n"
        + "    return {'text': 'plain words', 'html': '<!doctype html><html><body>hi</body></html>', 'none': None,"
        + " 'list': [1, 'a']}[k]\n").spec();
    WorkerReply text = call(fn, "/s?k=text");
    assertThat(header(text, "Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(text(text)).isEqualTo("plain words");
    assertThat(header(call(fn, "/s?k=html"), "Content-Type")).isEqualTo("text/html; charset=utf-8");
    WorkerReply none = call(fn, "/s?k=none");
    assertThat(none.status()).isEqualTo(200);
    assertThat(none.body()).isEmpty();
    assertThat(text(call(fn, "/s?k=list"))).isEqualTo("[1,\"a\"]");
  }

  @Test
  void a_response_like_object_is_converted() {
    FunctionSpec fn = python(root, "resplike").code("class R:\n    status = 207\n    headers = {'X-R': '1'}\n"
        + "    body = b'\\x00raw'\n\ndef handler(event):\n    return R()\n").spec();
    WorkerReply r = call(fn, "/r");
    assertThat(r.status()).isEqualTo(207);
    assertThat(r.headers()).containsEntry("X-R", List.of("1"));
    assertThat(r.body()).isEqualTo(new byte[] {0, 'r', 'a', 'w'});
  }

  @Test
  void print_output_is_captured_per_request_and_never_in_the_body() {
    FunctionSpec fn = python(root, "noisy").code("import sys\n\ndef handler(event):\n    print(\"noise on stdout\")\n"
        + "    print(\"noise on stderr\", file=sys.stderr)\n    return {\"noisy\": \"python\"}\n").spec();
    WorkerReply r = call(fn, "/logs/noisy");
    assertThat(text(r)).isEqualTo("{\"noisy\":\"python\"}");
    assertThat(r.stdout()).isEqualTo("noise on stdout\n");
    assertThat(r.stderr()).isEqualTo("noise on stderr\n");
  }

  @Test
  void route_params_arrive_as_named_arguments() {
    FunctionSpec fn = python(root, "things").code("def handler(event, id):\n"
        + "    return {\"direct_id\": id, \"from_event\": (event.get(\"params\") or {}).get(\"id\")}\n").spec();
    WorkerReply r = ok(pools.call(fn, event(fn, "GET", "/things/9", Map.of("id", "9"), null), deadline(10_000)));
    assertThat(text(r)).isEqualTo("{\"direct_id\":\"9\",\"from_event\":\"9\"}");
  }

  @Test
  void kwargs_handlers_get_every_param_and_unmatched_params_are_ignored() {
    FunctionSpec fn = python(root, "kw").code("def handler(event, **params):\n    return {\"params\": params}\n").spec();
    WorkerReply r = ok(pools.call(fn, event(fn, "GET", "/kw", Map.of("a", "1", "b", "2"), null), deadline(10_000)));
    assertThat(json(r).get("params").properties()).hasSize(2);
    FunctionSpec other = python(root, "kw2").code("def handler(event, slug=None):\n    return {\"slug\": slug}\n").spec();
    WorkerReply r2 = ok(pools.call(other, event(other, "GET", "/kw2", Map.of("id", "5"), null), deadline(10_000)));
    assertThat(text(r2)).isEqualTo("{\"slug\":null}");
  }

  @Test
  void main_is_the_fallback_when_handler_is_missing() {
    FunctionSpec fn = python(root, "mainfn").code("def main(req):\n    return {\"via\": \"main\", \"m\": req[\"method\"]}\n").spec();
    assertThat(text(call(fn, "/m"))).isEqualTo("{\"via\":\"main\",\"m\":\"GET\"}");
  }

  @Test
  void a_custom_handler_name_is_used() {
    FunctionSpec fn = python(root, "named").handler("run").code("def run(event):\n    return {\"via\": \"run\"}\n").spec();
    assertThat(text(call(fn, "/n"))).isEqualTo("{\"via\":\"run\"}");
  }

  @Test
  void async_handlers_share_one_long_lived_event_loop() {
    FunctionSpec fn = python(root, "asyncfn").code("import asyncio, threading\n\n"
        + "async def handler(event):\n    await asyncio.sleep(0.001)\n"
        + "    return {\"loop\": id(asyncio.get_running_loop()), \"thread\": threading.current_thread().name}\n").spec();
    JsonNode first = json(call(fn, "/a"));
    JsonNode second = json(call(fn, "/a"));
    assertThat(first.get("thread").asString()).isEqualTo("fastfn-asyncio");
    assertThat(second.get("loop").asLong()).isEqualTo(first.get("loop").asLong());
  }

  @Test
  void a_sync_handler_returning_a_coroutine_is_awaited() {
    FunctionSpec fn = python(root, "corofn").code("import asyncio\n\nasync def work():\n    print('inside')\n"
        + "    return {'awaited': True}\n\ndef handler(event):\n    return work()\n").spec();
    WorkerReply r = call(fn, "/c");
    assertThat(text(r)).isEqualTo("{\"awaited\":true}");
    assertThat(r.stdout()).isEqualTo("inside\n");
  }

  @Test
  void a_raising_handler_gives_500_with_the_exception_and_runs_once() {
    FunctionSpec fn = python(root, "boom").code("COUNT = 0\n\ndef handler(event):\n    global COUNT\n    COUNT += 1\n"
        + "    if event['query'].get('fail'):\n        raise ValueError('boom %d' % COUNT)\n    return {'count': COUNT}\n")
        .spec();
    WorkerReply failed = call(fn, "/b?fail=1");
    assertThat(failed.status()).isEqualTo(500);
    assertThat(header(failed, "Content-Type")).isEqualTo("application/json");
    assertThat(text(failed)).isEqualTo("{\"error\":\"ValueError: boom 1\"}");
    assertThat(text(call(fn, "/b"))).isEqualTo("{\"count\":2}");
  }

  @Test
  void a_syntax_error_gives_500_naming_the_file_and_line() {
    FunctionSpec fn = python(root, "broken").code("def handler(event)\n    return {}\n").spec();
    WorkerReply r = call(fn, "/broken");
    assertThat(r.status()).isEqualTo(500);
    assertThat(json(r).get("error").asString()).startsWith("SyntaxError: ").contains("handler.py, line 1");
  }

  @Test
  void a_missing_handler_symbol_gives_500_with_a_clear_message() {
    FunctionSpec fn = python(root, "nohandler").code("def other(event):\n    return {}\n").spec();
    WorkerReply r = call(fn, "/x");
    assertThat(r.status()).isEqualTo(500);
    assertThat(text(r)).isEqualTo("{\"error\":\"handler(event) is required\"}");
  }

  @Test
  void a_proxy_request_gets_502_since_there_is_no_edge_proxy_and_a_non_object_proxy_500() {
    FunctionSpec fn = python(root, "proxy").code("def handler(event):\n    return {'proxy': {'path': '/x'}}\n").spec();
    WorkerReply r = call(fn, "/x");
    assertThat(r.status()).isEqualTo(502);
    assertThat(text(r)).isEqualTo("{\"error\":\"edge proxy disabled for this function\"}");
    FunctionSpec bad = python(root, "proxy-str").code("def handler(event):\n    return {'proxy': 'x'}\n").spec();
    WorkerReply b = call(bad, "/x");
    assertThat(b.status()).isEqualTo(500);
    assertThat(text(b)).isEqualTo("{\"error\":\"proxy must be an object when provided\"}");
  }

  @Test
  void an_entry_file_with_an_upper_case_suffix_loads() {
    FunctionSpec fn = python(root, "upper").entry("Handler.PY").code("def handler(event):\n    return {'upper': True}\n").spec();
    assertThat(text(call(fn, "/x"))).isEqualTo("{\"upper\":true}");
  }

  @Test
  void a_bad_status_breaks_the_contract_with_500() {
    FunctionSpec fn = python(root, "badstatus").code("def handler(event):\n    return {'status': 'ok'}\n").spec();
    WorkerReply r = call(fn, "/x");
    assertThat(r.status()).isEqualTo(500);
    assertThat(text(r)).isEqualTo("{\"error\":\"status must be a valid HTTP code\"}");
  }

  @Test
  void non_ascii_text_survives_the_round_trip() {
    FunctionSpec fn = python(root, "utf").code("def handler(event):\n    return {'body': 'olé ✓ 日本', 'status': 200}\n").spec();
    assertThat(text(call(fn, "/u"))).isEqualTo("olé ✓ 日本");
  }

  @Test
  void the_worker_runs_in_the_function_dir_with_only_its_dir_on_sys_path() {
    FunctionSpec fn = python(root, "paths").code("import os, sys\n\ndef handler(event):\n"
        + "    return {'cwd': os.getcwd(), 'first': sys.path[0], 'workers': [p for p in sys.path if 'fastfn-workers' in p]}\n")
        .spec();
    JsonNode j = json(call(fn, "/p"));
    assertThat(j.get("cwd").asString()).isEqualTo(fn.functionDir().toString());
    assertThat(j.get("first").asString()).isEqualTo(fn.functionDir().toString());
    assertThat(j.get("workers").size()).isZero();
  }

  @Test
  void a_big_body_round_trips() {
    FunctionSpec fn = python(root, "big").code("def handler(event):\n    return {'status': 200, 'body': event['body'] * 2}\n").spec();
    String body = "x".repeat(600_000);
    WorkerReply r = ok(pools.call(fn, event(fn, "POST", "/big", Map.of(), body), deadline(10_000)));
    assertThat(r.body()).hasSize(1_200_000);
  }
}
