package dev.fastfn.testing;

import dev.fastfn.cli.App;
import dev.fastfn.config.FastfnConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real fastfn server on a free port over a functions folder, for integration tests. Start with
 * {@link #start}, write fixture files with {@link #write}, call it with the JDK HttpClient, close it
 * at the end (try-with-resources or @AfterAll).
 */
public final class TestServer implements AutoCloseable {
  public static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private final App app;
  private final Path root;

  private TestServer(App app, Path root) {
    this.app = app;
    this.root = root;
  }

  /** Starts on {@code root} (which must exist) with the given FN_* env on top of test defaults. */
  public static TestServer start(Path root, Map<String, String> env) {
    Map<String, String> all = new HashMap<>();
    all.put("FN_HOST_PORT", "0");
    all.put("FN_CONSOLE_RATE_LIMIT_MAX", "100000");
    all.put("FN_CONSOLE_WRITE_RATE_LIMIT_MAX", "100000");
    String path = System.getenv("PATH");
    if (path != null) {
      all.put("PATH", path);
    }
    all.putAll(env);
    try {
      Path real = root.toRealPath();
      return new TestServer(App.start(FastfnConfig.fromEnv(all, real)), real);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TestServer start(Path root) {
    return start(root, Map.of());
  }

  /** Writes fixture files: relative path -> content. */
  public static void write(Path root, Map<String, String> files) {
    try {
      for (var e : files.entrySet()) {
        Path p = root.resolve(e.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public App app() {
    return app;
  }

  public Path root() {
    return root;
  }

  public int port() {
    return app.port();
  }

  public String base() {
    return "http://127.0.0.1:" + port();
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build());
  }

  public HttpResponse<String> request(String method, String path, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static HttpResponse<byte[]> sendBytes(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode json(HttpResponse<String> r) {
    return JSON.readTree(r.body());
  }

  @Override
  public void close() {
    app.close();
  }
}
