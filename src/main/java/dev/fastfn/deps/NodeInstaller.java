package dev.fastfn.deps;

import dev.fastfn.config.DepsSettings;
import dev.fastfn.discovery.FunctionSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Node pipeline for one folder (runtimes.md §5.3, §5.5): optional inference into package.json,
 * then {@code npm ci} (lockfile present; retried once as {@code npm install}) or {@code npm install
 * --omit=dev --ignore-scripts} in the folder, skipped while the install signature in the state file
 * still matches and {@code node_modules} exists.
 *
 * <p>Not thread-safe per folder: the caller holds that folder's install lock.
 */
final class NodeInstaller {
  private static final Logger LOG = LoggerFactory.getLogger(NodeInstaller.class);
  static final String RUNTIME = "node";
  static final List<String> LOCK_FILES = List.of("package-lock.json", "npm-shrinkwrap.json");
  private static final Duration INSTALL_TIMEOUT = Duration.ofSeconds(180);
  private static final List<String> NPM_FLAGS = List.of("--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund");
  /** npm's boilerplate lines, dropped so the error tail keeps the lines naming the package. */
  private static final java.util.regex.Pattern NPM_NOISE = java.util.regex.Pattern.compile(
      "^npm (?:error|ERR!)(?: \\d+)?$|A complete log of this run|Note that you can also install from a"
          + "|tarball, folder, http url, or git url");
  private static final Map<String, String> NPM_ENV = Map.of("npm_config_update_notifier", "false");

  private final String npmBin;
  private final DepsSettings settings;
  private final ToolRunner tools;
  private final NodeImports imports;
  private final Clock clock;

  NodeInstaller(String nodeBin, String npmBin, DepsSettings settings, ToolRunner tools, Clock clock) {
    this.npmBin = npmBin;
    this.settings = settings;
    this.tools = tools;
    this.imports = new NodeImports(nodeBin, npmBin, tools);
    this.clock = clock;
  }

  /**
   * Prepares a function's own folder. Packs are installed separately (before this); their names feed
   * the signature and what they provide is never inferred as the function's own dependency.
   */
  Step prepareFunction(FunctionSpec fn, List<String> packs, List<Path> packDirs) throws IOException {
    Path dir = fn.functionDir();
    DepsState prev = DepsState.read(dir).orElse(null);
    boolean prevGenerated = prev != null && prev.manifestGenerated();
    String backend = settings.inferNode() ? settings.nodeInferBackend() : NodeImports.NATIVE;
    StateDraft st = draft(dir, prevGenerated, backend);
    Path pkgFile = dir.resolve("package.json");
    String pkgText = Dirs.readIfExists(pkgFile);
    Manifest manifest = Manifest.parse(pkgText);
    if (manifest.error != null) {
      String msg = "invalid package.json at " + dir + ": " + manifest.error;
      DepsState.save(dir, prev, st.build(DepsState.ERROR, msg));
      return new Step.Broken(msg);
    }
    if (settings.inferNode() && (pkgText == null || prevGenerated)) {
      Inference inf = imports.infer(dir, SourceFiles.of(fn), backend, packProvided(packs, packDirs));
      if (inf.error() != null) {
        return new Step.Broken(inf.error());
      }
      st.inference = inf;
      if (!inf.unresolved().isEmpty() && settings.strict() && manifest.dependencies().isEmpty()) {
        // Exact text is public API (runtimes.md §5.3 step 1). Unlike the reference, an explicit
        // package.json wins over unresolved imports, as it does for Python (§9.4.5).
        String msg = "node dependency inference failed: unresolved imports " + String.join(", ", inf.unresolved())
            + ". Add explicit dependencies in package.json or disable FN_AUTO_INFER_STRICT.";
        DepsState.save(dir, prev, st.build(DepsState.ERROR, msg));
        return new Step.Broken(msg);
      }
      List<String> declared = manifest.dependencies();
      List<String> missing = inf.resolved().stream().filter(p -> !declared.contains(p)).toList();
      if (!missing.isEmpty() && settings.writeManifest()) {
        writeManifest(pkgFile, dir, manifest.json, missing);
        st.generated = prevGenerated || pkgText == null;
        pkgText = Dirs.readIfExists(pkgFile);
        manifest = Manifest.parse(pkgText);
      }
    }
    if (!settings.autoNodeDeps()) {
      DepsState.save(dir, prev, st.build(DepsState.SKIPPED, "FN_AUTO_NODE_DEPS is disabled"));
      return new Step.Done(existingModules(dir), "");
    }
    return installIfNeeded(dir, prev, st, pkgText, manifest, packs,
        "npm dependencies install failed for " + dir + ": %s. Check inferred imports or add explicit dependencies in package.json.");
  }

  Step preparePack(Path packDir) throws IOException {
    DepsState prev = DepsState.read(packDir).orElse(null);
    StateDraft st = draft(packDir, false, NodeImports.NATIVE);
    String pkgText = Dirs.readIfExists(packDir.resolve("package.json"));
    Manifest manifest = Manifest.parse(pkgText);
    if (manifest.error != null) {
      String msg = "invalid package.json at " + packDir + ": " + manifest.error;
      DepsState.save(packDir, prev, st.build(DepsState.ERROR, msg));
      return new Step.Broken(msg);
    }
    if (!settings.autoNodeDeps()) {
      return new Step.Done(existingModules(packDir), "");
    }
    return installIfNeeded(packDir, prev, st, pkgText, manifest, List.of(),
        "npm dependencies install failed for pack " + packDir + ": %s");
  }

  private Step installIfNeeded(Path dir, DepsState prev, StateDraft st, String pkgText, Manifest manifest,
      List<String> packs, String failureFormat) throws IOException {
    st.resolved = List.copyOf(new TreeSet<>(manifest.dependencies()));
    if (pkgText == null || manifest.dependencies().isEmpty()) {
      // a preinstalled node_modules without a manifest still counts (packs rely on it)
      DepsState.save(dir, prev, st.build(DepsState.SKIPPED, null));
      return new Step.Done(existingModules(dir), "");
    }
    Path modules = dir.resolve("node_modules");
    String signature = signature(dir, pkgText, packs);
    if (prev != null && prev.isOk() && signature.equals(prev.installSignature()) && Files.isDirectory(modules)) {
      DepsState.save(dir, prev, st.build(DepsState.OK, null, signature));
      return new Step.Done(List.of(modules), signature);
    }
    Path lock = lockFile(dir);
    LOG.info("dir={} rt=node deps install start tool=npm mode={}", dir, lock != null ? "ci" : "install");
    long t0 = System.nanoTime();
    ToolRunner.ToolResult r;
    if (lock != null) {
      r = npm("ci", dir);
      if (!r.ok()) {
        LOG.info("dir={} rt=node npm ci failed; retrying once with npm install: {}", dir, r.tail(2));
        r = npm("install", dir);
      }
    } else {
      r = npm("install", dir);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000L;
    if (!r.ok()) {
      String detail = r.timedOut() ? "npm timed out after " + INSTALL_TIMEOUT.toSeconds() + "s"
          : r.tail(4, line -> NPM_NOISE.matcher(line).find());
      String msg = String.format(failureFormat, detail);
      LOG.warn("dir={} rt=node deps install failed ms={}; retried after a manifest change: {}", dir, ms, detail);
      DepsState.save(dir, prev, st.build(DepsState.ERROR, msg));
      return new Step.Broken(msg);
    }
    LOG.info("dir={} rt=node deps install done ms={}", dir, ms);
    // npm install may just have written the lockfile: sign what is on disk now
    String installed = signature(dir, Dirs.readIfExists(dir.resolve("package.json")), packs);
    DepsState.save(dir, prev, st.build(DepsState.OK, null, installed));
    return new Step.Done(List.of(modules), installed);
  }

  private ToolRunner.ToolResult npm(String verb, Path dir) {
    List<String> cmd = new ArrayList<>(List.of(npmBin, verb));
    cmd.addAll(NPM_FLAGS);
    return tools.run(cmd, dir, INSTALL_TIMEOUT, NPM_ENV);
  }

  private static String signature(Path dir, String pkgText, List<String> packs) {
    Path lock = lockFile(dir);
    return new Signature().add("runtime", RUNTIME).add("package.json", pkgText)
        .add("lock", lock == null ? null : lock.getFileName() + "\n" + Dirs.readIfExists(lock))
        .add("packs", packs).hex();
  }

  static Path lockFile(Path dir) {
    for (String name : LOCK_FILES) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  /** Pack names plus every package a pack declares or has in its node_modules. */
  private static java.util.Set<String> packProvided(List<String> packs, List<Path> packDirs) {
    java.util.Set<String> out = new java.util.HashSet<>(packs);
    for (Path pack : packDirs) {
      out.addAll(Manifest.parse(Dirs.readIfExists(pack.resolve("package.json"))).dependencies());
      Path modules = pack.resolve("node_modules");
      try (var entries = Files.list(modules)) {
        for (Path e : entries.toList()) {
          String name = e.getFileName().toString();
          if (name.startsWith("@") && Files.isDirectory(e)) {
            try (var scoped = Files.list(e)) {
              scoped.forEach(sp -> out.add(name + "/" + sp.getFileName()));
            }
          } else if (!name.startsWith(".")) {
            out.add(name);
          }
        }
      } catch (IOException ex) {
        // no node_modules in this pack: it provides only what its package.json declares
      }
    }
    return out;
  }

  private static List<Path> existingModules(Path dir) {
    Path m = dir.resolve("node_modules");
    return Files.isDirectory(m) ? List.of(m) : List.of();
  }

  /** Adds inferred packages as {@code "*"}, creating a minimal private package.json when there is none. */
  private static void writeManifest(Path pkgFile, Path dir, ObjectNode existing, List<String> missing)
      throws IOException {
    ObjectNode root = existing;
    if (root == null) {
      root = DepsJson.NODES.objectNode();
      root.put("name", "fastfn-" + slug(dir.getFileName() == null ? "" : dir.getFileName().toString()));
      root.put("private", true);
      root.put("version", "1.0.0");
      root.putObject("dependencies");
    }
    JsonNode deps = root.get("dependencies");
    ObjectNode target = deps instanceof ObjectNode o ? o : root.putObject("dependencies");
    missing.forEach(p -> target.put(p, "*"));
    DepsJson.writeAtomically(pkgFile, DepsJson.pretty(root));
  }

  static String slug(String base) {
    String s = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
    return s.isEmpty() ? "function" : s;
  }

  /** A parsed package.json: its object (null when absent), install dependency names, or why it is invalid. */
  record Manifest(ObjectNode json, List<String> dependencies, String error) {
    static Manifest parse(String text) {
      if (text == null) {
        return new Manifest(null, List.of(), null);
      }
      JsonNode n;
      try {
        n = DepsJson.MAPPER.readTree(text);
      } catch (RuntimeException e) {
        return new Manifest(null, List.of(), e.getMessage() == null ? "unreadable JSON" : e.getMessage().lines()
            .findFirst().orElse("unreadable JSON"));
      }
      if (!(n instanceof ObjectNode o)) {
        return new Manifest(null, List.of(), "expected JSON object");
      }
      List<String> names = new ArrayList<>();
      for (String key : List.of("dependencies", "optionalDependencies")) {
        JsonNode d = o.get(key);
        if (d != null && d.isObject()) {
          for (String name : d.propertyNames()) {
            if (!names.contains(name)) {
              names.add(name);
            }
          }
        }
      }
      return new Manifest(o, names, null);
    }
  }

  private StateDraft draft(Path dir, boolean generated, String backend) {
    return new StateDraft(RUNTIME, dir.resolve("package.json"), () -> lockFile(dir), generated, backend, clock);
  }
}
