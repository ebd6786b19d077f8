package dev.fastfn.console;

import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /_fn/login} and {@code POST /_fn/logout} (security-cli-ui.md A9.4). Login checks the
 * API guard without the login step, the login flag (override or env, the same value the UI gate
 * uses), the per-IP failure limit, then the credentials, and sets an HMAC-signed
 * {@code fastfn_session} cookie. Logout clears the cookie.
 */
final class LoginEndpoint implements ControlHandler {
  private static final Logger LOG = LoggerFactory.getLogger(LoginEndpoint.class);
  private final Guard guard;
  private final UiState flags;
  private final Credentials credentials;
  private final SessionCodec sessions;
  private final RateLimiter failures;
  private final boolean logout;

  LoginEndpoint(Guard guard, UiState flags, Credentials credentials, SessionCodec sessions, RateLimiter failures,
      boolean logout) {
    this.guard = guard;
    this.flags = flags;
    this.credentials = credentials;
    this.sessions = sessions;
    this.failures = failures;
    this.logout = logout;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    Caller caller = guard.checkApi(req, true);
    if (!Guard.method(req).equals("POST")) {
      throw ConsoleResponses.notAllowed("POST");
    }
    boolean secure = req.isSecure();
    if (logout) {
      res.header("Set-Cookie", SessionCodec.clearCookie(secure));
      ObjectNode out = HttpJson.object();
      out.put("ok", true);
      HttpJson.ok(res, out);
      return;
    }
    if (!flags.get(ConsoleFlag.LOGIN_ENABLED)) {
      throw new FnHttpException.NotFound("login disabled");
    }
    var s = flags.settings();
    String key = "login:" + caller.ip();
    if (s.loginRateLimitWindowSeconds() > 0 && failures.exhausted(key, s.loginRateLimitMax())) {
      throw new FnHttpException.RateLimited("too many login attempts, try again later",
          failures.retryAfterSeconds(key));
    }
    ObjectNode body = ConsoleRequests.readObject(req, ConsoleRequests.SMALL_BODY_LIMIT);
    JsonNode u = body.get("username");
    JsonNode p = body.get("password");
    if (u == null || !u.isString() || u.stringValue().isEmpty() || p == null || !p.isString()) {
      throw new FnHttpException.BadRequest("username and password are required");
    }
    if (!credentials.configured()) {
      throw new FnHttpException.InternalError("login is enabled but credentials are not configured");
    }
    if (!credentials.verify(u.stringValue(), p.stringValue())) {
      failures.record(key, s.loginRateLimitWindowSeconds());
      LOG.warn("console login failed from {}", caller.ip());
      throw new FnHttpException.Unauthorized("invalid credentials");
    }
    if (!sessions.hasSecret()) {
      throw new FnHttpException.InternalError("session secret not configured");
    }
    failures.reset(key);
    res.header("Set-Cookie", sessions.setCookie(sessions.issue(credentials.username()), secure));
    ObjectNode out = HttpJson.object();
    out.put("ok", true);
    out.put("user", credentials.username());
    HttpJson.ok(res, out);
  }
}
