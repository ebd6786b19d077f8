package dev.fastfn.gateway;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that writes error bodies: {@code {"error": "..."}} plus documented sibling keys. */
public final class HttpErrors {
  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {}

  public static void render(FnHttpException e, ServerResponse res) {
    if (res.isSent()) {
      LOG.debug("error after response was sent: {}", e.getMessage());
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", e.getMessage());
    body.putAll(e.extraFields());
    for (var h : e.headers().entrySet()) {
      res.header(h.getKey(), h.getValue());
    }
    res.header("X-FastFN-Error", "gateway");
    HttpJson.send(res, e.status(), body);
  }

  /** Unexpected failure: logged with its stack trace, never shown to the client. */
  public static void unexpected(Throwable t, ServerResponse res, String what) {
    LOG.error("unexpected error in {}", what, t);
    if (res.isSent()) {
      return;
    }
    res.header(HeaderNames.CONNECTION, "close");
    HttpJson.send(res, 500, Map.of("error", "internal error"));
  }
}
