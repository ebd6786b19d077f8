package dev.fastfn.jobs;

import dev.fastfn.gateway.HttpJson;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored result of an attempt, as {@code GET /_fn/jobs/<id>/result} returns it:
 * {@code {id, status, headers, body, is_base64, latency_ms}} for text bodies, or {@code body_base64}
 * with {@code is_base64: true} for bytes that are not UTF-8. Gateway refusals are stored the way
 * a client would have seen them: their status and a {@code {"error": ...}} JSON body.
 */
final class JobResults {
  private JobResults() {}

  static ObjectNode render(String jobId, AttemptOutcome outcome) {
    ObjectNode r = HttpJson.object();
    r.put("id", jobId);
    switch (outcome) {
      case AttemptOutcome.Response resp -> {
        r.put("status", resp.status());
        ObjectNode headers = r.putObject("headers");
        resp.headers().forEach((k, v) -> headers.put(k, String.join(", ", v)));
        putBody(r, resp.body());
        r.put("latency_ms", resp.latencyMs());
      }
      case AttemptOutcome.Refused ref -> {
        r.put("status", ref.status());
        ObjectNode headers = r.putObject("headers");
        headers.put("Content-Type", HttpJson.JSON);
        ref.headers().forEach(headers::put);
        r.put("body", HttpJson.MAPPER.writeValueAsString(Map.of("error", ref.message())));
        r.put("is_base64", false);
        r.put("latency_ms", ref.latencyMs());
      }
    }
    return r;
  }

  private static void putBody(ObjectNode r, byte[] body) {
    byte[] b = body == null ? new byte[0] : body;
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
      r.put("body", text);
      r.put("is_base64", false);
    } catch (CharacterCodingException e) {
      r.put("is_base64", true);
      r.put("body_base64", Base64.getEncoder().encodeToString(b));
    }
  }
}
