package dev.fastfn.console;

import dev.fastfn.gateway.ControlHandler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET|PUT /_fn/function-env}: the function's fn.env.json with secret values masked as
 * {@code <hidden>}; PUT patches it ({@link EnvFile#apply}) under the function's lock, writes it
 * atomically and rescans. The response is the detail without code (its {@code fn_env} is masked).
 */
final class FunctionEnvEndpoint implements ControlHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionEnvEndpoint.class);
  private final FunctionEditor editor;

  FunctionEnvEndpoint(FunctionEditor editor) {
    this.editor = editor;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    editor.serve(req, res, "env", false, (r, target, ref) -> {
      ObjectNode body = ConsoleRequests.readObject(r, ConsoleRequests.JSON_BODY_LIMIT);
      return () -> {
        TreeMap<String, EnvFile.Entry> env = EnvFile.read(target.dir());
        EnvFile.apply(env, body);
        EnvFile.write(target.dir(), env);
        LOG.info("fn={} fn.env.json updated ({} keys)", ref.label(), env.size());
      };
    });
  }
}
