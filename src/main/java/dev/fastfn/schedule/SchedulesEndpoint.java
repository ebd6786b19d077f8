package dev.fastfn.schedule;

import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/** {@code GET /_fn/schedules} (platform.md §3.6): GET only; wrap with the console guard's protectApiOnly. */
public final class SchedulesEndpoint implements ControlHandler {
  private final ScheduleLoop loop;

  public SchedulesEndpoint(ScheduleLoop loop) {
    this.loop = loop;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) {
    if (!req.prologue().method().text().equals("GET")) {
      throw new FnHttpException.MethodNotAllowed(List.of("GET"));
    }
    HttpJson.ok(res, loop.listing());
  }
}
