package dev.fastfn.cli;

import dev.fastfn.discovery.AtomicFiles;
import java.nio.charset.StandardCharsets;
import dev.fastfn.cli.DoctorReport.Check;
import dev.fastfn.config.EnvReader;
import dev.fastfn.config.FastfnConfig;
import dev.fastfn.config.ProjectFile;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.Scanner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fastfn doctor [dir] [--json] [--fix]} (alias {@code check}): checks the JDK, python3/pip,
 * node/npm, the platform, fastfn.json, the functions folder, every fn.config.json, discovery
 * (conflicts) and the port. Exit 1 iff a check FAILs. {@code --fix} only ever creates a missing
 * fastfn.json.
 */
@Command(name = "doctor", aliases = "check", description = "Check this machine and project for problems.")
final class DoctorCommand implements Callable<Integer> {
  static final int MIN_JAVA = 21;

  private final CliContext ctx;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Functions root to check")
  Path dir;

  @Option(names = "--json", description = "Machine-readable output")
  boolean json;

  @Option(names = "--fix", description = "Create a missing fastfn.json ({\"functions-dir\": DIR, or \".\"})")
  boolean fix;

  @Option(names = "--config", paramLabel = "FILE", description = "Project file (default ./fastfn.json)")
  Path configFile;

  @Option(names = "--port", description = "Port to check (default FN_HOST_PORT or 8080)")
  Integer port;

  DoctorCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    DoctorReport report = new DoctorReport("general");
    report.add(java(ctx.platform()));
    ToolChecks.add(report, ctx.env());
    report.add(platform(ctx.platform()));
    ProjectFile project = project(report);
    Path root = ServeOptions.functionsRoot(dir, ctx.env(), project == null ? ProjectFile.none() : project, ctx.cwd())
        .toAbsolutePath().normalize();
    boolean rootOk = functionsDir(report, root);
    if (rootOk) {
      report.add(FunctionConfigChecks.check(root));
    }
    FastfnConfig config = config(report, project, root, rootOk);
    if (config != null && rootOk) {
      report.add(discovery(config));
    } else if (!rootOk) {
      report.add(Check.warn("project.discovery", "skipped: functions directory missing", null));
    }
    report.add(port(config));
    if (json) {
      report.printJson(ctx.out(), ctx.clock().instant());
    } else {
      report.printText(ctx.out());
    }
    ctx.out().flush();
    return report.exitCode(ctx.err(), "doctor");
  }

  private static Check java(Platform p) {
    Runtime.Version v = Runtime.version();
    String what = "Java " + v + " (" + p.javaVendor() + ")";
    return v.feature() >= MIN_JAVA ? Check.ok("runtime.java", what)
        : Check.fail("runtime.java", what + " is older than " + MIN_JAVA, "install a JDK " + MIN_JAVA + "+");
  }

  static Check platform(Platform p) {
    String os = p.osName().toLowerCase(Locale.ROOT);
    String arch = p.osArch();
    String what = os + "/" + arch;
    boolean supportedOs = os.contains("linux") || os.contains("mac");
    boolean supportedArch = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64") || arch.equals("arm64");
    return supportedOs && supportedArch ? Check.ok("system.platform", what)
        : Check.warn("system.platform", what + " is not a tested platform (linux or macOS on amd64/arm64)", null);
  }

  private static String relativeTo(Path base, Path target) {
    Path rel = base.toAbsolutePath().normalize().relativize(target.toAbsolutePath().normalize());
    return rel.toString().isEmpty() ? "." : rel.toString();
  }

  /** project.config (+ project.config.fix); null when fastfn.json is unreadable. */
  private ProjectFile project(DoctorReport report) throws IOException {
    Path explicit = configFile == null ? null : ctx.cwd().resolve(configFile);
    Path file = explicit != null ? explicit : ctx.cwd().resolve("fastfn.json");
    if (!Files.exists(file)) {
      if (explicit != null) {
        report.add(Check.fail("project.config", "config file not found: " + file, null));
        return null;
      }
      report.add(Check.warn("project.config", "no fastfn.json in " + ctx.cwd() + " (defaults apply)",
          "run 'fastfn doctor --fix' to create one"));
      if (fix) {
        // Record the folder being checked, relative to the project file, so `fastfn dev` finds it.
        String functionsDir = dir == null ? "." : relativeTo(file.getParent(), ctx.cwd().resolve(dir));
        String json = "{\n  \"functions-dir\": " + dev.fastfn.gateway.HttpJson.MAPPER.writeValueAsString(functionsDir) + "\n}\n";
        AtomicFiles.write(file, json.getBytes(StandardCharsets.UTF_8));
        report.add(Check.ok("project.config.fix", "created " + file));
        return ProjectFile.load(file, ctx.cwd());
      }
      return ProjectFile.none();
    }
    try {
      ProjectFile p = ProjectFile.load(file, ctx.cwd());
      report.add(Check.ok("project.config", file + " is valid"));
      return p;
    } catch (EnvReader.InvalidConfigException e) {
      report.add(Check.fail("project.config", e.getMessage(), "fix the JSON syntax; keys are documented in the README"));
      return null;
    }
  }

  private static boolean functionsDir(DoctorReport report, Path root) {
    if (!Files.isDirectory(root)) {
      report.add(Check.fail("project.functions_dir", "functions directory not found: " + root,
          "pass the folder as an argument or set functions-dir in fastfn.json"));
      return false;
    }
    if (!Files.isReadable(root)) {
      report.add(Check.fail("project.functions_dir", "functions directory not readable: " + root, null));
      return false;
    }
    report.add(Check.ok("project.functions_dir", root.toString()));
    return true;
  }

  /** The server config this project would start with; FAIL project.env when FN_* values are invalid. */
  private FastfnConfig config(DoctorReport report, ProjectFile project, Path root, boolean rootOk) {
    Map<String, String> env = new HashMap<>();
    if (project != null) {
      env.putAll(project.env());
    }
    ctx.env().forEach((k, v) -> {
      if (!v.isBlank()) {
        env.put(k, v);
      }
    });
    if (port != null) {
      env.put("FN_HOST_PORT", Integer.toString(port));
    }
    try {
      FastfnConfig cfg = FastfnConfig.fromEnv(env, rootOk ? root : ctx.cwd());
      report.add(Check.ok("project.env", "FN_* settings are valid"));
      return cfg;
    } catch (EnvReader.InvalidConfigException e) {
      report.add(Check.fail("project.env", e.getMessage(), null));
      return null;
    }
  }

  private static Check discovery(FastfnConfig config) {
    Catalog catalog;
    try {
      catalog = new Scanner(config).scan();
    } catch (RuntimeException e) {
      return Check.fail("project.discovery", "scan failed: " + e.getMessage(), null);
    }
    int routes = catalog.mappedRoutes().size();
    int functions = catalog.functions().size();
    String summary = routes + " route(s) from " + functions + " function(s)";
    if (!catalog.conflicts().isEmpty() || !catalog.problems().isEmpty()) {
      Map<String, String> details = new LinkedHashMap<>();
      catalog.conflicts().forEach((route, who) -> details.put("conflict " + route, String.join(" vs ", who)));
      for (int i = 0; i < catalog.problems().size(); i++) {
        details.put("problem " + (i + 1), catalog.problems().get(i));
      }
      return Check.warn("project.discovery", summary + "; " + catalog.conflicts().size() + " conflict(s), "
          + catalog.problems().size() + " problem(s)", "conflicting routes answer 409 until one claim is removed")
          .withDetails(details);
    }
    return Check.ok("project.discovery", summary);
  }

  private Check port(FastfnConfig config) {
    if (config == null) {
      return Check.warn("project.port", "skipped: settings are invalid", null);
    }
    int p = config.port();
    if (p == 0) {
      return Check.ok("project.port", "port 0: a free port is picked at start");
    }
    if (portFree(config.host(), p)) {
      return Check.ok("project.port", config.host() + ":" + p + " is free");
    }
    return Check.warn("project.port", "FN_HOST_PORT=" + p + " is already in use on " + config.host(),
        "stop the existing process or set FN_HOST_PORT / --port to another port");
  }

  static boolean portFree(String host, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(host, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
