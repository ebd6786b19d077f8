package dev.fastfn.console;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.deps.Packs;
import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.HttpJson;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;

/**
 * {@code GET /_fn/packs} (console-api.md §4.5): the shared dependency packs under
 * {@code <root>/.fastfn/packs/<runtime>/<pack>} as the deps package lists them ({@link Packs#list}).
 */
final class PacksEndpoint implements ControlHandler {
  private final FastfnConfig config;
  private final Clock clock;

  PacksEndpoint(FastfnConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    String method = Guard.method(req);
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw ConsoleResponses.notAllowed("GET");
    }
    HttpJson.ok(res, Packs.list(config, clock.instant()));
  }
}
