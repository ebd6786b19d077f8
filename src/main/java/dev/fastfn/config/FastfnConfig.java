package dev.fastfn.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of a running server, read once from the environment (after the CLI has merged
 * {@code fastfn.json} and flags into it). The only place that knows FN_* names and defaults, together
 * with the grouped settings records next to it. Immutable; passed down, never global.
 *
 * @param functionsRoot absolute, real path of the functions root
 * @param host bind address (FN_HOST)
 * @param port TCP port (FN_HOST_PORT); 0 picks a free port (tests)
 * @param runtimes enabled runtimes in resolution order (FN_RUNTIMES)
 * @param runtimeDaemons worker processes per function pool, per runtime (FN_RUNTIME_DAEMONS)
 * @param dataDir state directory: store, secrets (FN_DATA_DIR, default root/.fastfn/state)
 * @param logsDir runtime, access and error logs (FN_LOGS_DIR, default dataDir/logs)
 * @param limits default per-function limits (FN_DEFAULT_*)
 * @param namespaceDepth runtime-scoped namespace depth, 1..5 (FN_NAMESPACE_DEPTH)
 * @param extraIgnoredDirs extra directory names skipped by discovery (FN_ZERO_CONFIG_IGNORE_DIRS)
 * @param forceUrl treat config routes as forced (FN_FORCE_URL)
 * @param hotReload watch the tree and recycle changed functions (FN_HOT_RELOAD)
 * @param pythonBin python interpreter (FN_PYTHON_BIN)
 * @param nodeBin node binary (FN_NODE_BIN)
 * @param npmBin npm binary (FN_NPM_BIN)
 * @param home what {@code /} runs or redirects to (FN_HOME_FUNCTION, FN_HOME_REDIRECT)
 * @param toolEnv the non-FN_* environment handed to pip and npm (PATH, HOME, PIP_*, npm_config_*, proxies)
 */
public record FastfnConfig(
    Path functionsRoot,
    String host,
    int port,
    List<RuntimeKind> runtimes,
    Map<RuntimeKind, Integer> runtimeDaemons,
    Path dataDir,
    Path logsDir,
    DefaultLimits limits,
    int namespaceDepth,
    List<String> extraIgnoredDirs,
    boolean forceUrl,
    boolean hotReload,
    String pythonBin,
    String nodeBin,
    String npmBin,
    ConsoleSettings console,
    DocsSettings docs,
    JobsSettings jobs,
    SchedulerSettings scheduler,
    DepsSettings deps,
    HomeSettings home,
    Map<String, String> toolEnv) {

  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_NAMESPACE_DEPTH = 3;

  public FastfnConfig {
    runtimes = List.copyOf(runtimes);
    runtimeDaemons = Map.copyOf(runtimeDaemons);
    extraIgnoredDirs = List.copyOf(extraIgnoredDirs);
    toolEnv = Map.copyOf(toolEnv);
  }

  /** Default limits of D11, overridable per server. */
  public record DefaultLimits(int timeoutMs, int maxConcurrency, long maxBodyBytes) {
    public static final int TIMEOUT_MS = 2500;
    public static final int MAX_CONCURRENCY = 20;
    public static final long MAX_BODY_BYTES = 1_048_576;
  }

  /** Worker processes per function pool for a runtime (at least 1). */
  public int daemonsFor(RuntimeKind kind) {
    return runtimeDaemons.getOrDefault(kind, 1);
  }

  public static FastfnConfig fromEnv(Map<String, String> env, Path functionsRoot) {
    return fromEnv(env, functionsRoot, w -> { });
  }

  /** The same, telling {@code warnings} about values that are ignored rather than fatal. */
  public static FastfnConfig fromEnv(Map<String, String> env, Path functionsRoot,
      java.util.function.Consumer<String> warnings) {
    EnvReader e = new EnvReader(env, warnings);
    Path root = functionsRoot.toAbsolutePath().normalize();
    List<RuntimeKind> runtimes = parseRuntimes(e);
    Map<RuntimeKind, Integer> daemons = parseDaemons(e);
    String dataDirSetting = e.raw("FN_DATA_DIR");
    Path dataDir = dataDirSetting == null ? root.resolve(".fastfn").resolve("state")
        : Path.of(dataDirSetting).toAbsolutePath().normalize();
    String logsDir = e.raw("FN_LOGS_DIR");
    FastfnConfig cfg = new FastfnConfig(
        root,
        e.string("FN_HOST", DEFAULT_HOST),
        e.intIn("FN_HOST_PORT", DEFAULT_PORT, 0, 65535),
        runtimes,
        daemons,
        dataDir,
        logsDir == null ? dataDir.resolve("logs") : Path.of(logsDir).toAbsolutePath().normalize(),
        new DefaultLimits(
            e.intIn("FN_DEFAULT_TIMEOUT_MS", DefaultLimits.TIMEOUT_MS, 1, Integer.MAX_VALUE),
            e.intIn("FN_DEFAULT_MAX_CONCURRENCY", DefaultLimits.MAX_CONCURRENCY, 0, Integer.MAX_VALUE),
            e.longIn("FN_DEFAULT_MAX_BODY_BYTES", DefaultLimits.MAX_BODY_BYTES, 1, Long.MAX_VALUE)),
        clampDepth(e),
        e.csv("FN_ZERO_CONFIG_IGNORE_DIRS").stream()
            .map(s -> s.toLowerCase(java.util.Locale.ROOT))
            .filter(s -> !s.contains("/") && !s.contains("\\") && !s.equals(".") && !s.equals(".."))
            .toList(),
        e.bool("FN_FORCE_URL", false),
        e.bool("FN_HOT_RELOAD", true),
        e.string("FN_PYTHON_BIN", "python3"),
        e.string("FN_NODE_BIN", "node"),
        e.string("FN_NPM_BIN", "npm"),
        ConsoleSettings.from(e),
        DocsSettings.from(e),
        JobsSettings.from(e),
        SchedulerSettings.from(e),
        DepsSettings.from(e),
        HomeSettings.from(e),
        toolEnv(env));
    e.throwIfInvalid();
    return cfg;
  }

  private static Map<String, String> toolEnv(Map<String, String> env) {
    Map<String, String> out = new java.util.HashMap<>();
    env.forEach((k, v) -> {
      if (!k.startsWith("FN_") && v != null) {
        out.put(k, v);
      }
    });
    return out;
  }

  private static int clampDepth(EnvReader e) {
    String raw = e.raw("FN_NAMESPACE_DEPTH");
    if (raw == null) {
      return DEFAULT_NAMESPACE_DEPTH;
    }
    try {
      return Math.max(1, Math.min(5, Integer.parseInt(raw)));
    } catch (NumberFormatException ex) {
      e.problem("FN_NAMESPACE_DEPTH='" + raw + "' is not an integer");
      return DEFAULT_NAMESPACE_DEPTH;
    }
  }

  private static List<RuntimeKind> parseRuntimes(EnvReader e) {
    List<String> names = e.csv("FN_RUNTIMES");
    if (names.isEmpty()) {
      return RuntimeKind.defaults();
    }
    List<RuntimeKind> out = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String n : names) {
      RuntimeKind.parse(n).ifPresentOrElse(k -> {
        if (!out.contains(k)) {
          out.add(k);
        }
      }, () -> unknown.add(n));
    }
    // Projects written for the reference often list php, lua or rust too: those are skipped, and
    // only a list with nothing this build runs stops the start.
    for (String n : unknown) {
      e.warning("Ignoring unknown runtime in FN_RUNTIMES: " + n + " (supported: python, node)");
    }
    if (out.isEmpty()) {
      e.problem("no compatible runtimes enabled (FN_RUNTIMES=\"" + String.join(",", names) + "\"); supported: python, node");
      return RuntimeKind.defaults();
    }
    return out;
  }

  /** "python=3,node=2"; counts below 1 are dropped; unknown runtimes are an error. */
  private static Map<RuntimeKind, Integer> parseDaemons(EnvReader e) {
    Map<RuntimeKind, Integer> out = new EnumMap<>(RuntimeKind.class);
    for (String part : e.csv("FN_RUNTIME_DAEMONS")) {
      String[] kv = part.split("=", 2);
      if (kv.length != 2) {
        e.problem("FN_RUNTIME_DAEMONS entry '" + part + "' is not runtime=count");
        continue;
      }
      String rt = kv[0].trim();
      if (rt.equals("lua") || rt.equals("php") || rt.equals("go") || rt.equals("rust")) {
        continue; // runtimes we do not run; the reference ignores lua counts too
      }
      var kind = RuntimeKind.parse(rt);
      if (kind.isEmpty()) {
        e.problem("FN_RUNTIME_DAEMONS names unknown runtime '" + rt + "'");
        continue;
      }
      try {
        int n = Integer.parseInt(kv[1].trim());
        if (n >= 1) {
          out.put(kind.get(), Math.min(n, 64));
        }
      } catch (NumberFormatException ex) {
        e.problem("FN_RUNTIME_DAEMONS count '" + kv[1] + "' is not an integer");
      }
    }
    return out;
  }
}
