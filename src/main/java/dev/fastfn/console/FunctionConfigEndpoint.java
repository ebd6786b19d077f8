package dev.fastfn.console;

import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.HttpJson;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET|PUT /_fn/function-config}: GET is the detail without code; PUT validates a
 * {@link ConfigPatch} (400 naming the bad or unknown key, nothing applied), merges it into
 * fn.config.json under the function's lock, writes atomically, rescans, and answers with the new
 * detail, so the change applies to the next request.
 */
final class FunctionConfigEndpoint implements ControlHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionConfigEndpoint.class);
  private final FunctionEditor editor;

  FunctionConfigEndpoint(FunctionEditor editor) {
    this.editor = editor;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    editor.serve(req, res, "config", false, (r, target, ref) -> {
      ConfigPatch patch = ConfigPatch.parse(ConsoleRequests.readObject(r, ConsoleRequests.JSON_BODY_LIMIT));
      return () -> {
        if (patch.isEmpty()) {
          return; // still rescans: a PUT {} is how a client asks to pick up an edit made by hand
        }
        ObjectNode existing = ConfigFile.read(target.dir()).orElseGet(() -> {
          if (ConfigFile.exists(target.dir())) {
            LOG.warn("fn={} fn.config.json is not a JSON object; it is replaced by this update", ref.label());
          }
          return HttpJson.object();
        });
        ConfigFile.write(target.dir(), patch.applyTo(existing));
        LOG.info("fn={} fn.config.json updated", ref.label());
      };
    });
  }
}
