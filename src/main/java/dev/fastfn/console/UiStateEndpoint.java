package dev.fastfn.console;

import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /_fn/ui-state} (security-cli-ui.md A10): GET the effective flags; PUT/POST/PATCH override
 * some of them in memory (all fields validated before any is applied); DELETE drops every override.
 * The method is checked before the guard; mutations also need write access.
 */
final class UiStateEndpoint implements ControlHandler {
  private static final Logger LOG = LoggerFactory.getLogger(UiStateEndpoint.class);
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "PUT", "POST", "PATCH", "DELETE");

  private final Guard guard;
  private final UiState state;

  UiStateEndpoint(Guard guard, UiState state) {
    this.guard = guard;
    this.state = state;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    String method = Guard.method(req);
    if (!METHODS.contains(method)) {
      throw ConsoleResponses.notAllowed("GET", "PUT", "POST", "PATCH", "DELETE");
    }
    Caller caller = guard.checkApi(req);
    switch (method) {
      case "GET", "HEAD" -> { }
      case "DELETE" -> {
        guard.checkWrite(req, caller);
        state.clear();
        LOG.warn("console flag overrides cleared by {}", caller.ip());
      }
      default -> {
        guard.checkWrite(req, caller);
        ObjectNode body = ConsoleRequests.readObject(req, ConsoleRequests.SMALL_BODY_LIMIT);
        Map<ConsoleFlag, Boolean> changes = new EnumMap<>(ConsoleFlag.class);
        for (ConsoleFlag f : ConsoleFlag.values()) {
          JsonNode v = body.get(f.key());
          if (v == null) {
            continue;
          }
          if (!v.isBoolean()) {
            throw new FnHttpException.BadRequest(f.key() + " must be boolean");
          }
          changes.put(f, v.booleanValue());
        }
        changes.forEach((f, v) -> {
          state.set(f, v);
          LOG.warn("console flag {} set to {} by {}", f.key(), v, caller.ip());
        });
      }
    }
    HttpJson.ok(res, snapshot(caller.sessionUser()));
  }

  ObjectNode snapshot(String currentUser) {
    ObjectNode out = HttpJson.object();
    out.put("ui_enabled", state.get(ConsoleFlag.UI_ENABLED));
    out.put("api_enabled", state.get(ConsoleFlag.API_ENABLED));
    out.put("admin_api_enabled", state.settings().adminApiEnabled());
    out.put("write_enabled", state.get(ConsoleFlag.WRITE_ENABLED));
    out.put("local_only", state.get(ConsoleFlag.LOCAL_ONLY));
    out.put("login_enabled", state.get(ConsoleFlag.LOGIN_ENABLED));
    out.put("login_api_enabled", state.get(ConsoleFlag.LOGIN_API_ENABLED));
    out.put("public_explore", state.get(ConsoleFlag.PUBLIC_EXPLORE));
    if (currentUser == null) {
      out.putNull("current_user");
    } else {
      out.put("current_user", currentUser);
    }
    return out;
  }
}
