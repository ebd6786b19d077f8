package dev.fastfn.console;

import dev.fastfn.discovery.AtomicFiles;
import java.io.IOException;

import dev.fastfn.gateway.FnHttpException;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;

/** Small shared pieces of console responses. */
final class ConsoleResponses {
  private ConsoleResponses() {}

  /** "http://host:port" of this request, for example URLs in details. */
  static String baseUrl(ServerRequest req) {
    String host = Guard.header(req, "Host");
    return "http://" + (host == null || host.isBlank() ? "127.0.0.1:8080" : host.trim());
  }

  /** 405 for a method the endpoint does not serve. */
  static FnHttpException.MethodNotAllowed notAllowed(String... allowed) {
    return new FnHttpException.MethodNotAllowed(List.of(allowed));
  }

  /** Seconds since the epoch with millisecond precision, as the reference reports timestamps. */
  static java.math.BigDecimal epochSeconds(java.time.Instant t) {
    return java.math.BigDecimal.valueOf(t.toEpochMilli(), 3); // plain "1712345678.901", never E-notation
  }

  /** 400 for a symlinked target, 500 for any other write failure. */
  static dev.fastfn.gateway.FnHttpException failure(String what, IOException e) {
    return e instanceof AtomicFiles.SymlinkTarget
        ? new dev.fastfn.gateway.FnHttpException.BadRequest(e.getMessage())
        : new dev.fastfn.gateway.FnHttpException.InternalError("failed to write " + what + ": " + e.getMessage());
  }
}
