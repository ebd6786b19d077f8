package dev.fastfn.deps;

import dev.fastfn.config.DepsSettings;
import dev.fastfn.discovery.FunctionSpec;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Python pipeline for one folder (runtimes.md §5.2, §5.5): collect requirements.txt, inline
 * {@code #@requirements} and (optionally) inferred imports; skip when the install signature in the
 * state file still matches; else {@code pip install -t} into a fresh staging folder that replaces
 * {@code .deps} only on success (pip -t will not replace an installed version in place), then write
 * {@code requirements.lock.txt} and the state file.
 *
 * <p>Not thread-safe per folder: the caller holds that folder's install lock.
 */
final class PythonInstaller {
  private static final Logger LOG = LoggerFactory.getLogger(PythonInstaller.class);
  static final String RUNTIME = "python";
  static final int INLINE_LINES = 30;
  private static final Duration INSTALL_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration FREEZE_TIMEOUT = Duration.ofSeconds(120);
  private static final Map<String, String> PIP_ENV = Map.of("PIP_ROOT_USER_ACTION", "ignore");

  private final String pythonBin;
  private final DepsSettings settings;
  private final ToolRunner tools;
  private final PythonImports imports;
  private final Clock clock;
  private final AtomicReference<String> pythonVersion = new AtomicReference<>();

  PythonInstaller(String pythonBin, DepsSettings settings, ToolRunner tools, Clock clock) {
    this.pythonBin = pythonBin;
    this.settings = settings;
    this.tools = tools;
    this.imports = new PythonImports(pythonBin, tools);
    this.clock = clock;
  }
  /** Stops the long-lived import scanner. */
  void close() {
    imports.close();
  }


  /**
   * Prepares a function's own folder. Packs are installed separately (before this); their names feed
   * the signature and what their folders provide is not inferred as the function's own requirement.
   */
  Step prepareFunction(FunctionSpec fn, List<String> packs, List<Path> packDirs) throws IOException {
    Path dir = fn.functionDir();
    DepsState prev = DepsState.read(dir).orElse(null);
    boolean prevGenerated = prev != null && prev.manifestGenerated();
    String backend = settings.inferPython() ? settings.pythonInferBackend() : PythonImports.NATIVE;
    StateDraft st = draft(dir, prevGenerated, backend);
    if (!settings.autoRequirements()) {
      DepsState.save(dir, prev, st.build(DepsState.SKIPPED, "FN_AUTO_REQUIREMENTS is disabled", null));
      return new Step.Done(existingDeps(dir), "");
    }
    Path reqFile = dir.resolve("requirements.txt");
    String reqText = Dirs.readIfExists(reqFile);
    boolean fileExisted = reqText != null;
    List<String> inline = new ArrayList<>();
    for (Path carrier : SourceFiles.inlineCarriers(fn)) {
      for (String spec : Requirements.inline(carrier, INLINE_LINES)) {
        if (!inline.contains(spec)) {
          inline.add(spec);
        }
      }
    }
    boolean explicit = !inline.isEmpty() || !Requirements.effectiveLines(reqText).isEmpty();
    List<String> extraSpecs = List.of();
    // Inference runs when there is no manifest, or when the manifest is ours to keep up to date.
    if (settings.inferPython() && (!fileExisted && inline.isEmpty() || prevGenerated)) {
      Inference inf = imports.infer(dir, SourceFiles.of(fn), backend);
      if (inf.error() != null) {
        return new Step.Broken(inf.error()); // reference: no state written for an unusable backend
      }
      inf = withoutPackProvided(inf, packDirs);
      st.inference = inf;
      if (!inf.unresolved().isEmpty() && settings.strict() && !explicit) {
        // Exact text is public API (runtimes.md §5.2 step 5)
        String msg = "python dependency inference failed: unresolved imports " + String.join(", ", inf.unresolved())
            + ". Add explicit requirements.txt entries or disable FN_AUTO_INFER_STRICT.";
        DepsState.save(dir, prev, st.build(DepsState.ERROR, msg, null));
        return new Step.Broken(msg);
      }
      List<String> known = Requirements.names(reqText);
      List<String> missing = inf.resolved().stream()
          .filter(p -> !known.contains(p.toLowerCase(Locale.ROOT)) && !inlineNames(inline).contains(p.toLowerCase(Locale.ROOT)))
          .toList();
      if (!missing.isEmpty()) {
        if (settings.writeManifest()) {
          writeManifest(reqFile, reqText, missing, backend);
          reqText = Dirs.readIfExists(reqFile);
          st.generated = prevGenerated || !fileExisted;
        } else {
          extraSpecs = missing;
        }
      }
    }
    List<String> specs = new ArrayList<>(inline);
    specs.addAll(extraSpecs);
    st.resolved = union(Requirements.names(reqText), Requirements.sortedNames(specs));
    boolean useFile = !Requirements.effectiveLines(reqText).isEmpty();
    if (!useFile && specs.isEmpty()) {
      DepsState.save(dir, prev, st.build(DepsState.SKIPPED, null, null));
      return new Step.Done(existingDeps(dir), "");
    }
    String version = pythonVersion(dir);
    if (version == null) {
      String msg = "python interpreter '" + pythonBin + "' could not be started to install dependencies for " + dir;
      DepsState.save(dir, prev, st.build(DepsState.ERROR, msg, null));
      return new Step.Broken(msg);
    }
    String signature = new Signature().add("runtime", RUNTIME).add("python", version)
        .add("requirements.txt", useFile ? reqText : null).add("specs", specs).add("packs", packs).hex();
    return install(dir, prev, st, useFile ? reqFile : null, specs, signature,
        "pip dependencies install failed for " + dir + ": %s. Check inferred imports or add explicit requirements.txt pins.");
  }

  /** Prepares a pack folder: its requirements.txt only, no inline or inferred requirements. */
  Step preparePack(Path packDir) throws IOException {
    DepsState prev = DepsState.read(packDir).orElse(null);
    StateDraft st = draft(packDir, false, PythonImports.NATIVE);
    Path reqFile = packDir.resolve("requirements.txt");
    String reqText = Dirs.readIfExists(reqFile);
    st.resolved = Requirements.names(reqText).stream().sorted().toList();
    if (!settings.autoRequirements() || Requirements.effectiveLines(reqText).isEmpty()) {
      // a prebuilt .deps without a manifest still counts (the reference ignores it, §9.4.6)
      DepsState.save(packDir, prev, st.build(DepsState.SKIPPED,
          settings.autoRequirements() ? null : "FN_AUTO_REQUIREMENTS is disabled", null));
      return new Step.Done(existingDeps(packDir), "");
    }
    String version = pythonVersion(packDir);
    if (version == null) {
      return new Step.Broken("python interpreter '" + pythonBin + "' could not be started to install pack " + packDir);
    }
    String signature = new Signature().add("runtime", RUNTIME).add("python", version)
        .add("requirements.txt", reqText).hex();
    return install(packDir, prev, st, reqFile, List.of(), signature,
        "pip dependencies install failed for pack " + packDir + ": %s");
  }

  private Step install(Path dir, DepsState prev, StateDraft st, Path reqFile, List<String> specs, String signature,
      String failureFormat) throws IOException {
    Path deps = dir.resolve(".deps");
    Path lock = dir.resolve("requirements.lock.txt");
    if (prev != null && prev.isOk() && signature.equals(prev.installSignature()) && Dirs.isNonEmptyDir(deps)) {
      DepsState.save(dir, prev, st.build(DepsState.OK, null, signature));
      return new Step.Done(List.of(deps), signature);
    }
    Path staging = dir.resolve(".deps.installing");
    Dirs.deleteTree(staging);
    List<String> cmd = new ArrayList<>(List.of(pythonBin, "-m", "pip", "install", "--disable-pip-version-check",
        "--no-input", "-q", "-t", staging.toString()));
    if (reqFile != null) {
      cmd.add("-r");
      cmd.add(reqFile.toString());
    }
    cmd.addAll(specs);
    LOG.info("dir={} rt=python deps install start tool=pip", dir);
    long t0 = System.nanoTime();
    var r = tools.run(cmd, dir, INSTALL_TIMEOUT, PIP_ENV);
    long ms = (System.nanoTime() - t0) / 1_000_000L;
    if (!r.ok()) {
      Dirs.deleteTree(staging);
      String detail = r.timedOut() ? "pip timed out after " + INSTALL_TIMEOUT.toSeconds() + "s" : r.tail(4);
      String msg = String.format(failureFormat, detail);
      LOG.warn("dir={} rt=python deps install failed ms={}; retried after a manifest change: {}", dir, ms, detail);
      DepsState.save(dir, prev, st.build(DepsState.ERROR, msg, null));
      return new Step.Broken(msg);
    }
    replace(staging, deps, dir.resolve(".deps.old"));
    writeLock(dir, deps, lock);
    LOG.info("dir={} rt=python deps install done ms={}", dir, ms);
    DepsState.save(dir, prev, st.build(DepsState.OK, null, signature));
    return new Step.Done(List.of(deps), signature);
  }

  /** Swaps the freshly installed folder in; a worker never sees a half-installed .deps. */
  private static void replace(Path staging, Path deps, Path old) throws IOException {
    Dirs.deleteTree(old);
    if (Files.exists(deps)) {
      move(deps, old);
    }
    move(staging, deps);
    Dirs.deleteTree(old);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  /** requirements.lock.txt = {@code pip freeze --path .deps}, sorted, unique case-insensitively. Informational. */
  private void writeLock(Path dir, Path deps, Path lock) throws IOException {
    var r = tools.run(List.of(pythonBin, "-m", "pip", "freeze", "--disable-pip-version-check", "--path",
        deps.toString()), dir, FREEZE_TIMEOUT, PIP_ENV);
    if (!r.ok()) {
      LOG.warn("pip freeze failed dir={}; {} not updated: {}", dir, lock.getFileName(), r.tail(2));
      return;
    }
    TreeMap<String, String> lines = new TreeMap<>();
    for (String line : r.stdout().split("\\R")) {
      if (!line.isBlank()) {
        lines.putIfAbsent(line.strip().toLowerCase(Locale.ROOT), line.strip());
      }
    }
    DepsJson.writeAtomically(lock, lines.isEmpty() ? "" : String.join("\n", lines.values()) + "\n");
  }

  /** Appends inferred packages to requirements.txt (runtimes.md §5.2 "Manifest write"). */
  private static void writeManifest(Path reqFile, String existing, List<String> missing, String backend)
      throws IOException {
    StringBuilder sb = new StringBuilder();
    if (existing == null || existing.isBlank()) {
      sb.append("# Auto-generated by FastFN dependency inference.\n")
          .append("# Backend: ").append(backend).append(". Explicit manifests remain faster and more predictable.\n\n");
    } else {
      sb.append(existing.stripTrailing()).append('\n');
      String[] lines = existing.split("\\R");
      if (!lines[lines.length - 1].isBlank()) {
        sb.append('\n');
      }
    }
    missing.forEach(p -> sb.append(p).append('\n'));
    DepsJson.writeAtomically(reqFile, sb.toString().stripTrailing() + "\n");
  }

  private String pythonVersion(Path cwd) {
    String v = pythonVersion.get();
    if (v == null) {
      var r = tools.run(List.of(pythonBin, "-c", "import sys; print(sys.version)"), cwd, Duration.ofSeconds(30));
      if (!r.ok()) {
        return null;
      }
      pythonVersion.compareAndSet(null, r.stdout().strip());
      v = pythonVersion.get();
    }
    return v;
  }

  /** Drops imports that a shared pack already provides (a module in its .deps, or a package it lists). */
  private static Inference withoutPackProvided(Inference inf, List<Path> packDirs) {
    if (packDirs.isEmpty()) {
      return inf;
    }
    TreeSet<String> providedPkgs = new TreeSet<>();
    for (Path pack : packDirs) {
      providedPkgs.addAll(Requirements.names(Dirs.readIfExists(pack.resolve("requirements.txt"))));
    }
    java.util.function.Predicate<String> provided = imp -> {
      String pkg = PythonImports.packageFor(imp);
      if (pkg != null && providedPkgs.contains(pkg.toLowerCase(Locale.ROOT))) {
        return true;
      }
      for (Path pack : packDirs) {
        Path deps = pack.resolve(".deps");
        if (Files.isDirectory(deps.resolve(imp)) || Files.exists(deps.resolve(imp + ".py"))) {
          return true;
        }
      }
      return false;
    };
    List<String> gone = inf.imports().stream().filter(provided).toList();
    List<String> gonePkgs = gone.stream().map(PythonImports::packageFor).filter(java.util.Objects::nonNull).toList();
    return new Inference(inf.backend(), inf.durationMs(),
        inf.imports().stream().filter(i -> !gone.contains(i)).toList(),
        inf.resolved().stream().filter(p -> !gonePkgs.contains(p) && !providedPkgs.contains(p.toLowerCase(Locale.ROOT)))
            .toList(),
        inf.unresolved().stream().filter(i -> !gone.contains(i)).toList(), null);
  }

  private static List<Path> existingDeps(Path dir) {
    Path deps = dir.resolve(".deps");
    return Files.isDirectory(deps) ? List.of(deps) : List.of();
  }

  private static List<String> inlineNames(List<String> inline) {
    return inline.stream().map(Requirements::nameOf).filter(java.util.Objects::nonNull).toList();
  }

  private static List<String> union(List<String> a, List<String> b) {
    TreeSet<String> s = new TreeSet<>(a);
    s.addAll(b);
    return List.copyOf(s);
  }

  private StateDraft draft(Path dir, boolean generated, String backend) {
    return new StateDraft(RUNTIME, dir.resolve("requirements.txt"), () -> dir.resolve("requirements.lock.txt"),
        generated, backend, clock);
  }
}
