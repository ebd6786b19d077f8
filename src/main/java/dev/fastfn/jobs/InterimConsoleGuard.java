package dev.fastfn.jobs;

import dev.fastfn.config.ConsoleSettings;
import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.FnHttpException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The console guard's env-level rules (console-api.md §2.3/§2.4 and D1), without sessions, rate
 * limits or ui-state overrides, for the jobs and schedules endpoints until {@code console.Guard}
 * is wired: it has the same {@link #protect} / {@link #protectApiOnly} methods, so {@code cli/App}
 * swaps one for the other. Stateless and thread-safe.
 */
public final class InterimConsoleGuard {
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private final ConsoleSettings settings;

  public InterimConsoleGuard(ConsoleSettings settings) {
    this.settings = settings;
  }

  /** enforce_api for every method, plus enforce_write for methods other than GET/HEAD/OPTIONS. */
  public ControlHandler protect(ControlHandler handler) {
    return (req, res, sub) -> {
      checkRead(req);
      if (!SAFE_METHODS.contains(req.prologue().method().text())) {
        checkWrite(req);
      }
      handler.handle(req, res, sub);
    };
  }

  /** enforce_api only. */
  public ControlHandler protectApiOnly(ControlHandler handler) {
    return (req, res, sub) -> {
      checkRead(req);
      handler.handle(req, res, sub);
    };
  }

  void checkRead(ServerRequest req) {
    if (!settings.apiEnabled()) {
      throw new FnHttpException.NotFound("console api disabled");
    }
    if (!settings.adminApiEnabled()) {
      throw new FnHttpException.NotFound("admin api disabled");
    }
    boolean token = hasAdminToken(req);
    if (settings.localOnly() && !token && !isLocal(req)) {
      throw new FnHttpException.Forbidden("console api local-only");
    }
    if (settings.loginApi() && !token) {
      throw new FnHttpException.Unauthorized("login required");
    }
  }

  void checkWrite(ServerRequest req) {
    if (hasAdminToken(req)) {
      return;
    }
    if (isCrossSite(req)) {
      throw new FnHttpException.Forbidden("cross-site console write refused");
    }
    if (!settings.writeEnabled()) {
      throw new FnHttpException.Forbidden("console write disabled");
    }
    if (settings.localOnly() && !isLocal(req)) {
      throw new FnHttpException.Forbidden("console write local-only");
    }
  }

  private boolean hasAdminToken(ServerRequest req) {
    String expected = settings.adminToken();
    if (expected == null || expected.isEmpty()) {
      return false;
    }
    Optional<String> given = req.headers().first(HeaderNames.create("x-fn-admin-token"));
    return given.isPresent() && MessageDigest.isEqual(given.get().getBytes(StandardCharsets.UTF_8),
        expected.getBytes(StandardCharsets.UTF_8));
  }

  /** D1: a browser write from another site (Sec-Fetch-Site or an Origin whose host is not Host). */
  private static boolean isCrossSite(ServerRequest req) {
    if (req.headers().first(HeaderNames.create("sec-fetch-site")).map("cross-site"::equalsIgnoreCase).orElse(false)) {
      return true;
    }
    Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
    if (origin.isEmpty() || origin.get().equals("null")) {
      return false;
    }
    String host = req.headers().first(HeaderNames.HOST).orElse("").toLowerCase(Locale.ROOT);
    try {
      URI o = URI.create(origin.get());
      String oh = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
      return oh == null || !oh.toLowerCase(Locale.ROOT).equals(host);
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  /** Private or loopback peer and no X-Forwarded-For (console-api.md §2.2). */
  static boolean isLocal(ServerRequest req) {
    if (req.headers().contains(HeaderNames.X_FORWARDED_FOR)) {
      return false;
    }
    SocketAddress addr = req.remotePeer().address();
    if (!(addr instanceof InetSocketAddress inet) || inet.getAddress() == null) {
      return false;
    }
    return isPrivate(inet.getAddress());
  }

  static boolean isPrivate(InetAddress a) {
    if (a instanceof Inet4Address) {
      byte[] b = a.getAddress();
      int b0 = b[0] & 0xff;
      int b1 = b[1] & 0xff;
      return b0 == 127 || b0 == 10 || (b0 == 192 && b1 == 168) || (b0 == 172 && b1 >= 16 && b1 <= 31);
    }
    if (a instanceof Inet6Address) {
      if (a.isLoopbackAddress()) {
        return true;
      }
      byte[] b = a.getAddress();
      int b0 = b[0] & 0xff;
      int b1 = b[1] & 0xff;
      return b0 == 0xfc || b0 == 0xfd || (b0 == 0xfe && (b1 & 0xc0) == 0x80);
    }
    return false;
  }
}
