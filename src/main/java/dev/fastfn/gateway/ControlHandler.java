package dev.fastfn.gateway;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Handles one control-plane endpoint ({@code /_fn/...}, {@code /openapi.json}, {@code /docs}).
 * Throws {@link FnHttpException} for expected failures; {@link HttpErrors} renders them.
 * {@code subPath} is the part of the path after a prefix registration ("" for exact paths).
 */
@FunctionalInterface
public interface ControlHandler {
  void handle(ServerRequest req, ServerResponse res, String subPath) throws Exception;
}
