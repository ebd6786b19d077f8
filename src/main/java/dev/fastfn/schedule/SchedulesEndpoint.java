package dev.fastfn.schedule;

import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import dev.fastfn.jobs.ConsoleAccess;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/** {@code GET /_fn/schedules} (platform.md §3.6): guard first, GET only. */
public final class SchedulesEndpoint implements ControlHandler {
  private final ScheduleLoop loop;
  private final ConsoleAccess access;

  public SchedulesEndpoint(ScheduleLoop loop, ConsoleAccess access) {
    this.loop = loop;
    this.access = access;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    access.checkRead(req);
    if (!req.prologue().method().text().equals("GET")) {
      throw new FnHttpException.MethodNotAllowed(List.of("GET"));
    }
    HttpJson.ok(res, loop.listing());
  }
}
