package dev.fastfn.console;

import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET|POST|DELETE /_fn/secrets} (security-cli-ui.md A11.2): list keys (never values), upsert
 * {@code {"key","value"}} (201), delete {@code ?key=} (200, idempotent).
 */
final class SecretsEndpoint implements ControlHandler {
  private static final Logger LOG = LoggerFactory.getLogger(SecretsEndpoint.class);
  private final SecretStore store;

  SecretsEndpoint(SecretStore store) {
    this.store = store;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    switch (Guard.method(req)) {
      case "GET", "HEAD" -> {
        ArrayNode out = HttpJson.MAPPER.createArrayNode();
        for (SecretStore.Info i : store.list()) {
          ObjectNode o = out.addObject();
          o.put("key", i.key());
          o.put("created", i.createdEpochSeconds());
          if (i.updatedEpochSeconds() != null) {
            o.put("updated", i.updatedEpochSeconds());
          }
        }
        HttpJson.ok(res, out);
      }
      case "POST" -> {
        ObjectNode b = ConsoleRequests.readObject(req, ConsoleRequests.SMALL_BODY_LIMIT);
        JsonNode k = b.get("key");
        JsonNode v = b.get("value");
        if (k == null || !k.isString() || !validKey(k.stringValue()) || v == null || !v.isString()
            || v.stringValue().isEmpty()) {
          throw new FnHttpException.BadRequest(
              "invalid json body: require key/value (non-empty strings; key without spaces or control characters)");
        }
        persist(() -> store.put(k.stringValue(), v.stringValue()));
        LOG.info("console secret {} stored", k.stringValue());
        ObjectNode out = HttpJson.object();
        out.put("status", "created");
        out.put("key", k.stringValue());
        HttpJson.send(res, 201, out);
      }
      case "DELETE" -> {
        String key = ConsoleRequests.param(ConsoleRequests.query(req), "key");
        if (key == null) {
          throw new FnHttpException.BadRequest("missing key parameter");
        }
        persist(() -> store.delete(key));
        ObjectNode out = HttpJson.object();
        out.put("status", "deleted");
        out.put("key", key);
        HttpJson.ok(res, out);
      }
      default -> throw ConsoleResponses.notAllowed("GET", "POST", "DELETE");
    }
  }

  private static boolean validKey(String k) {
    return !k.isEmpty() && k.length() <= 200 && k.chars().noneMatch(c -> c <= 0x20 || c == 0x7f);
  }

  private static void persist(Runnable r) {
    try {
      r.run();
    } catch (UncheckedIOException e) {
      LOG.error("console secrets could not be saved", e);
      throw new FnHttpException.InternalError("secrets store error: could not save");
    }
  }
}
