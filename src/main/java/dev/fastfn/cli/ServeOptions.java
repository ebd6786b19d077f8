package dev.fastfn.cli;

import dev.fastfn.config.EnvReader;
import dev.fastfn.config.FastfnConfig;
import dev.fastfn.config.ProjectFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Options shared by {@code dev} and {@code run}; turns flags, env and fastfn.json into a config with
 * the precedence flag > environment > fastfn.json > mode default > built-in default
 * (security-cli-ui.md B1).
 */
final class ServeOptions {
  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Functions root (default: "
      + "FN_FUNCTIONS_ROOT, then functions-dir from fastfn.json, then the current directory)")
  Path dir;

  @Option(names = "--port", description = "Port (FN_HOST_PORT, default 8080)")
  Integer port;

  @Option(names = "--host", description = "Bind address (FN_HOST, default 127.0.0.1)")
  String host;

  @Option(names = "--force-url", description = "Config routes win route ties (FN_FORCE_URL)")
  boolean forceUrl;

  @Option(names = "--native", description = "Accepted for compatibility; fastfn always runs natively (D14)")
  boolean nativeMode;

  // The reference's Docker mode rebuilds its images with --build; scripts written for it pass it.
  @Option(names = "--build", description = "Accepted for compatibility; there are no images to build (D14)")
  boolean build;

  @Option(names = "--config", paramLabel = "FILE", description = "Project file (default ./fastfn.json)")
  Path configFile;

  @Option(names = "--hot-reload", negatable = true, description = "Watch files and reload (dev: on, run: off)")
  Boolean hotReload;

  /** The config, the settings taken from fastfn.json (stdout) and the values ignored (stderr). */
  record Resolved(FastfnConfig config, List<String> notes, List<String> warnings) {
    Resolved {
      notes = List.copyOf(notes);
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * @param missingDir message prefix when the functions root does not exist ("Invalid functions directory")
   */
  Resolved resolve(CliContext ctx, Map<String, String> modeDefaults, String missingDir) {
    ProjectFile project = loadProject(configFile, ctx.cwd());
    Map<String, String> env = new HashMap<>(modeDefaults);
    List<String> notes = new ArrayList<>();
    new java.util.TreeMap<>(project.env()).forEach((k, v) -> {
      String set = ctx.env().get(k);
      if (set == null || set.isBlank()) {
        env.put(k, v);
        notes.add(ConfigNotes.describe(k, v));
      }
    });
    ctx.env().forEach((k, v) -> {
      if (!v.isBlank()) {
        env.put(k, v);
      }
    });
    if (port != null) {
      env.put("FN_HOST_PORT", Integer.toString(port));
    }
    if (host != null) {
      env.put("FN_HOST", host);
    }
    if (forceUrl) {
      env.put("FN_FORCE_URL", "1");
    }
    if (hotReload != null) {
      env.put("FN_HOT_RELOAD", hotReload ? "1" : "0");
    }
    Path root = realDirectory(functionsRoot(dir, ctx.env(), project, ctx.cwd()), missingDir);
    List<String> warnings = new ArrayList<>();
    FastfnConfig config = FastfnConfig.fromEnv(env, root, w -> warnings.add("Warning: " + w));
    return new Resolved(config, notes, warnings);
  }

  /** fastfn.json: explicit --config must be readable; ./fastfn.json is optional. */
  static ProjectFile loadProject(Path configFile, Path cwd) {
    Path explicit = configFile == null ? null : cwd.resolve(configFile);
    if (explicit != null && !Files.isRegularFile(explicit)) {
      throw new CliFailure("failed to read config file \"" + configFile + "\": no such file");
    }
    try {
      return ProjectFile.load(explicit, cwd);
    } catch (EnvReader.InvalidConfigException e) {
      throw new CliFailure(e.getMessage());
    }
  }

  /** Argument > FN_FUNCTIONS_ROOT > fastfn.json functions-dir > working directory. */
  static Path functionsRoot(Path arg, Map<String, String> env, ProjectFile project, Path cwd) {
    if (arg != null) {
      return cwd.resolve(arg);
    }
    String fromEnv = env.get("FN_FUNCTIONS_ROOT");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return cwd.resolve(fromEnv.trim());
    }
    if (project.functionsDir() != null) {
      Path base = project.path() == null || project.path().getParent() == null ? cwd : project.path().getParent();
      return base.resolve(project.functionsDir());
    }
    return cwd;
  }

  static Path realDirectory(Path root, String missingMessage) {
    Path abs = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(abs)) {
      throw new CliFailure(missingMessage + ": " + abs);
    }
    try {
      return abs.toRealPath();
    } catch (IOException e) {
      throw new CliFailure(missingMessage + ": " + abs + " (" + e.getMessage() + ")");
    }
  }
}
