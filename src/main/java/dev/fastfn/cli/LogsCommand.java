package dev.fastfn.cli;

import dev.fastfn.config.EnvReader;
import dev.fastfn.config.FastfnConfig;
import dev.fastfn.config.ProjectFile;
import dev.fastfn.logs.LogFile;
import dev.fastfn.logs.LogFilter;
import dev.fastfn.logs.LogTail;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fastfn logs [dir] [--file runtime|access|error|all] [--lines N] [--follow]}: prints the end of
 * the server's log files from the data dir (same resolution as {@code dev}), or, with {@code --url},
 * asks a running server's {@code /_fn/logs}. {@code --follow} keeps printing new lines (polling, and
 * reopening a file that was rotated) until Ctrl-C.
 */
@Command(name = "logs", description = "Show the runtime (handler output), access or error log.")
final class LogsCommand implements Callable<Integer> {
  static final Duration POLL = Duration.ofMillis(200);

  private final CliContext ctx;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Functions root (as for dev)")
  Path dir;

  @Option(names = "--file", paramLabel = "FILE", defaultValue = "all",
      description = "runtime, access, error or all (default: ${DEFAULT-VALUE})")
  String file;

  @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "200", description = "Lines per file (1-2000)")
  int lines;

  @Option(names = {"-f", "--follow"}, negatable = true, description = "Keep printing new lines until Ctrl-C")
  boolean follow;

  @Option(names = "--fn", paramLabel = "NAME", description = "Only lines of this function ([fn:NAME@...])")
  String fn;

  @Option(names = "--runtime", paramLabel = "RUNTIME", description = "Only lines tagged [RUNTIME]")
  String runtime;

  @Option(names = "--stream", paramLabel = "STREAM", defaultValue = "all", description = "all, stdout or stderr")
  String stream;

  @Option(names = "--url", paramLabel = "URL", description = "Read from a running server (e.g. http://127.0.0.1:8080)")
  String url;

  @Option(names = "--config", paramLabel = "FILE", description = "Project file (default ./fastfn.json)")
  Path configFile;

  LogsCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    List<LogFile> files = files();
    LogFilter.Stream s = LogFilter.Stream.parse(stream);
    if (s == null) {
      throw new CliFailure("invalid --stream value \"" + stream + "\" (use all|stdout|stderr)");
    }
    LogFilter filter = new LogFilter(runtime, fn, null, s);
    int n = Math.max(1, Math.min(LogTail.MAX_LINES, lines));
    if (url != null) {
      if (follow) {
        throw new CliFailure("--follow reads local log files; drop --url or --follow");
      }
      return remote(files, n);
    }
    Path logsDir = logsDir();
    Map<LogFile, Path> existing = new LinkedHashMap<>();
    for (LogFile f : files) {
      if (Files.isRegularFile(f.in(logsDir))) {
        existing.put(f, f.in(logsDir));
      }
    }
    if (existing.isEmpty()) {
      throw new CliFailure("log files not found under " + logsDir + " (has the server run with this folder?)");
    }
    boolean headers = existing.size() > 1;
    boolean first = true;
    for (var e : existing.entrySet()) {
      if (headers) {
        ctx.out().println((first ? "" : "\n") + "==> " + e.getValue() + " <==");
      }
      first = false;
      LogTail.last(e.getValue(), n, filter).forEach(ctx.out()::println);
    }
    ctx.out().flush();
    if (follow) {
      follow(existing, filter, headers);
    }
    return 0;
  }

  private List<LogFile> files() {
    String f = file.trim().toLowerCase(Locale.ROOT);
    if (f.equals("all")) {
      return List.of(LogFile.ERROR, LogFile.ACCESS, LogFile.RUNTIME);
    }
    return List.of(LogFile.parse(f).orElseThrow(() ->
        new CliFailure("invalid --file value \"" + file + "\" (use error|access|runtime|all)")));
  }

  private Path logsDir() {
    ProjectFile project = ServeOptions.loadProject(configFile, ctx.cwd());
    Map<String, String> env = new HashMap<>(project.env());
    ctx.env().forEach((k, v) -> {
      if (!v.isBlank()) {
        env.put(k, v);
      }
    });
    Path root = ServeOptions.realDirectory(ServeOptions.functionsRoot(dir, ctx.env(), project, ctx.cwd()),
        "Invalid functions directory");
    try {
      return FastfnConfig.fromEnv(env, root).logsDir();
    } catch (EnvReader.InvalidConfigException e) {
      throw new CliFailure(e.getMessage());
    }
  }

  /** Polls the files for growth; a file that shrank or was replaced (rotation) is read from its start. */
  private void follow(Map<LogFile, Path> files, LogFilter filter, boolean headers) throws IOException,
      InterruptedException {
    Map<Path, Position> positions = new HashMap<>();
    for (Path p : files.values()) {
      positions.put(p, Position.of(p));
    }
    Path lastPrinted = null;
    try {
      while (!ctx.lifetime().awaitStop(POLL)) {
        for (Path p : files.values()) {
          Position pos = positions.get(p);
          Position now = Position.of(p);
          if (now.size() < 0) {
            continue; // between a rotation's rename and the new file
          }
          long from = now.fileKey() != null && !now.fileKey().equals(pos.fileKey()) || now.size() < pos.size()
              ? 0 : pos.size();
          if (now.size() == from) {
            positions.put(p, new Position(from, now.fileKey()));
            continue;
          }
          Chunk chunk = readLines(p, from, now.size());
          positions.put(p, new Position(from + chunk.consumed(), now.fileKey()));
          List<String> kept = chunk.lines().stream().filter(l -> !l.isEmpty() && filter.test(l)).toList();
          if (kept.isEmpty()) {
            continue;
          }
          if (headers && !p.equals(lastPrinted)) {
            ctx.out().println("\n==> " + p + " <==");
          }
          lastPrinted = p;
          kept.forEach(ctx.out()::println);
          ctx.out().flush();
        }
      }
    } finally {
      ctx.lifetime().stopped();
    }
  }

  /** Bytes read so far and the identity of the file they were read from. */
  private record Position(long size, Object fileKey) {
    static Position of(Path p) {
      try {
        var attrs = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
        return new Position(attrs.size(), attrs.fileKey());
      } catch (IOException e) {
        return new Position(-1, null);
      }
    }
  }

  /** Complete lines between two offsets; a trailing partial line is left for the next poll. */
  private record Chunk(List<String> lines, long consumed) {}

  private static Chunk readLines(Path p, long from, long to) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(p)) {
      in.skipNBytes(from);
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, to - from));
    }
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    text.lines().forEach(out::add);
    return new Chunk(out, end);
  }

  private int remote(List<LogFile> files, int n) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    boolean headers = files.size() > 1;
    for (LogFile f : files) {
      StringBuilder q = new StringBuilder("?file=").append(f.id()).append("&format=text&lines=").append(n)
          .append("&stream=").append(stream.trim().toLowerCase(Locale.ROOT));
      if (fn != null) {
        q.append("&fn=").append(URLEncoder.encode(fn, StandardCharsets.UTF_8));
      }
      if (runtime != null) {
        q.append("&runtime=").append(URLEncoder.encode(runtime, StandardCharsets.UTF_8));
      }
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + "/_fn/logs" + q)).timeout(Duration.ofSeconds(10));
      String token = ctx.env().get("FN_ADMIN_TOKEN");
      if (token != null && !token.isBlank()) {
        req.header("x-fn-admin-token", token);
      }
      HttpResponse<String> res;
      try {
        res = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new CliFailure("cannot reach " + base + ": " + e.getMessage());
      }
      if (res.statusCode() == 404 && res.body().contains("log not found")) {
        continue;
      }
      if (res.statusCode() != 200) {
        throw new CliFailure(base + "/_fn/logs answered " + res.statusCode() + ": " + res.body().trim());
      }
      if (headers) {
        ctx.out().println("==> " + f.fileName() + " <==");
      }
      ctx.out().print(res.body());
    }
    ctx.out().flush();
    return 0;
  }
}
