package dev.fastfn.runtime;

import dev.fastfn.testing.ManualClock;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.discovery.InvokeMeta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Hand-built functions, events and configs for the runtime tests (no discovery, no HTTP). */
final class Fixtures {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private Fixtures() {}

  /** Whether process {@code pid} still runs (false once it is gone or reaped). */
  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  static FastfnConfig config(Path root, Map<String, String> env) {
    return FastfnConfig.fromEnv(env, root);
  }

  static FastfnConfig config(Path root) {
    return config(root, Map.of());
  }

  static final Duration GRACE = Duration.ofSeconds(1);

  /** Test options: 1 spare; a cancel grace that holds on a loaded 2-core machine. */
  static RuntimeOptions options() {
    return RuntimeOptions.defaults().withCancelGrace(GRACE);
  }

  static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builder for a FunctionSpec pointing at a temp folder (builders are fine in tests). */
  static final class Fn {
    private final RuntimeKind runtime;
    private final String name;
    private final Path dir;
    private String entry;
    private String version;
    private final Map<String, String> env = new LinkedHashMap<>();
    private String fingerprint = "fp-1";
    private String handler = "handler";
    private String adapter = "native";
    private int timeoutMs = 2500;
    private int maxConcurrency = 20;
    private FunctionPolicy.WorkerPoolPolicy workerPool;

    Fn(RuntimeKind runtime, String name, Path dir) {
      this.runtime = runtime;
      this.name = name;
      this.dir = dir;
      this.entry = runtime == RuntimeKind.PYTHON ? "handler.py" : "handler.js";
    }

    Fn file(String relative, String content) {
      write(dir.resolve(relative), content);
      return this;
    }

    Fn code(String content) {
      return file(entry, content);
    }

    Fn entry(String e) {
      this.entry = e;
      return this;
    }

    Fn version(String v) {
      this.version = v;
      return this;
    }

    Fn env(String k, String v) {
      env.put(k, v);
      return this;
    }

    Fn fingerprint(String f) {
      this.fingerprint = f;
      return this;
    }

    Fn handler(String h) {
      this.handler = h;
      return this;
    }

    Fn adapter(String a) {
      this.adapter = a;
      return this;
    }

    Fn timeoutMs(int t) {
      this.timeoutMs = t;
      return this;
    }

    Fn workerPool(int minWarm, int idleTtlSeconds) {
      this.workerPool = new FunctionPolicy.WorkerPoolPolicy(true, 4, 0, 0, 20, 429, minWarm, idleTtlSeconds);
      return this;
    }

    FunctionSpec spec() {
      FunctionPolicy policy = new FunctionPolicy(timeoutMs, maxConcurrency, 1_048_576, List.of("GET", "POST"),
          List.of(), List.of(), false, false, workerPool, null, null, null, List.of(), handler, adapter);
      return new FunctionSpec(FunctionSpec.keyOf(runtime, name, version), runtime, name, version,
          FunctionSpec.Kind.FUNCTION, dir, dir.resolve(entry), name, policy, InvokeMeta.EMPTY, fingerprint,
          new HashMap<>(env), Set.of(), null);
    }
  }

  static Fn python(Path root, String name) {
    return new Fn(RuntimeKind.PYTHON, name, root.resolve("python").resolve(name));
  }

  static Fn node(Path root, String name) {
    return new Fn(RuntimeKind.NODE, name, root.resolve("node").resolve(name));
  }

  private static final AtomicLong REQ = new AtomicLong();

  /** An event shaped like the gateway's (runtimes.md §1.3). */
  static ObjectNode event(FunctionSpec fn, String method, String rawPath, Map<String, String> params, String body) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    String id = "req-test-" + REQ.incrementAndGet();
    ObjectNode e = f.objectNode();
    e.put("id", id);
    e.put("ts", 1_700_000_000_000L);
    e.put("method", method);
    int q = rawPath.indexOf('?');
    e.put("path", q < 0 ? rawPath : rawPath.substring(0, q));
    e.put("raw_path", rawPath);
    ObjectNode query = e.putObject("query");
    if (q >= 0) {
      for (String pair : rawPath.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        if (eq < 0) {
          query.put(pair, true);
        } else {
          query.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    ObjectNode p = e.putObject("params");
    params.forEach(p::put);
    e.set("path_params", p.deepCopy());
    ObjectNode headers = e.putObject("headers");
    headers.put("host", "127.0.0.1:8080");
    headers.put("user-agent", "junit");
    if (body != null) {
      e.put("body", body);
    }
    ObjectNode client = e.putObject("client");
    client.put("ip", "127.0.0.1");
    client.put("ua", "junit");
    ObjectNode ctx = e.putObject("context");
    ctx.put("request_id", id);
    ctx.put("runtime", fn.runtime().id());
    ctx.put("function_name", fn.name());
    ctx.put("version", fn.versionLabel());
    ctx.put("timeout_ms", fn.policy().timeoutMs());
    ctx.put("max_concurrency", 20);
    ctx.put("max_body_bytes", 1_048_576);
    ObjectNode env = e.putObject("env");
    fn.env().forEach(env::put);
    return e;
  }

  static ObjectNode event(FunctionSpec fn, String rawPath) {
    return event(fn, "GET", rawPath, Map.of(), null);
  }

  static Deadline deadline(long ms) {
    return Deadline.afterMillis(ms);
  }

  static WorkerReply ok(CallOutcome outcome) {
    if (outcome instanceof CallOutcome.Ok ok) {
      return ok.reply();
    }
    throw new AssertionError("expected Ok but got " + outcome);
  }

  static String text(WorkerReply r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  static JsonNode json(WorkerReply r) {
    return JSON.readTree(r.body());
  }

  static String header(WorkerReply r, String name) {
    for (Map.Entry<String, List<String>> e : r.headers().entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return String.join(",", e.getValue());
      }
    }
    return null;
  }

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    void advance(Duration d) {
      millis.addAndGet(d.toMillis());
    }
  }
}
