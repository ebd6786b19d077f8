package dev.fastfn.cli;

import dev.fastfn.config.EnvReader;
import dev.fastfn.config.FastfnConfig;
import dev.fastfn.config.ProjectFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Options shared by {@code dev} and {@code run}; turns flags, env and fastfn.json into a config. */
final class ServeOptions {
  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Functions root (default: "
      + "functions-dir from ./fastfn.json, then FN_FUNCTIONS_ROOT, then .)")
  Path dir;

  @Option(names = "--port", description = "Port (FN_HOST_PORT, default 8080)")
  Integer port;

  @Option(names = "--host", description = "Bind address (FN_HOST, default 127.0.0.1)")
  String host;

  @Option(names = "--force-url", description = "Config routes win route ties (FN_FORCE_URL)")
  boolean forceUrl;

  @Option(names = "--native", description = "Accepted for compatibility; fastfn always runs natively (D14)")
  boolean nativeMode;

  @Option(names = "--config", description = "Project file (default ./fastfn.json)")
  Path configFile;

  @Option(names = "--hot-reload", negatable = true, description = "Watch files and reload (dev: on, run: off)")
  Boolean hotReload;

  /** Flag > env > fastfn.json > default. {@code modeDefaults} are applied only where nothing else is set. */
  FastfnConfig resolve(Map<String, String> processEnv, Map<String, String> modeDefaults) {
    Path cwd = Path.of("").toAbsolutePath();
    ProjectFile project = ProjectFile.load(configFile, cwd);
    Map<String, String> env = new HashMap<>(modeDefaults);
    env.putAll(project.env());
    processEnv.forEach((k, v) -> {
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
    Path root = dir;
    if (root == null && project.functionsDir() != null) {
      root = project.path().getParent() == null ? Path.of(project.functionsDir())
          : project.path().getParent().resolve(project.functionsDir());
    }
    if (root == null && env.get("FN_FUNCTIONS_ROOT") != null) {
      root = Path.of(env.get("FN_FUNCTIONS_ROOT"));
    }
    if (root == null) {
      root = cwd;
    }
    if (!Files.isDirectory(root)) {
      throw new EnvReader.InvalidConfigException("functions directory not found: " + root);
    }
    try {
      root = root.toRealPath();
    } catch (java.io.IOException e) {
      throw new EnvReader.InvalidConfigException("functions directory not readable: " + root);
    }
    return FastfnConfig.fromEnv(env, root);
  }
}
