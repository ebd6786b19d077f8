package dev.fastfn.gateway;

import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.discovery.FunctionSpec;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.JsonNode;

/**
 * Builds the event a handler receives (runtimes.md §1.3), from an {@link Invocation}, directly as
 * UTF-8 JSON bytes: the event is written once, straight into the frame the worker reads, without an
 * intermediate tree (it is on every request's path; the tree cost more than the rest of the gateway).
 * The parts that depend only on the function version ({@code context}'s policy fields, {@code env})
 * are encoded once per {@link FunctionSpec} and copied raw.
 *
 * <p>Thread-safe: the only state is the per-function template cache, replaced when a spec changes.
 */
final class EventBuilder {
  /** Pre-encoded parts of one function version's events. */
  private record Template(FunctionSpec spec, SerializedString contextTail, SerializedString env) {}

  private final ConcurrentHashMap<String, Template> templates = new ConcurrentHashMap<>();

  byte[] build(Invocation inv, String requestId, long nowMillis, Map<String, String> secrets) {
    FunctionSpec fn = inv.fn();
    Template t = template(fn);
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = HttpJson.MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringProperty("id", requestId);
      g.writeNumberProperty("ts", nowMillis);
      g.writeStringProperty("method", inv.method());
      g.writeStringProperty("path", inv.path());
      g.writeStringProperty("raw_path", inv.rawQuery().isEmpty() ? inv.path() : inv.path() + "?" + inv.rawQuery());
      g.writeName("query");
      writeMap(g, inv.query());
      g.writeName("params");
      writeMap(g, inv.params());
      g.writeName("path_params");
      writeMap(g, inv.params());
      g.writeName("headers");
      writeMap(g, inv.headers());
      writeBody(g, inv.body());
      String cookie = inv.cookies();
      if (cookie != null) {
        g.writeName("session");
        writeSession(g, cookie);
      }
      g.writeObjectPropertyStart("client");
      g.writeStringProperty("ip", inv.clientIp());
      String agent = inv.trigger().agent();
      String ua = agent != null ? agent : inv.header("user-agent");
      if (ua != null) {
        g.writeStringProperty("ua", ua);
      }
      g.writeEndObject();
      g.writeObjectPropertyStart("context");
      g.writeStringProperty("request_id", requestId);
      g.writeRaw(t.contextTail()); // runtime .. debug, starting with ','
      g.writeObjectPropertyStart("trigger");
      g.writeStringProperty("type", inv.trigger().type());
      for (var d : inv.trigger().details().entrySet()) {
        g.writeName(d.getKey());
        writeValue(g, d.getValue());
      }
      g.writeEndObject();
      if (inv.userContext() != null) {
        g.writeName("user");
        g.writeTree(inv.userContext());
      }
      g.writeEndObject();
      g.writeName("env");
      g.writeRawValue(t.env());
      if (!secrets.isEmpty()) {
        g.writeName("secrets");
        writeMap(g, secrets);
      }
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private Template template(FunctionSpec fn) {
    Template t = templates.get(fn.key());
    if (t == null || t.spec() != fn) {
      t = newTemplate(fn);
      templates.put(fn.key(), t);
    }
    return t;
  }

  private static Template newTemplate(FunctionSpec fn) {
    FunctionPolicy p = fn.policy();
    StringWriter ctx = new StringWriter();
    try (JsonGenerator g = HttpJson.MAPPER.createGenerator(ctx)) {
      g.writeStartObject();
      g.writeStringProperty("runtime", fn.runtime().id());
      g.writeStringProperty("function_name", fn.name());
      g.writeStringProperty("version", fn.versionLabel());
      g.writeNumberProperty("timeout_ms", p.timeoutMs());
      g.writeNumberProperty("max_concurrency", p.maxConcurrency());
      g.writeNumberProperty("max_body_bytes", p.maxBodyBytes());
      writeWorkerPool(g, p);
      g.writeObjectPropertyStart("debug");
      g.writeBooleanProperty("enabled", p.includeDebugHeaders());
      g.writeEndObject();
      g.writeEndObject();
    }
    String c = ctx.toString();
    StringWriter env = new StringWriter();
    try (JsonGenerator g = HttpJson.MAPPER.createGenerator(env)) {
      writeMap(g, fn.env());
    }
    return new Template(fn, new SerializedString("," + c.substring(1, c.length() - 1)),
        new SerializedString(env.toString()));
  }

  private static void writeMap(JsonGenerator g, Map<String, ?> map) {
    g.writeStartObject();
    for (Map.Entry<String, ?> e : map.entrySet()) {
      g.writeName(e.getKey());
      writeValue(g, e.getValue());
    }
    g.writeEndObject();
  }

  /** Strings, booleans, numbers, lists and maps of them (query, headers, trigger details); else POJO. */
  @SuppressWarnings("unchecked")
  private static void writeValue(JsonGenerator g, Object v) {
    switch (v) {
      case null -> g.writeNull();
      case String s -> g.writeString(s);
      case Boolean b -> g.writeBoolean(b);
      case Integer i -> g.writeNumber(i);
      case Long l -> g.writeNumber(l);
      case List<?> list -> {
        g.writeStartArray();
        for (Object item : list) {
          writeValue(g, item);
        }
        g.writeEndArray();
      }
      case Map<?, ?> m -> writeMap(g, (Map<String, ?>) m);
      case JsonNode n -> g.writeTree(n);
      default -> g.writePOJO(v);
    }
  }

  /** Text bodies go as a string; bytes that are not UTF-8 also go as base64 so nothing is lost. */
  private static void writeBody(JsonGenerator g, byte[] body) {
    if (body == null) {
      return;
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
      g.writeStringProperty("body", text);
    } catch (CharacterCodingException ex) {
      g.writeStringProperty("body", new String(body, StandardCharsets.UTF_8));
      g.writeBooleanProperty("is_base64", true);
      g.writeStringProperty("body_base64", Base64.getEncoder().encodeToString(body));
    }
  }

  private static void writeWorkerPool(JsonGenerator g, FunctionPolicy p) {
    FunctionPolicy.WorkerPoolPolicy w = p.workerPool();
    g.writeObjectPropertyStart("worker_pool");
    g.writeBooleanProperty("enabled", w != null && w.enabled());
    g.writeNumberProperty("max_workers", w == null ? p.maxConcurrency() : w.maxWorkers());
    g.writeNumberProperty("max_queue", w == null ? 0 : w.maxQueue());
    g.writeNumberProperty("queue_timeout_ms", w == null ? 0 : w.queueTimeoutMs());
    g.writeNumberProperty("queue_poll_ms",
        w == null ? FunctionPolicy.WorkerPoolPolicy.DEFAULT_QUEUE_POLL_MS : w.queuePollMs());
    g.writeNumberProperty("overflow_status", w == null ? 429 : w.overflowStatus());
    g.writeNumberProperty("min_warm", w == null ? 0 : w.minWarm());
    g.writeNumberProperty("idle_ttl_seconds", w == null ? 300 : w.idleTtlSeconds());
    g.writeEndObject();
  }

  /** {id, raw, cookies}; id is the first of session_id, sessionid, sid. */
  private static void writeSession(JsonGenerator g, String raw) {
    Map<String, String> cookies = new LinkedHashMap<>();
    for (String part : raw.split(";")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      cookies.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    String id = null;
    for (String name : List.of("session_id", "sessionid", "sid")) {
      if (cookies.containsKey(name)) {
        id = cookies.get(name);
        break;
      }
    }
    g.writeStartObject();
    if (id == null) {
      g.writeNullProperty("id");
    } else {
      g.writeStringProperty("id", id);
    }
    g.writeStringProperty("raw", raw);
    g.writeName("cookies");
    writeMap(g, cookies);
    g.writeEndObject();
  }
}
