package dev.fastfn.gateway;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON in and out of HTTP handlers. The mapper is immutable and thread-safe, so one shared instance
 * is not mutable global state.
 */
public final class HttpJson {
  public static final ObjectMapper MAPPER = JsonMapper.builder().build();
  public static final String JSON = "application/json";
  /** Largest body a control-plane endpoint reads (function code, files). */
  public static final int MAX_CONTROL_BODY = 8 * 1024 * 1024;

  private HttpJson() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static void send(ServerResponse res, int status, Object body) {
    byte[] bytes = MAPPER.writeValueAsBytes(body);
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, JSON);
    res.send(bytes);
  }

  public static void ok(ServerResponse res, Object body) {
    send(res, 200, body);
  }

  /** Reads the request body (up to {@code limit} bytes, else 413). */
  public static byte[] readBody(ServerRequest req, long limit) {
    if (!req.content().hasEntity()) {
      return new byte[0];
    }
    long declared = req.headers().contentLength().orElse(-1L);
    if (declared > limit) {
      throw new FnHttpException.PayloadTooLarge();
    }
    try (InputStream in = req.content().inputStream()) {
      return BoundedReader.readAll(in, limit);
    } catch (IOException e) {
      throw new FnHttpException.BadRequest("cannot read request body");
    }
  }

  /**
   * Parses the body as JSON of any shape (the caller decides what it accepts); an empty body is an
   * empty object; unparsable text is 400 {@code invalid json body}.
   */
  public static JsonNode readJson(ServerRequest req) {
    byte[] body = readBody(req, MAX_CONTROL_BODY);
    if (body.length == 0) {
      return object();
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      return node == null || node.isMissingNode() ? object() : node;
    } catch (JacksonException e) {
      // Exact string is public API (console-api.md §1.2, §5)
      throw new FnHttpException.BadRequest("invalid json body");
    }
  }

  public static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
