package dev.fastfn.jobs;

import io.helidon.webserver.http.ServerRequest;

/**
 * Access control of a console endpoint: {@link #checkRead} runs first on every request,
 * {@link #checkWrite} additionally on mutating ones. Both throw the
 * {@link dev.fastfn.gateway.FnHttpException} to answer with. The console package's Guard implements
 * the full rules (sessions, rate limits, ui-state overrides); {@link InterimConsoleAccess} is the
 * stand-in until it is wired.
 */
public interface ConsoleAccess {
  void checkRead(ServerRequest req);

  void checkWrite(ServerRequest req);
}
