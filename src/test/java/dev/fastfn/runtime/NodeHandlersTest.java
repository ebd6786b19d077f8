package dev.fastfn.runtime;

import static dev.fastfn.runtime.Fixtures.deadline;
import static dev.fastfn.runtime.Fixtures.event;
import static dev.fastfn.runtime.Fixtures.header;
import static dev.fastfn.runtime.Fixtures.json;
import static dev.fastfn.runtime.Fixtures.node;
import static dev.fastfn.runtime.Fixtures.ok;
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

/** Node handler contract and response normalization (conformance groups response/event). */
class NodeHandlersTest {
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
  void a_string_becomes_text_plain() {
    FunctionSpec fn = node(root, "text").code("exports.handler = async () => \"plain words\";\n").spec();
    WorkerReply r = call(fn, "/resp/text");
    assertThat(r.status()).isEqualTo(200);
    assertThat(header(r, "Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(text(r)).isEqualTo("plain words");
  }

  @Test
  void an_html_string_becomes_text_html() {
    FunctionSpec fn = node(root, "html")
        .code("exports.handler = async () => \"<!doctype html><html><body><h1>hi</h1></body></html>\";\n").spec();
    WorkerReply r = call(fn, "/resp/html");
    assertThat(header(r, "Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(text(r)).contains("<h1>hi</h1>");
  }

  @Test
  void a_proxy_request_gets_502_since_there_is_no_edge_proxy() {
    FunctionSpec fn = node(root, "proxy").code("exports.handler = async () => ({ proxy: { path: \"/x\" } });\n").spec();
    WorkerReply r = call(fn, "/x");
    assertThat(r.status()).isEqualTo(502);
    assertThat(text(r)).isEqualTo("{\"error\":\"edge proxy disabled for this function\"}");
  }

  @Test
  void a_plain_object_becomes_json() {
    FunctionSpec fn = node(root, "object").code("exports.handler = async () => ({ kind: \"object\", list: [1, 2, 3] });\n").spec();
    WorkerReply r = call(fn, "/resp/object");
    assertThat(header(r, "Content-Type")).isEqualTo("application/json");
    assertThat(text(r)).isEqualTo("{\"kind\":\"object\",\"list\":[1,2,3]}");
  }

  @Test
  void a_buffer_body_arrives_as_the_same_bytes() {
    FunctionSpec fn = node(root, "buffer").code("exports.handler = async () => ({ status: 200, headers: "
        + "{ \"Content-Type\": \"application/octet-stream\" }, body: Buffer.from([0, 1, 2, 254, 255]) });\n").spec();
    WorkerReply r = call(fn, "/resp/buffer");
    assertThat(Base64.getEncoder().encodeToString(r.body())).isEqualTo("AAEC/v8=");
    assertThat(header(r, "Content-Type")).isEqualTo("application/octet-stream");
  }

  @Test
  void a_bare_buffer_gets_octet_stream() {
    FunctionSpec fn = node(root, "barebuf").code("exports.handler = () => Buffer.from('hi');\n").spec();
    WorkerReply r = call(fn, "/b");
    assertThat(header(r, "Content-Type")).isEqualTo("application/octet-stream");
    assertThat(text(r)).isEqualTo("hi");
  }

  @Test
  void headers_and_status_of_an_envelope_are_kept() {
    FunctionSpec fn = node(root, "headers").code("exports.handler = async () => ({ status: 202, headers: { \"X-One\": \"1\","
        + " \"X-Two\": \"two\", \"Cache-Control\": \"no-store\", \"Content-Type\": \"text/plain\" }, body: \"accepted\" });\n")
        .spec();
    WorkerReply r = call(fn, "/resp/headers");
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.headers()).containsEntry("X-One", List.of("1")).containsEntry("X-Two", List.of("two"))
        .containsEntry("Cache-Control", List.of("no-store"));
    assertThat(text(r)).isEqualTo("accepted");
  }

  @Test
  void status_code_is_an_alias_of_status() {
    FunctionSpec fn = node(root, "statuscode").code("exports.handler = async () => ({ statusCode: 203, headers: "
        + "{ \"Content-Type\": \"text/plain\" }, body: \"aws-style\" });\n").spec();
    WorkerReply r = call(fn, "/resp/statuscode");
    assertThat(r.status()).isEqualTo(203);
    assertThat(text(r)).isEqualTo("aws-style");
  }

  @Test
  void a_number_becomes_text_plain() {
    FunctionSpec fn = node(root, "number").code("exports.handler = async () => 42;\n").spec();
    WorkerReply r = call(fn, "/resp/number");
    assertThat(header(r, "Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(text(r)).isEqualTo("42");
  }

  @Test
  void an_object_body_is_serialized_and_csv_content_type_gives_csv() {
    FunctionSpec fn = node(root, "csv").code("exports.handler = (event) => event.query.csv"
        + " ? ({ headers: { 'Content-Type': 'text/csv' }, body: [{ a: 1, b: 'x,y' }, { a: 2, b: 'z' }] })"
        + " : ({ status: '201', body: { n: 1 } });\n").spec();
    WorkerReply json = call(fn, "/c");
    assertThat(json.status()).isEqualTo(201);
    assertThat(header(json, "Content-Type")).isEqualTo("application/json");
    assertThat(text(json)).isEqualTo("{\"n\":1}");
    assertThat(text(call(fn, "/c?csv=1"))).isEqualTo("a,b\n1,\"x,y\"\n2,z");
  }

  @Test
  void a_fetch_response_is_read_whole() {
    FunctionSpec fn = node(root, "fetchresp").code("exports.handler = async () => new Response('made', "
        + "{ status: 201, headers: { 'x-made': 'yes', 'content-type': 'text/plain' } });\n").spec();
    WorkerReply r = call(fn, "/r");
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.headers()).containsEntry("x-made", List.of("yes"));
    assertThat(text(r)).isEqualTo("made");
  }

  @Test
  void console_output_is_captured_per_request_and_never_in_the_body() {
    FunctionSpec fn = node(root, "noisy").code("exports.handler = async () => { console.log(\"noise on stdout\");"
        + " console.error(\"noise on stderr\"); console.info({ a: 1 }); process.stdout.write('raw\\n');"
        + " return { noisy: \"node\" }; };\n").spec();
    WorkerReply r = call(fn, "/logs/noisy-js");
    assertThat(text(r)).isEqualTo("{\"noisy\":\"node\"}");
    assertThat(r.stdout()).isEqualTo("noise on stdout\n{ a: 1 }\nraw\n");
    assertThat(r.stderr()).isEqualTo("noise on stderr\n");
  }

  @Test
  void route_params_arrive_as_the_second_argument() {
    FunctionSpec fn = node(root, "gadgets").code("exports.handler = async (event, params) => ({ status: 200, headers: "
        + "{ \"Content-Type\": \"application/json\" }, body: JSON.stringify({ direct_id: params.id }) });\n").spec();
    WorkerReply r = ok(pools.call(fn, event(fn, "GET", "/gadgets/x1", Map.of("id", "x1"), null), deadline(10_000)));
    assertThat(text(r)).isEqualTo("{\"direct_id\":\"x1\"}");
  }

  @Test
  void destructured_params_with_a_default_still_receive_the_params() {
    FunctionSpec fn = node(root, "destructured").code("exports.handler = async (event, { id } = {}) => ({ id });\n").spec();
    WorkerReply r = ok(pools.call(fn, event(fn, "GET", "/d/7", Map.of("id", "7"), null), deadline(10_000)));
    assertThat(text(r)).isEqualTo("{\"id\":\"7\"}");
  }

  @Test
  void module_exports_as_a_function_is_the_handler() {
    FunctionSpec fn = node(root, "modfn").code("module.exports = async (event) => ({ via: 'module.exports', m: event.method });\n").spec();
    assertThat(text(call(fn, "/m"))).isEqualTo("{\"via\":\"module.exports\",\"m\":\"GET\"}");
  }

  @Test
  void exports_default_is_the_handler() {
    FunctionSpec fn = node(root, "deffn").code("exports.default = (event) => ({ via: 'default' });\n").spec();
    assertThat(text(call(fn, "/d"))).isEqualTo("{\"via\":\"default\"}");
  }

  @Test
  void a_custom_handler_name_is_used() {
    FunctionSpec fn = node(root, "named").handler("run").code("exports.run = () => ({ via: 'run' });\n").spec();
    assertThat(text(call(fn, "/n"))).isEqualTo("{\"via\":\"run\"}");
  }

  @Test
  void a_thrown_error_gives_500_with_its_name_and_message() {
    FunctionSpec fn = node(root, "boom").code("exports.handler = async () => { throw new TypeError('bad input'); };\n").spec();
    WorkerReply r = call(fn, "/b");
    assertThat(r.status()).isEqualTo(500);
    assertThat(text(r)).isEqualTo("{\"error\":\"TypeError: bad input\"}");
  }

  @Test
  void a_syntax_error_gives_500_naming_the_file_and_line() {
    FunctionSpec fn = node(root, "broken").code("exports.handler = async () => {\n  return {;\n};\n").spec();
    WorkerReply r = call(fn, "/broken");
    assertThat(r.status()).isEqualTo(500);
    assertThat(json(r).get("error").asString()).startsWith("SyntaxError: ").endsWith("(handler.js:2)");
  }

  @Test
  void a_missing_handler_gives_500_with_a_clear_message() {
    FunctionSpec fn = node(root, "nohandler").code("exports.other = () => ({});\n").spec();
    WorkerReply r = call(fn, "/x");
    assertThat(text(r)).isEqualTo("{\"error\":\"handler(event) is required\"}");
  }

  @Test
  void a_typescript_handler_without_esbuild_names_esbuild() {
    FunctionSpec fn = node(root, "tsfn").entry("handler.ts")
        .code("export const handler = async (): Promise<object> => ({ ts: true });\n").spec();
    WorkerReply r = call(fn, "/ts");
    assertThat(r.status()).isEqualTo(500);
    assertThat(text(r)).isEqualTo("{\"error\":\"TypeScript function requires esbuild. Add shared_deps: "
        + "[\\\"ts_pack\\\"] or add esbuild to package.json.\"}");
  }

  @Test
  void a_typescript_handler_is_compiled_with_esbuild_from_its_node_modules() throws Exception {
    Fixtures.Fn builder = node(root, "tsok").entry("handler.ts")
        .file("helper.ts", "export const label: string = 'typed-helper';\n")
        .code("import { label } from './helper';\ninterface Out { ts: boolean; label: string }\n"
            + "export async function handler(event: unknown): Promise<Out> {\n  console.log('from ts');\n"
            + "  return { ts: true, label };\n}\n");
    FunctionSpec fn = builder.spec();
    // esbuild comes from npm (the local cache first); without npm or a network the test is skipped.
    Process npm;
    try {
      npm = new ProcessBuilder("npm", "install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts",
          "esbuild@0.24").directory(fn.functionDir().toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (java.io.IOException e) {
      org.junit.jupiter.api.Assumptions.abort("npm is not available: " + e.getMessage());
      return;
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(npm.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)
        && npm.exitValue() == 0, "npm could not install esbuild");
    WorkerReply r = call(fn, "/ts");
    assertThat(text(r)).isEqualTo("{\"ts\":true,\"label\":\"typed-helper\"}");
    assertThat(r.stdout()).isEqualTo("from ts\n");
  }

  @Test
  void the_worker_runs_in_the_function_dir_and_sees_its_env() {
    FunctionSpec fn = node(root, "envfn").env("GREETING", "hola").code("exports.handler = (event) => ({ cwd: process.cwd(),"
        + " pe: process.env.GREETING || null, ev: (event.env || {}).GREETING || null });\n").spec();
    JsonNode j = json(call(fn, "/envfn"));
    assertThat(j.get("cwd").asString()).isEqualTo(fn.functionDir().toString());
    assertThat(j.get("pe").asString()).isEqualTo("hola");
    assertThat(j.get("ev").asString()).isEqualTo("hola");
  }

  @Test
  void a_private_helper_module_resolves_from_the_function_dir() {
    FunctionSpec fn = node(root, "shop").file("_helper.js", "exports.label = 'from-helper';\n")
        .code("const helper = require('./_helper');\nexports.handler = async () => ({ helper: helper.label });\n").spec();
    assertThat(text(call(fn, "/shop"))).isEqualTo("{\"helper\":\"from-helper\"}");
  }

  @Test
  void non_ascii_text_survives_the_round_trip() {
    FunctionSpec fn = node(root, "utf").code("exports.handler = () => ({ status: 200, body: 'olé ✓ 日本' });\n").spec();
    assertThat(text(call(fn, "/u"))).isEqualTo("olé ✓ 日本");
  }
}
