package dev.fastfn.runtime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a worker's reply frame into a {@link CallOutcome} (shape checks of runtimes.md §1.4). Runs on
 * the calling thread, not the worker's reader thread.
 */
final class Replies {
  private static final Map<String, List<String>> JSON_HEADERS = Map.of("Content-Type", List.of("application/json"));

  private Replies() {}

  static CallOutcome decode(JsonNode msg, int workerIndex, boolean cold) {
    JsonNode statusNode = msg.get("status");
    JsonNode error = msg.get("error");
    if (error != null && !error.isNull()) {
      int status = statusNode != null && statusNode.isIntegralNumber() ? statusNode.intValue() : 500;
      if (status < 100 || status > 599) {
        status = 500;
      }
      return new CallOutcome.Ok(new WorkerReply(status, JSON_HEADERS, errorBody(error.asString()),
          text(msg, "stdout"), text(msg, "stderr"), workerIndex, cold));
    }
    if (statusNode == null || !statusNode.isNumber()) {
      return new CallOutcome.BadFrame("reply status is not a number");
    }
    int status = statusNode.asInt();
    if (status < 100 || status > 599) {
      return new CallOutcome.BadFrame("reply status " + status + " is not an HTTP status");
    }
    JsonNode headersNode = msg.get("headers");
    Map<String, List<String>> headers;
    if (headersNode == null || headersNode.isNull()) {
      headers = Map.of();
    } else if (headersNode.isObject()) {
      headers = headers(headersNode);
    } else {
      return new CallOutcome.BadFrame("reply headers is not an object");
    }
    byte[] body;
    JsonNode isB64 = msg.get("is_base64");
    if (isB64 != null && isB64.asBoolean(false)) {
      JsonNode b64 = msg.get("body_base64");
      if (b64 == null || !b64.isString()) {
        return new CallOutcome.BadFrame("body_base64 is not a string");
      }
      try {
        String text = b64.stringValue();
        // Strict unless the handler wrapped its base64 in lines (Python's encodebytes does).
        body = text.indexOf('\n') >= 0 ? Base64.getMimeDecoder().decode(text) : Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        return new CallOutcome.BadFrame("invalid body_base64");
      }
    } else {
      JsonNode b = msg.get("body");
      if (b == null || b.isNull()) {
        body = new byte[0];
      } else if (b.isString()) {
        body = b.stringValue().getBytes(StandardCharsets.UTF_8);
      } else {
        return new CallOutcome.BadFrame("reply body is not a string");
      }
    }
    return new CallOutcome.Ok(new WorkerReply(status, headers, body, text(msg, "stdout"), text(msg, "stderr"),
        workerIndex, cold));
  }

  /** {@code {"error": message}} as UTF-8 JSON. */
  static byte[] errorBody(String message) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("error", message);
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }

  static WorkerReply errorReply(int status, String message, int workerIndex, boolean cold) {
    return new WorkerReply(status, JSON_HEADERS, errorBody(message), "", "", workerIndex, cold);
  }

  /** The reply for a function that cannot be loaded now ({@code Retry-After} when it says when to retry). */
  static WorkerReply notLoadable(WorkerPreparer.Prepared.Failed f) {
    if (f.retryAfterSeconds() <= 0) {
      return errorReply(f.status(), f.message(), 0, true);
    }
    Map<String, List<String>> headers = new LinkedHashMap<>(JSON_HEADERS);
    headers.put("Retry-After", List.of(Long.toString(f.retryAfterSeconds())));
    return new WorkerReply(f.status(), headers, errorBody(f.message()), "", "", 0, true);
  }

  private static String text(JsonNode msg, String field) {
    JsonNode n = msg.get(field);
    return n != null && n.isString() ? n.stringValue() : "";
  }

  /**
   * Header values become strings; lists stay lists; names that are not HTTP tokens (empty, a space,
   * a colon, a line break...) and values with CR/LF are dropped.
   */
  private static Map<String, List<String>> headers(JsonNode node) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String name = e.getKey();
      if (!isToken(name)) {
        continue;
      }
      JsonNode v = e.getValue();
      List<String> values = new ArrayList<>(1);
      if (v.isArray()) {
        for (JsonNode item : v) {
          addValue(values, item);
        }
      } else {
        addValue(values, v);
      }
      if (!values.isEmpty()) {
        out.put(name, List.copyOf(values));
      }
    }
    return out;
  }

  private static void addValue(List<String> values, JsonNode v) {
    if (v == null || v.isNull() || v.isContainer()) {
      return;
    }
    String s = v.asString();
    if (!hasLineBreak(s)) {
      values.add(s);
    }
  }

  /** RFC 9110 token: one or more of ALPHA, DIGIT and {@code !#$%&'*+-.^_`|~}. */
  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasLineBreak(String s) {
    return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
  }
}
