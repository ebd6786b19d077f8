package dev.fastfn.console;

import dev.fastfn.config.ConsoleSettings;
import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.FnHttpException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access control for every guarded {@code /_fn/*} endpoint (security-cli-ui.md A3/A4 with D1).
 *
 * <p>{@link #checkApi} (enforce_api), in order: API switched off (404 {@code console api disabled}),
 * admin API off (404 {@code admin api disabled}), local-only and neither local nor admin token (403
 * {@code console api local-only}), login required for the API and neither token nor session (401),
 * per-IP rate limit (429), and for mutating methods without the token a cross-site browser request
 * (D1: {@code Sec-Fetch-Site: cross-site}, or an {@code Origin} whose host:port differs from
 * {@code Host}) gets 403. {@code X-Fn-Request: 1} is accepted but never required (D1).
 *
 * <p>{@link #checkWrite} (enforce_write, after checkApi): write rate limit (429), then the admin token
 * allows, else write disabled (403 {@code console write disabled}), else local-only and not local
 * (403 {@code console write local-only}).
 *
 * <p>Other packages get their endpoints guarded with {@link #protect} (writes need write access for
 * non-GET methods) or {@link #protectApiOnly}, plus {@link #checkWriteOnly} where the endpoint decides
 * which methods write. Thread-safe.
 */
public final class Guard {
  private static final Logger LOG = LoggerFactory.getLogger(Guard.class);
  static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  static final String TOO_MANY = "too many console requests, try again later";

  private final UiState flags;
  private final RateLimiter limiter;
  private final SessionCodec sessions;
  private final List<Cidr> trustedProxies;
  private final byte[] adminToken;

  Guard(UiState flags, RateLimiter limiter, SessionCodec sessions) {
    this.flags = flags;
    this.limiter = limiter;
    this.sessions = sessions;
    ConsoleSettings s = flags.settings();
    this.trustedProxies = s.trustedProxyCidrs().stream()
        .map(c -> {
          Optional<Cidr> parsed = Cidr.parse(c);
          if (parsed.isEmpty()) {
            LOG.warn("FN_TRUSTED_PROXY_CIDRS entry '{}' is not an address block; ignored", c);
          }
          return parsed;
        })
        .flatMap(Optional::stream)
        .toList();
    String token = s.adminToken();
    this.adminToken = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /** Wraps {@code handler}: enforce_api for every method, plus enforce_write for non-GET/HEAD/OPTIONS. */
  public ControlHandler protect(ControlHandler handler) {
    return (req, res, sub) -> {
      Caller c = checkApi(req);
      if (!SAFE_METHODS.contains(method(req))) {
        checkWrite(req, c);
      }
      handler.handle(req, res, sub);
    };
  }

  /** Wraps {@code handler} with enforce_api only (reads, /_fn/invoke, /_fn/reload). */
  public ControlHandler protectApiOnly(ControlHandler handler) {
    return (req, res, sub) -> {
      checkApi(req);
      handler.handle(req, res, sub);
    };
  }

  /** enforce_api; throws the documented FnHttpException on refusal. */
  public void checkApiAccess(ServerRequest req) {
    checkApi(req);
  }

  /** enforce_api then enforce_write. */
  public void checkWriteAccess(ServerRequest req) {
    checkWrite(req, checkApi(req));
  }

  /**
   * enforce_write alone, for an endpoint wrapped by {@link #protectApiOnly} that checks its methods
   * before write access ({@code /_fn/jobs}: an unsupported method is 405 even without write access).
   */
  public void checkWriteOnly(ServerRequest req) {
    checkWrite(req, caller(req));
  }

  Caller checkApi(ServerRequest req) {
    return checkApi(req, false);
  }

  Caller checkApi(ServerRequest req, boolean skipLogin) {
    if (!flags.get(ConsoleFlag.API_ENABLED)) {
      throw new FnHttpException.NotFound("console api disabled");
    }
    if (!flags.settings().adminApiEnabled()) {
      throw new FnHttpException.NotFound("admin api disabled");
    }
    Caller caller = caller(req);
    if (flags.get(ConsoleFlag.LOCAL_ONLY) && !caller.local() && !caller.adminToken()) {
      throw new FnHttpException.Forbidden("console api local-only");
    }
    if (!skipLogin && flags.get(ConsoleFlag.LOGIN_API_ENABLED) && !caller.adminToken() && caller.sessionUser() == null) {
      throw new FnHttpException.Unauthorized("login required");
    }
    String method = method(req);
    ConsoleSettings s = flags.settings();
    int max = SAFE_METHODS.contains(method) ? s.rateLimitMax() : s.writeRateLimitMax();
    String key = "api:" + caller.ip();
    if (!limiter.tryAcquire(key, max, s.rateLimitWindowSeconds())) {
      throw new FnHttpException.RateLimited(TOO_MANY, limiter.retryAfterSeconds(key));
    }
    if (!SAFE_METHODS.contains(method) && !caller.adminToken()) {
      refuseCrossSite(req);
    }
    return caller;
  }

  void checkWrite(ServerRequest req, Caller caller) {
    ConsoleSettings s = flags.settings();
    String key = "write:" + caller.ip();
    if (!limiter.tryAcquire(key, s.writeRateLimitMax(), s.rateLimitWindowSeconds())) {
      throw new FnHttpException.RateLimited(TOO_MANY, limiter.retryAfterSeconds(key));
    }
    if (caller.adminToken()) {
      return;
    }
    if (!flags.get(ConsoleFlag.WRITE_ENABLED)) {
      throw new FnHttpException.Forbidden("console write disabled");
    }
    if (flags.get(ConsoleFlag.LOCAL_ONLY) && !caller.local()) {
      throw new FnHttpException.Forbidden("console write local-only");
    }
  }

  /** Locality, admin token and session of a request. */
  Caller caller(ServerRequest req) {
    String peer = peer(req);
    String xff = header(req, "X-Forwarded-For");
    ClientAddress addr = ClientAddress.of(peer, xff, trustedProxies);
    if (xff != null && !xff.isBlank() && !addr.local()) {
      LOG.debug("console request from peer={} with X-Forwarded-For is not local", peer);
    }
    boolean token = hasAdminToken(header(req, "x-fn-admin-token"));
    String user = sessions.verify(SessionCodec.cookieValue(header(req, "Cookie"))).orElse(null);
    return new Caller(addr.ip(), addr.local(), token, user);
  }

  /** Constant-time comparison with FN_ADMIN_TOKEN; never true when no token is configured. */
  boolean hasAdminToken(String presented) {
    if (adminToken == null || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), adminToken);
  }

  /** D1: a browser on another site may not drive console writes with the user's local access. */
  static void refuseCrossSite(ServerRequest req) {
    String site = header(req, "Sec-Fetch-Site");
    if (site != null && site.trim().equalsIgnoreCase("cross-site")) {
      throw new FnHttpException.Forbidden("cross-site console request refused");
    }
    String origin = header(req, "Origin");
    if (origin != null && !sameOrigin(origin, header(req, "Host"))) {
      throw new FnHttpException.Forbidden("cross-origin console request refused");
    }
  }

  /** True when the Origin's host:port equals the Host header (default ports filled in). */
  static boolean sameOrigin(String origin, String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    URI o;
    try {
      o = new URI(origin.trim());
    } catch (URISyntaxException e) {
      return false;
    }
    if (o.getScheme() == null || o.getHost() == null) {
      return false; // includes "null" origins from sandboxed documents
    }
    String scheme = o.getScheme().toLowerCase(Locale.ROOT);
    int defaultPort = scheme.equals("https") ? 443 : 80;
    int originPort = o.getPort() == -1 ? defaultPort : o.getPort();
    String originHost = stripBrackets(o.getHost().toLowerCase(Locale.ROOT));
    String h = host.trim().toLowerCase(Locale.ROOT);
    String hostName;
    int hostPort;
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      if (end < 0) {
        return false;
      }
      hostName = h.substring(1, end);
      String rest = h.substring(end + 1);
      hostPort = rest.startsWith(":") ? parsePort(rest.substring(1)) : defaultPort;
    } else {
      int colon = h.lastIndexOf(':');
      hostName = colon < 0 ? h : h.substring(0, colon);
      hostPort = colon < 0 ? defaultPort : parsePort(h.substring(colon + 1));
    }
    return hostName.equals(originHost) && hostPort == originPort;
  }

  private static int parsePort(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String stripBrackets(String h) {
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  static String method(ServerRequest req) {
    return req.prologue().method().text().toUpperCase(Locale.ROOT);
  }

  static String header(ServerRequest req, String name) {
    return req.headers().first(HeaderNames.create(name)).orElse(null);
  }

  static String peer(ServerRequest req) {
    SocketAddress a = req.remotePeer().address();
    if (a instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return "";
  }
}
