package dev.fastfn.console;

import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Small shared pieces of console responses. */
final class ConsoleResponses {
  private ConsoleResponses() {}

  /** "http://host:port" of this request, for example URLs in details. */
  static String baseUrl(ServerRequest req) {
    String host = Guard.header(req, "Host");
    return "http://" + (host == null || host.isBlank() ? "127.0.0.1:8080" : host.trim());
  }

  static void send(ServerResponse res, int status, JsonNode body) {
    HttpJson.send(res, status, body);
  }

  /** 405 for a method the endpoint does not serve. */
  static FnHttpException.MethodNotAllowed notAllowed(String... allowed) {
    return new FnHttpException.MethodNotAllowed(List.of(allowed));
  }

  /** Seconds since the epoch with millisecond precision, as the reference reports timestamps. */
  static java.math.BigDecimal epochSeconds(java.time.Instant t) {
    return java.math.BigDecimal.valueOf(t.toEpochMilli(), 3); // plain "1712345678.901", never E-notation
  }
}
