package dev.fastfn.console;

import dev.fastfn.discovery.AtomicFiles;
import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.FnHttpException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET|PUT /_fn/function-code}: GET answers like {@code GET /_fn/function} with the code (Q10);
 * PUT {@code {"code": "..."}} replaces the entry file in place (same file name, atomic, never through a
 * symlink) and rescans, so the next request runs the new code.
 */
final class FunctionCodeEndpoint implements ControlHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionCodeEndpoint.class);
  private final FunctionEditor editor;

  FunctionCodeEndpoint(FunctionEditor editor) {
    this.editor = editor;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    editor.serve(req, res, "code", true, (r, target, ref) -> {
      ObjectNode body = ConsoleRequests.readObject(r, 2L * FunctionDetails.CODE_LIMIT + 65_536);
      JsonNode code = body.get("code");
      if (code == null || !code.isString()) {
        throw new FnHttpException.BadRequest("code must be a string");
      }
      byte[] bytes = code.stringValue().getBytes(StandardCharsets.UTF_8);
      if (bytes.length > FunctionDetails.CODE_LIMIT) {
        throw new FnHttpException.BadRequest("code exceeds maximum size");
      }
      return () -> {
        AtomicFiles.write(target.entry(), bytes);
        LOG.info("fn={} code updated ({} bytes)", ref.label(), bytes.length);
      };
    });
  }
}
