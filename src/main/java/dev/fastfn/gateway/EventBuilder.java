package dev.fastfn.gateway;

import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.discovery.FunctionSpec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** Builds the event a handler receives (runtimes.md §1.3), from an {@link Invocation}. Pure. */
final class EventBuilder {
  private EventBuilder() {}

  static ObjectNode build(Invocation inv, String requestId, long nowMillis, Map<String, String> secrets) {
    FunctionSpec fn = inv.fn();
    FunctionPolicy p = fn.policy();
    ObjectNode e = HttpJson.object();
    e.put("id", requestId);
    e.put("ts", nowMillis);
    e.put("method", inv.method());
    e.put("path", inv.path());
    e.put("raw_path", inv.rawQuery().isEmpty() ? inv.path() : inv.path() + "?" + inv.rawQuery());
    e.set("query", HttpJson.MAPPER.valueToTree(inv.query()));
    ObjectNode params = HttpJson.MAPPER.valueToTree(inv.params());
    e.set("params", params);
    e.set("path_params", params.deepCopy());
    e.set("headers", HttpJson.MAPPER.valueToTree(inv.headers()));
    putBody(e, inv.body());
    String cookie = inv.header("cookie");
    if (cookie != null) {
      e.set("session", session(cookie));
    }
    ObjectNode client = e.putObject("client");
    client.put("ip", inv.clientIp());
    String ua = inv.header("user-agent");
    if (ua != null) {
      client.put("ua", ua);
    }
    ObjectNode ctx = e.putObject("context");
    ctx.put("request_id", requestId);
    ctx.put("runtime", fn.runtime().id());
    ctx.put("function_name", fn.name());
    ctx.put("version", fn.versionLabel());
    ctx.put("timeout_ms", p.timeoutMs());
    ctx.put("max_concurrency", p.maxConcurrency());
    ctx.put("max_body_bytes", p.maxBodyBytes());
    ctx.set("worker_pool", workerPool(p));
    ctx.putObject("debug").put("enabled", p.includeDebugHeaders());
    ObjectNode trigger = ctx.putObject("trigger");
    trigger.put("type", inv.trigger().type());
    for (var d : inv.trigger().details().entrySet()) {
      trigger.set(d.getKey(), HttpJson.MAPPER.valueToTree(d.getValue()));
    }
    if (inv.userContext() != null) {
      ctx.set("user", inv.userContext());
    }
    e.set("env", HttpJson.MAPPER.valueToTree(fn.env()));
    if (!secrets.isEmpty()) {
      e.set("secrets", HttpJson.MAPPER.valueToTree(secrets));
    }
    return e;
  }

  /** Text bodies go as a string; bytes that are not UTF-8 also go as base64 so nothing is lost. */
  private static void putBody(ObjectNode e, byte[] body) {
    if (body == null) {
      return;
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
      e.put("body", text);
    } catch (CharacterCodingException ex) {
      e.put("body", new String(body, StandardCharsets.UTF_8));
      e.put("is_base64", true);
      e.put("body_base64", Base64.getEncoder().encodeToString(body));
    }
  }

  private static ObjectNode workerPool(FunctionPolicy p) {
    ObjectNode wp = HttpJson.object();
    FunctionPolicy.WorkerPoolPolicy w = p.workerPool();
    wp.put("enabled", w != null && w.enabled());
    wp.put("max_workers", w == null ? p.maxConcurrency() : w.maxWorkers());
    wp.put("max_queue", w == null ? 0 : w.maxQueue());
    wp.put("queue_timeout_ms", w == null ? 0 : w.queueTimeoutMs());
    wp.put("overflow_status", w == null ? 429 : w.overflowStatus());
    wp.put("min_warm", w == null ? 0 : w.minWarm());
    wp.put("idle_ttl_seconds", w == null ? 300 : w.idleTtlSeconds());
    return wp;
  }

  /** {id, raw, cookies}; id is the first of session_id, sessionid, sid. */
  private static ObjectNode session(String raw) {
    ObjectNode s = HttpJson.object();
    ObjectNode cookies = HttpJson.object();
    for (String part : raw.split(";")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      cookies.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    String id = null;
    for (String name : List.of("session_id", "sessionid", "sid")) {
      if (cookies.has(name)) {
        id = cookies.get(name).asString();
        break;
      }
    }
    if (id == null) {
      s.putNull("id");
    } else {
      s.put("id", id);
    }
    s.put("raw", raw);
    s.set("cookies", cookies);
    return s;
  }
}
