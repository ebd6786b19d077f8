package dev.fastfn.logs;

import dev.fastfn.gateway.ControlHandler;
import dev.fastfn.gateway.FnHttpException;
import dev.fastfn.gateway.HttpJson;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /_fn/logs?file=runtime|access|error&format=text|json&runtime=&fn=&version=&stream=&lines=}
 * (platform.md §7). The console guard wraps this endpoint (see App); it answers GET and HEAD only.
 * The file name is mapped through {@link LogFile}, never used as a path. Errors: 400 {@code invalid file} / {@code invalid stream}, 404 {@code log not found}.
 */
public final class LogsEndpoint implements ControlHandler {
  static final String INVALID_FILE = "invalid file";
  static final String INVALID_STREAM = "invalid stream";
  static final String NOT_FOUND = "log not found";
  private static final List<String> ALLOWED = List.of("GET", "HEAD");

  private final Path logsDir;
  private final Runnable beforeRead;

  /**
   * Access control is the caller's: register it wrapped in the console guard.
   *
   * @param beforeRead runs before a file is read, e.g. {@link LogFiles#sync()} so lines logged just
   *     before the request (written by a background thread) are seen
   */
  public LogsEndpoint(Path logsDir, Runnable beforeRead) {
    this.logsDir = logsDir;
    this.beforeRead = beforeRead;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res, String subPath) throws IOException {
    Method method = req.prologue().method();
    if (method != Method.GET && method != Method.HEAD) {
      throw new FnHttpException.MethodNotAllowed(ALLOWED);
    }
    String fileParam = param(req, "file");
    LogFile file = fileParam == null ? LogFile.ERROR
        : LogFile.parse(fileParam).orElseThrow(() -> new FnHttpException.BadRequest(INVALID_FILE));
    LogFilter.Stream stream = LogFilter.Stream.parse(param(req, "stream"));
    if (stream == null) {
      throw new FnHttpException.BadRequest(INVALID_STREAM);
    }
    LogFilter filter = new LogFilter(param(req, "runtime"), param(req, "fn"), param(req, "version"), stream);
    int lines = LogTail.clampLines(param(req, "lines"));
    beforeRead.run();
    Path path = file.in(logsDir);
    List<String> data;
    try {
      if (!Files.isRegularFile(path)) {
        throw new FnHttpException.NotFound(NOT_FOUND);
      }
      data = LogTail.last(path, lines, filter);
    } catch (NoSuchFileException e) {
      throw new FnHttpException.NotFound(NOT_FOUND);
    }
    if ("json".equalsIgnoreCase(param(req, "format"))) {
      ObjectNode body = HttpJson.object();
      body.put("file", file.id());
      body.put("lines", data.size());
      putIfSet(body, "runtime", filter.runtime());
      putIfSet(body, "fn", filter.fn());
      putIfSet(body, "version", filter.version());
      body.put("stream", filter.stream().id());
      ArrayNode arr = body.putArray("data");
      data.forEach(arr::add);
      HttpJson.ok(res, body);
      return;
    }
    byte[] text = data.isEmpty() ? new byte[0]
        : (String.join("\n", data) + "\n").getBytes(StandardCharsets.UTF_8);
    res.status(200);
    res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
    if (method == Method.HEAD) {
      res.send();
    } else {
      res.send(text);
    }
  }

  private static String param(ServerRequest req, String name) {
    return req.query().contains(name) ? req.query().get(name) : null;
  }

  private static void putIfSet(ObjectNode body, String key, String value) {
    if (value != null) {
      body.put(key, value);
    }
  }
}
