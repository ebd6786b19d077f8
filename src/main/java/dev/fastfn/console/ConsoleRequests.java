package dev.fastfn.console;

import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import dev.fastfn.gateway.QueryStrings;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Query parameters and JSON bodies of console requests. */
final class ConsoleRequests {
  /** Body ceiling for JSON writes (config, env, function create). */
  static final long JSON_BODY_LIMIT = 4L * 1024 * 1024;
  /** Content-Length ceiling of login, ui-state and secrets writes (A16). */
  static final long SMALL_BODY_LIMIT = 131_072;
  /** Ceiling of /_fn/invoke bodies (A16). */
  static final long INVOKE_BODY_LIMIT = 1_048_576;

  private ConsoleRequests() {}

  static Map<String, Object> query(ServerRequest req) {
    return QueryStrings.parse(req.query().rawValue());
  }

  /** A single query parameter; empty values count as absent; repeats are a 400. */
  static String param(Map<String, Object> query, String name) {
    Object v = query.get(name);
    if (v == null || v instanceof Boolean) {
      return null;
    }
    if (v instanceof List<?>) {
      throw new FnHttpException.BadRequest("query parameter '" + name + "' given more than once");
    }
    String s = v.toString();
    return s.isEmpty() ? null : s;
  }

  /** The body as a JSON object; an empty body is {}; anything else is 400 {@code invalid json body}. */
  static ObjectNode readObject(ServerRequest req, long limit) {
    JsonNode n = readJson(req, limit);
    if (n == null) {
      return HttpJson.object();
    }
    if (!n.isObject()) {
      throw new FnHttpException.BadRequest("invalid json body: expected a JSON object");
    }
    return (ObjectNode) n;
  }

  /** The parsed body, or null when there is none. */
  static JsonNode readJson(ServerRequest req, long limit) {
    byte[] body = HttpJson.readBody(req, limit);
    if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      return null;
    }
    try {
      JsonNode n = HttpJson.MAPPER.readTree(body);
      return n == null || n.isMissingNode() ? null : n;
    } catch (JacksonException e) {
      throw new FnHttpException.BadRequest("invalid json body");
    }
  }
}
