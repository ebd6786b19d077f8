package dev.fastfn.runtime;

import static dev.fastfn.runtime.Fixtures.deadline;
import static dev.fastfn.runtime.Fixtures.event;
import static dev.fastfn.runtime.Fixtures.json;
import static dev.fastfn.runtime.Fixtures.node;
import static dev.fastfn.runtime.Fixtures.ok;
import static dev.fastfn.runtime.Fixtures.python;
import static dev.fastfn.runtime.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.discovery.FunctionSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** invoke.adapter: aws-lambda (API Gateway v2 event + context) and cloudflare-worker (fetch), both runtimes. */
class AdaptersTest {
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

  private static ObjectNode lambdaEvent(FunctionSpec fn) {
    ObjectNode e = event(fn, "POST", "/orders/42?expand=1&tag=a", Map.of("id", "42"), "{\"n\":1}");
    ((ObjectNode) e.get("headers")).put("cookie", "sid=abc; theme=dark");
    return e;
  }

  private static void assertLambdaShape(JsonNode j) {
    JsonNode ev = j.get("event");
    assertThat(ev.get("version").asString()).isEqualTo("2.0");
    assertThat(ev.get("routeKey").asString()).isEqualTo("POST /orders/42");
    assertThat(ev.get("rawPath").asString()).isEqualTo("/orders/42");
    assertThat(ev.get("rawQueryString").asString()).isEqualTo("expand=1&tag=a");
    assertThat(ev.get("cookies").toString()).isEqualTo("[\"sid=abc\",\"theme=dark\"]");
    assertThat(ev.get("queryStringParameters").toString()).isEqualTo("{\"expand\":\"1\",\"tag\":\"a\"}");
    assertThat(ev.get("pathParameters").toString()).isEqualTo("{\"id\":\"42\"}");
    assertThat(ev.get("body").asString()).isEqualTo("{\"n\":1}");
    assertThat(ev.get("isBase64Encoded").asBoolean()).isFalse();
    assertThat(ev.at("/requestContext/http/method").asString()).isEqualTo("POST");
    assertThat(ev.at("/requestContext/http/sourceIp").asString()).isEqualTo("127.0.0.1");
    assertThat(ev.at("/requestContext/requestId").asString()).startsWith("req-test-");
    JsonNode ctx = j.get("context");
    assertThat(ctx.get("function_name").asString()).isEqualTo("lambda");
    assertThat(ctx.get("function_version").asString()).isEqualTo("$LATEST");
    assertThat(ctx.get("request_id").asString()).startsWith("req-test-");
    assertThat(ctx.get("remaining").asLong()).isBetween(1L, 2500L);
  }

  @Test
  void python_aws_lambda_gets_an_api_gateway_v2_event_and_a_context() {
    FunctionSpec fn = python(root, "lambda").adapter("aws-lambda").code("import json\n\n"
        + "def handler(event, context):\n"
        + "    return {'statusCode': 201, 'headers': {'Content-Type': 'application/json'}, 'body': json.dumps({\n"
        + "        'event': event, 'context': {'function_name': context.function_name,\n"
        + "        'function_version': context.function_version, 'request_id': context.aws_request_id,\n"
        + "        'remaining': context.get_remaining_time_in_millis()}})}\n").spec();
    WorkerReply r = ok(pools.call(fn, lambdaEvent(fn), deadline(10_000)));
    assertThat(r.status()).isEqualTo(201);
    assertLambdaShape(json(r));
  }

  @Test
  void node_aws_lambda_gets_the_same_event_and_context() {
    FunctionSpec fn = node(root, "lambda").adapter("aws-lambda").code("exports.handler = async (event, context) => ({\n"
        + "  statusCode: 201, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ event,\n"
        + "  context: { function_name: context.functionName, function_version: context.function_version,\n"
        + "  request_id: context.awsRequestId, remaining: context.getRemainingTimeInMillis() } }) });\n").spec();
    WorkerReply r = ok(pools.call(fn, lambdaEvent(fn), deadline(10_000)));
    assertThat(r.status()).isEqualTo(201);
    assertLambdaShape(json(r));
  }

  @Test
  void node_aws_lambda_callback_style_settles_the_call() {
    FunctionSpec fn = node(root, "lambda-cb").adapter("aws-lambda").code("exports.handler = (event, context, callback) => {\n"
        + "  setTimeout(() => callback(null, { statusCode: 200, body: 'cb:' + event.rawPath }), 5);\n};\n").spec();
    assertThat(text(ok(pools.call(fn, event(fn, "/cb"), deadline(10_000))))).isEqualTo("cb:/cb");
  }

  @Test
  void lambda_base64_results_are_decoded() {
    FunctionSpec fn = python(root, "lambda-b64").adapter("aws-lambda").code("def handler(event, context):\n"
        + "    return {'statusCode': 200, 'isBase64Encoded': True, 'body': 'AAEC/v8='}\n").spec();
    assertThat(ok(pools.call(fn, event(fn, "/b"), deadline(10_000))).body()).isEqualTo(new byte[] {0, 1, 2, -2, -1});
  }

  @Test
  void python_cloudflare_worker_gets_request_env_and_ctx() {
    FunctionSpec fn = python(root, "cf").adapter("cloudflare-worker").env("GREETING", "hola").code("import asyncio\n\n"
        + "async def later():\n    await asyncio.sleep(0)\n\n"
        + "async def fetch(request, env, ctx):\n    ctx.waitUntil(later())\n    body = await request.json()\n"
        + "    return {'status': 200, 'body': {'method': request.method, 'url': request.url, 'n': body['n'],"
        + " 'greeting': env.get('GREETING')}}\n").spec();
    JsonNode j = json(ok(pools.call(fn, event(fn, "POST", "/cf/x?q=1", Map.of(), "{\"n\":7}"), deadline(10_000))));
    assertThat(j.toString()).isEqualTo(
        "{\"method\":\"POST\",\"url\":\"http://127.0.0.1:8080/cf/x?q=1\",\"n\":7,\"greeting\":\"hola\"}");
  }

  @Test
  void node_cloudflare_worker_returns_a_fetch_response() {
    FunctionSpec fn = node(root, "cf").adapter("cloudflare-worker").env("GREETING", "hola").code("export default {\n"
        + "  async fetch(request, env, ctx) {\n    ctx.waitUntil(Promise.resolve());\n    const text = await request.text();\n"
        + "    return new Response(JSON.stringify({ method: request.method, url: request.url, text,"
        + " greeting: env.GREETING }), { status: 202, headers: { 'content-type': 'application/json', 'x-cf': '1' } });\n"
        + "  },\n};\n").spec();
    WorkerReply r = ok(pools.call(fn, event(fn, "POST", "/cf/y", Map.of(), "hello"), deadline(10_000)));
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.headers()).containsEntry("x-cf", List.of("1"));
    assertThat(text(r)).isEqualTo(
        "{\"method\":\"POST\",\"url\":\"http://127.0.0.1:8080/cf/y\",\"text\":\"hello\",\"greeting\":\"hola\"}");
  }

  @Test
  void a_cloudflare_function_without_fetch_gets_a_clear_error() {
    FunctionSpec py = python(root, "cf-missing").adapter("cloudflare-worker").code("X = 1\n").spec();
    FunctionSpec js = node(root, "cf-missing").adapter("cloudflare-worker").code("exports.x = 1;\n").spec();
    String expected = "{\"error\":\"cloudflare-worker adapter requires fetch(request, env, ctx)\"}";
    assertThat(text(ok(pools.call(py, event(py, "/m"), deadline(10_000))))).isEqualTo(expected);
    assertThat(text(ok(pools.call(js, event(js, "/m"), deadline(10_000))))).isEqualTo(expected);
  }

  @Test
  void an_unknown_adapter_or_a_handler_name_that_is_no_identifier_fails_every_call_with_its_cause() {
    FunctionSpec pyAdapter = python(root, "bad-adapter").adapter("zzz").code("def handler(e):\n    return 1\n").spec();
    FunctionSpec jsAdapter = node(root, "bad-adapter").adapter("zzz").code("exports.handler = () => 1;\n").spec();
    String adapter = "{\"error\":\"invoke.adapter unsupported: zzz\"}";
    assertThat(text(ok(pools.call(pyAdapter, event(pyAdapter, "/m"), deadline(10_000))))).isEqualTo(adapter);
    assertThat(text(ok(pools.call(jsAdapter, event(jsAdapter, "/m"), deadline(10_000))))).isEqualTo(adapter);
    FunctionSpec pyHandler = python(root, "bad-handler").handler("1bad").code("def handler(e):\n    return 1\n").spec();
    FunctionSpec jsHandler = node(root, "bad-handler").handler("1bad").code("exports.handler = () => 1;\n").spec();
    String handler = "{\"error\":\"invoke.handler must be a valid identifier\"}";
    assertThat(text(ok(pools.call(pyHandler, event(pyHandler, "/m"), deadline(10_000))))).isEqualTo(handler);
    assertThat(text(ok(pools.call(jsHandler, event(jsHandler, "/m"), deadline(10_000))))).isEqualTo(handler);
    FunctionSpec jsDollar = node(root, "dollar-handler").handler("$run").code("exports.$run = () => ({ ran: true });\n").spec();
    assertThat(text(ok(pools.call(jsDollar, event(jsDollar, "/m"), deadline(10_000))))).isEqualTo("{\"ran\":true}");
  }
}
