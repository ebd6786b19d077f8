package dev.fastfn.discovery;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.config.RuntimeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One discovery pass (routing.md §2): the zero-config walk, explicit and runtime-scoped functions,
 * manifests, then the file-route targets' specs. Single use, single thread; {@link Scanner} makes
 * one per scan.
 */
final class Scan {
  static final int MAX_DEPTH = 6;
  static final Set<String> DEFAULT_IGNORED_DIRS =
      Set.of("node_modules", "vendor", "__pycache__", ".fastfn", ".deps", ".rust-build", "target", "src");
  static final String MANIFEST = "fn.routes.json";
  private static final Pattern RUNTIME_SCOPED_NAME = Pattern.compile("[a-zA-Z0-9_-]+");
  private static final Pattern VERSION_LIKE = Pattern.compile("(v\\d|\\d)[\\w.-]*");
  private static final Pattern MANIFEST_KEY = Pattern.compile("^([A-Z, ]+)\\s+(.+)$");

  private final FastfnConfig config;
  private final Path root;
  private final HandlerHints hints;
  private final FileCache<EnvFile> envFiles;
  private final Set<String> problems = new LinkedHashSet<>();
  private final TreeView view;
  private final RouteTable table = new RouteTable();
  private final Set<RuntimeKind> enabled;
  private final Set<String> ignored = new HashSet<>(DEFAULT_IGNORED_DIRS);
  private final Set<Path> excluded = new HashSet<>();
  private final Map<String, FileTarget> fileTargets = new LinkedHashMap<>();
  private final Map<String, FunctionSpec> functions = new LinkedHashMap<>();
  private final Map<RuntimeKind, TreeMap<String, GroupParts>> groups = new EnumMap<>(RuntimeKind.class);
  private final Map<RuntimeKind, TreeMap<String, Path>> explicitFunctions = new EnumMap<>(RuntimeKind.class);
  private final Map<Path, Map<String, FunctionEnvFile.EnvEntry>> envs = new HashMap<>();
  private final Map<Path, String> folderFingerprints = new HashMap<>();
  private final boolean replay;
  private final ScanMemo<Registration> registrations;
  private int problemCount;
  /** What the root config sets {@code /} to do (§7.1 step 3). */
  private HomeTarget home = HomeTarget.UNSET;
  /** While a registration is recorded: what it has added so far. */
  private List<Effect> effects;
  /** The part of the pass now registering routes (see {@link PassUnit}). */
  private PassUnit unit = PassUnit.ZERO_CONFIG;
  /** Every assets folder a config names, whether it exists or not: a new folder there changes the pass. */
  private final Set<Path> assetPaths = new HashSet<>();
  /** "runtime/name" of every explicit function the walk found: a new folder of that name changes the pass. */
  private final Set<String> explicitNames = new HashSet<>();

  /** A file or manifest target found by the walk; its spec is built after all routes are known. */
  private record FileTarget(RuntimeKind runtime, String name, Path file, Set<String> methods) {}

  private static final class GroupParts {
    FunctionSpec defaultSpec;
    final Map<String, FunctionSpec> versions = new TreeMap<>();
  }

  /** A parsed {@code fn.env.json}, or why it could not be read (then kept for one scan only). */
  record EnvFile(Map<String, FunctionEnvFile.EnvEntry> entries, String error) {
    static EnvFile read(Path file) {
      try {
        return new EnvFile(FunctionEnvFile.read(file), null);
      } catch (IOException | java.io.UncheckedIOException e) {
        return new EnvFile(Map.of(), e.getMessage());
      }
    }
  }

  /** What a scan reuses from the ones before it; one scan at a time (see {@link Scanner}). */
  record Caches(HandlerHints hints, FileCache<FnConfig> configs, FileCache<EnvFile> envFiles, ListingCache listings,
      ScanMemo<Registration> registrations) {
    Caches(ListingCache listings) {
      this(new HandlerHints(), new FileCache<>(), new FileCache<>(), listings, new ScanMemo<>());
    }
  }

  /**
   * A function's registration as a scan did it: what it looked at and what it added to the catalog,
   * in order. A later scan that finds the same reads replays the effects instead of working them out
   * again, so a console write into a tree of hundreds of functions re-registers only what changed,
   * and the unchanged functions keep their very {@link FunctionSpec} objects.
   */
  record Registration(RuntimeKind runtime, String name, boolean explicitInTree, Set<Path> excludedBelow,
      TreeView.Reads reads, List<Effect> effects) {}

  /**
   * One thing a registration added to the catalog. Replayed by a virtual call, not a type switch:
   * rescans are rare, so this runs interpreted, where a pattern switch costs a bootstrap call.
   */
  private interface Effect {
    void applyTo(Scan scan);
  }

  private record Route(RouteEntry entry) implements Effect {
    @Override
    public void applyTo(Scan scan) {
      scan.register(entry);
    }
  }

  private record Target(RuntimeKind runtime, Path file, List<String> methods) implements Effect {
    @Override
    public void applyTo(Scan scan) {
      scan.fileTarget(runtime, file, methods);
    }
  }

  private record Spec(FunctionSpec spec) implements Effect {
    @Override
    public void applyTo(Scan scan) {
      scan.functions.put(spec.key(), spec);
    }
  }

  private record Group(RuntimeKind runtime, String name, FunctionSpec defaultSpec, Map<String, FunctionSpec> versions)
      implements Effect {
    @Override
    public void applyTo(Scan scan) {
      GroupParts parts = new GroupParts();
      parts.defaultSpec = defaultSpec;
      parts.versions.putAll(versions);
      scan.groups.get(runtime).put(name, parts);
    }
  }

  /** A scan that replays the registrations of earlier scans that still hold, and keeps its own. */
  Scan(FastfnConfig config, Caches caches) {
    this(config, caches, true);
  }

  /**
   * {@code replay} false: a pass that works every registration out (recording it, as a scan does for
   * a changed function) and leaves the kept ones as they are; the warm-up runs it.
   */
  Scan(FastfnConfig config, Caches caches, boolean replay) {
    this(config, caches, replay, true);
  }

  /**
   * {@code rotate} false: the caches keep every entry (a one-folder update, which reads one folder and
   * must not forget what the last pass read everywhere else).
   */
  private Scan(FastfnConfig config, Caches caches, boolean replay, boolean rotate) {
    this.replay = replay;
    this.registrations = caches.registrations();
    this.config = config;
    this.root = config.functionsRoot();
    this.hints = caches.hints();
    this.envFiles = caches.envFiles();
    if (rotate) {
      caches.configs().startScan();
      envFiles.startScan();
    }
    this.view = new TreeView(root, this::problem, caches.configs(), caches.listings());
    this.enabled = Set.copyOf(config.runtimes());
    for (RuntimeKind rt : enabled) {
      groups.put(rt, new TreeMap<>());
      explicitFunctions.put(rt, new TreeMap<>());
    }
  }

  /**
   * What registering the runtime-scoped function folder {@code dir} (new, or written into) adds,
   * registered as a full pass would, with the scan-wide inputs of the last full pass ({@code shape})
   * and reading nothing but that folder. Null when a full pass would do more than register it: a
   * folder the pass skips or walks as a namespace, a name an explicit function claims, an assets
   * folder at or below it, a problem, a file route or a conflict in it. The caller checks the rest
   * against the previous catalog (see {@link FolderUpdate}).
   */
  static FolderUpdate.Added registerAlone(FastfnConfig config, Caches caches, PassShape shape, RuntimeKind rt,
      Path dir) {
    Scan scan = new Scan(config, caches, true, false);
    scan.ignored.addAll(shape.ignored());
    return scan.registerAlone(rt, dir, shape);
  }

  private FolderUpdate.Added registerAlone(RuntimeKind rt, Path dir, PassShape shape) {
    String name = dir.getFileName().toString();
    if (!enabled.contains(rt) || skipDir(name) || !RUNTIME_SCOPED_NAME.matcher(name).matches()
        || shape.explicitNames().contains(rt.id() + "/" + name) || !view.isSingleEntryRoot(dir)) {
      return null;
    }
    for (Path assets : shape.assetPaths()) {
      if (assets.startsWith(dir)) {
        return null;
      }
    }
    unit = new PassUnit(runtimeRank(rt), true, name);
    registerFunction(rt, dir, name, false);
    GroupParts g = groups.get(rt).get(name);
    if (g == null || !problems.isEmpty() || !fileTargets.isEmpty() || !table.conflicts().isEmpty()) {
      return null;
    }
    return new FolderUpdate.Added(unit, table.mapped(), Map.copyOf(functions),
        new FunctionGroup(rt, name, g.defaultSpec, g.versions));
  }

  /** The scan-wide inputs and route order this pass leaves for one-folder updates. */
  PassShape shape() {
    return new PassShape(Set.copyOf(ignored), Set.copyOf(assetPaths), Set.copyOf(explicitNames),
        table.firstUnits());
  }

  private int runtimeRank(RuntimeKind rt) {
    int rank = 0;
    for (RuntimeKind other : enabled) {
      if (other.id().compareTo(rt.id()) < 0) {
        rank++;
      }
    }
    return rank;
  }

  Catalog run(Instant now) {
    hints.startScan();
    if (!Files.isDirectory(root)) {
      problem("functions root " + root + " is not a directory");
      return build(now);
    }
    FnConfig rootCfg = view.config(root);
    if (rootCfg.home() != null) {
      // An invalid value is reported with the catalog's problems and skipped (the next step decides).
      home = HomeTarget.choose(rootCfg.home().function(), "fn.config.json home (path)", rootCfg.home().redirect(),
          "fn.config.json home (redirect)", this::problem);
    }
    ignored.addAll(rootCfg.ignoreDirs());
    ignored.addAll(config.extraIgnoredDirs());
    if (replay) {
      registrations.startScan(Set.copyOf(ignored)); // the one scan-wide input of a registration
    }
    zeroConfig(root, List.of(), 0, false, false);
    List<RuntimeKind> byName = new ArrayList<>(enabled);
    byName.sort((a, b) -> a.id().compareTo(b.id()));
    for (RuntimeKind rt : byName) {
      int r = runtimeRank(rt);
      explicitFunctions.get(rt).forEach((name, dir) -> {
        unit = new PassUnit(r, false, name);
        registerFunction(rt, dir, name, true);
      });
      Path rtDir = root.resolve(rt.id());
      if (FileKinds.isDirectory(rtDir)) {
        unit = new PassUnit(r, true, "");
        runtimeScoped(rt, rtDir, "", 1);
      }
    }
    buildFileSpecs();
    return build(now);
  }

  private Catalog build(Instant now) {
    Map<String, List<RouteEntry>> mapped = table.mapped();
    List<String> dynamic = new ArrayList<>();
    for (String r : mapped.keySet()) {
      if (RoutePaths.isDynamic(r)) {
        dynamic.add(r);
      }
    }
    RoutePaths.sortBySpecificity(dynamic);
    Map<RuntimeKind, List<FunctionGroup>> out = new EnumMap<>(RuntimeKind.class);
    groups.forEach((rt, byName) -> {
      List<FunctionGroup> list = new ArrayList<>();
      byName.forEach((name, p) -> list.add(new FunctionGroup(rt, name, p.defaultSpec, p.versions)));
      out.put(rt, List.copyOf(list));
    });
    return new Catalog(root, config.runtimes(), mapped, table.conflicts(), dynamic, functions, out,
        List.copyOf(problems), home, now);
  }

  // ---------------------------------------------------------------------------------------------
  // zero-config tree (§2.2, §2.3)

  private void zeroConfig(Path dir, List<String> names, int depth, boolean inheritedMixed, boolean inRuntimeNs) {
    if (depth > MAX_DEPTH) {
      if (hasFunctionFiles(dir)) {
        problem("skipping " + view.rel(dir) + ": deeper than " + MAX_DEPTH + " levels below the functions root");
      }
      return;
    }
    boolean single = view.isSingleEntryRoot(dir);
    if (inRuntimeNs && single) {
      return; // the runtime-scoped pass owns it
    }
    boolean mixed = inheritedMixed || single;
    FnConfig cfg = view.config(dir);
    excludeAssets(dir, cfg);
    boolean manifestFound = registerManifest(dir);
    boolean explicit = cfg.explicit();
    if (!explicit || mixed) {
      registerFiles(dir, FileRoutes.folderSegments(names), mixed, explicit && single, null, depth > 0);
    }
    if (explicit && single) {
      rememberExplicit(dir, cfg);
    }
    boolean leaf = manifestFound || (explicit && !single);
    if (leaf && depth > 0) {
      return;
    }
    for (String child : view.list(dir).dirs()) {
      Path cd = dir.resolve(child);
      if (skipDir(child) || excluded.contains(cd)) {
        continue;
      }
      List<String> childNames = append(names, child);
      RuntimeKind rt = depth == 0 ? runtimeFolder(child) : null;
      if (rt != null) {
        if (enabled.contains(rt) && !runtimeRootExposesRoutes(cd, 1)) {
          continue;
        }
        zeroConfig(cd, childNames, 1, mixed, true);
      } else {
        zeroConfig(cd, childNames, depth + 1, mixed, inRuntimeNs);
      }
    }
  }

  /**
   * Registers the file routes of one folder (rank 1).
   *
   * @param routeSegments normalized route prefix of the folder
   * @param entryFolder the folder is a function's own folder (its entry names are not aliases)
   * @param skipFile a file never to publish (the function's resolved entry), or null
   * @param homeAlias apply the folder home alias (§7.2)
   */
  private void registerFiles(Path dir, List<String> routeSegments, boolean mixed,
      boolean entryFolder, Path skipFile, boolean homeAlias) {
    FnConfig cfg = view.config(dir);
    List<RouteEntry> local = new ArrayList<>();
    for (String file : view.list(dir).files()) {
      Path path = dir.resolve(file);
      if (path.equals(skipFile)) {
        continue;
      }
      switch (FileRoutes.derive(file, mixed, entryFolder)) {
        case FileRoutes.Derivation.Skip s -> { }
        case FileRoutes.Derivation.Ambiguous a ->
            problem("ignoring ambiguous multi-method filename: " + view.rel(path));
        case FileRoutes.Derivation.Route r -> {
          if (!enabled.contains(r.runtime())) {
            continue;
          }
          List<String> methods = r.method() != null
              ? List.of(r.method())
              : cfg.methods() != null ? cfg.methods() : Policies.DEFAULT_METHODS;
          List<String> routes = FileRoutes.routes(routeSegments, r);
          if (routes.isEmpty()) {
            continue; // e.g. a root index.js: "/" belongs to the home page
          }
          String key = fileTarget(r.runtime(), path, methods);
          List<String> hosts = hostsFor(dir);
          for (String route : routes) {
            RouteEntry e = new RouteEntry(route, key, methods, 1, hosts, false);
            register(e);
            local.add(e);
          }
        }
      }
    }
    if (homeAlias && cfg.homeRoute() != null && !routeSegments.isEmpty()) {
      registerHomeAlias(cfg.homeRoute(), routeSegments, local);
    }
  }

  /** Folder home alias: the folder route serves a route found in the same folder (§7.2). */
  private void registerHomeAlias(String target, List<String> routeSegments, List<RouteEntry> local) {
    String folderRoute = RoutePaths.normalize("/" + String.join("/", routeSegments));
    String targetRoute;
    if (target.startsWith("/")) {
      targetRoute = RoutePaths.normalize(target);
    } else {
      List<String> segs = new ArrayList<>(routeSegments);
      for (String s : target.split("/")) {
        String n = FileRoutes.normalizeToken(s);
        if (n != null) {
          segs.add(n);
        }
      }
      targetRoute = RoutePaths.normalize("/" + String.join("/", segs));
    }
    if (folderRoute == null || targetRoute == null || folderRoute.equals(targetRoute)) {
      return;
    }
    for (RouteEntry e : local) {
      if (e.route().equals(folderRoute)) {
        return;
      }
    }
    for (RouteEntry e : local) {
      if (e.route().equals(targetRoute)) {
        register(new RouteEntry(folderRoute, e.functionKey(), e.methods(), 1, e.allowHosts(), false));
      }
    }
  }

  /** fn.routes.json (§2.5): rank-2 routes; true when the folder is a manifest leaf. */
  private boolean registerManifest(Path dir) {
    JsonNode routes = manifestRoutes(dir);
    if (routes == null) {
      return false;
    }
    String rel = view.rel(dir.resolve(MANIFEST));
    for (var e : routes.properties()) {
      String key = e.getKey().trim();
      List<String> methods;
      String path;
      Matcher m = MANIFEST_KEY.matcher(key);
      if (m.matches()) {
        methods = new ArrayList<>();
        for (String w : m.group(1).trim().split("[,\\s]+")) {
          if (!w.isEmpty() && !methods.contains(w)) {
            methods.add(w);
          }
        }
        path = m.group(2).trim();
        if (!FunctionPolicy.ALL_METHODS.containsAll(methods) || methods.isEmpty()) {
          problem(rel + ": route '" + key + "' names an unknown method");
          continue;
        }
      } else {
        methods = Policies.DEFAULT_METHODS;
        path = key;
      }
      String route = RoutePaths.normalize(path);
      if (route == null) {
        problem(rel + ": route '" + key + "' is not a valid route");
        continue;
      }
      JsonNode v = e.getValue();
      if (v == null || !v.isString() || v.stringValue().isBlank()) {
        continue;
      }
      String target = v.stringValue().trim();
      Path file = SafeNames.resolveInside(dir, target).orElse(null);
      if (file == null || !FileKinds.isFile(file)) {
        problem(rel + ": target '" + target + "' of route '" + key + "' is not a file in " + view.rel(dir));
        continue;
      }
      RuntimeKind rt = RuntimeKind.forFile(file.getFileName().toString()).orElse(null);
      if (rt == null) {
        problem(rel + ": target '" + target + "' is not a python or node file");
        continue;
      }
      if (!enabled.contains(rt)) {
        continue;
      }
      String fnKey = fileTarget(rt, file, methods);
      register(new RouteEntry(route, fnKey, methods, 2, hostsFor(file.getParent()), false));
    }
    return true;
  }

  /** The "routes" object of the folder's manifest, or null (problems reported). */
  private JsonNode manifestRoutes(Path dir) {
    if (!view.list(dir).files().contains(MANIFEST)) {
      return null;
    }
    Path f = dir.resolve(MANIFEST);
    String rel = view.rel(f);
    JsonNode rootNode;
    try {
      rootNode = FnConfigParser.mapper().readTree(Files.readString(f));
    } catch (JacksonException e) {
      problem(rel + ": invalid JSON: " + FnConfigParser.describe(e));
      return null;
    } catch (IOException | java.io.UncheckedIOException e) {
      problem(rel + ": cannot read: " + e.getMessage());
      return null;
    }
    JsonNode routes = rootNode == null ? null : rootNode.get("routes");
    if (routes == null || !routes.isObject()) {
      problem(rel + ": must be an object with a \"routes\" object");
      return null;
    }
    return routes;
  }

  /** Remembers an explicit function folder of the zero-config tree (§2.6); registered in the runtime pass. */
  private void rememberExplicit(Path dir, FnConfig cfg) {
    String rel = view.rel(dir);
    RuntimeKind rt = null;
    if (cfg.runtime() != null) {
      rt = RuntimeKind.parse(cfg.runtime()).orElse(null);
      if (rt == null) {
        problem(rel + "/fn.config.json: runtime '" + cfg.runtime() + "' is not supported (python, node)");
      }
    }
    if (rt == null && cfg.entrypoint() != null) {
      rt = RuntimeKind.forFile(cfg.entrypoint()).orElse(null);
    }
    if (rt == null) {
      rt = runtimeFromFiles(dir, rel);
    }
    if (rt == null) {
      problem(rel + ": explicit function without a python or node entry file");
      return;
    }
    if (!enabled.contains(rt)) {
      return;
    }
    String name = cfg.name() != null ? cfg.name() : dir.getFileName().toString();
    explicitNames.add(rt.id() + "/" + name);
    if (Files.isDirectory(root.resolve(rt.id()).resolve(name))) {
      problem(rel + ": function " + rt.id() + "/" + name + " is already defined in " + rt.id() + "/" + name
          + "; ignoring " + rel);
      return;
    }
    Path prev = explicitFunctions.get(rt).putIfAbsent(name, dir);
    if (prev != null) {
      problem(rel + ": function " + rt.id() + "/" + name + " is already defined in " + view.rel(prev)
          + "; ignoring " + rel);
    }
  }

  /** Runtime of a folder from its entry files, node before python (§1.4); warns when both exist. */
  private RuntimeKind runtimeFromFiles(Path dir, String rel) {
    List<String> files = view.list(dir).files();
    List<RuntimeKind> order = List.of(RuntimeKind.NODE, RuntimeKind.PYTHON);
    RuntimeKind chosen = null;
    String chosenFile = null;
    List<String> ignoredEntries = new ArrayList<>();
    for (RuntimeKind k : order) {
      for (String c : k.entryCandidates()) {
        if (!files.contains(c)) {
          continue;
        }
        if (chosen == null) {
          chosen = k;
          chosenFile = c;
        } else if (k != chosen) {
          ignoredEntries.add(k.id() + ":" + c);
        }
      }
    }
    if (!ignoredEntries.isEmpty()) {
      problem("multiple compatible entry files in " + rel + "; selected " + chosen.id() + ":" + chosenFile
          + " and ignored " + String.join(", ", ignoredEntries));
    }
    return chosen;
  }

  private boolean hasFunctionFiles(Path dir) {
    for (String f : view.list(dir).files()) {
      if (FileRoutes.derive(f, false, false) instanceof FileRoutes.Derivation.Route) {
        return true;
      }
    }
    return false;
  }

  /** True when a runtime-named root folder has zero-config routes of its own (§2.2). */
  private boolean runtimeRootExposesRoutes(Path dir, int depth) {
    if (depth > MAX_DEPTH) {
      return false;
    }
    if (view.list(dir).files().contains(MANIFEST)) {
      JsonNode routes = quietManifestRoutes(dir.resolve(MANIFEST));
      if (routes != null && !routes.isEmpty()) {
        return true;
      }
    }
    for (String f : view.list(dir).files()) {
      if (FileRoutes.derive(f, false, false) instanceof FileRoutes.Derivation.Route) {
        return true;
      }
    }
    for (String child : view.list(dir).dirs()) {
      Path cd = dir.resolve(child);
      if (skipDir(child) || view.isSingleEntryRoot(cd)) {
        continue;
      }
      if (runtimeRootExposesRoutes(cd, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode quietManifestRoutes(Path f) {
    try {
      JsonNode n = FnConfigParser.mapper().readTree(Files.readString(f));
      JsonNode r = n == null ? null : n.get("routes");
      return r != null && r.isObject() ? r : null;
    } catch (JacksonException | IOException | java.io.UncheckedIOException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // runtime-scoped layout (§2.4)

  private void runtimeScoped(RuntimeKind rt, Path dir, String prefix, int depth) {
    for (String sub : view.list(dir).dirs()) {
      if (skipDir(sub)) {
        continue;
      }
      Path sd = dir.resolve(sub);
      if (!RUNTIME_SCOPED_NAME.matcher(sub).matches()) {
        problem("skipping " + view.rel(sd) + ": function folder names may use only letters, digits, '_' and '-'");
        continue;
      }
      String name = prefix.isEmpty() ? sub : prefix + "/" + sub;
      if (prefix.isEmpty()) {
        unit = new PassUnit(unit.runtimeRank(), true, sub);
      }
      if (view.isSingleEntryRoot(sd) || hasVersionedChildren(sd)) {
        registerFunction(rt, sd, name, false);
      } else if (depth < config.namespaceDepth()) {
        runtimeScoped(rt, sd, name, depth + 1);
      }
    }
  }

  /** Every single-entry child has a version-like name, and there is at least one. */
  private boolean hasVersionedChildren(Path dir) {
    boolean any = false;
    for (String child : view.list(dir).dirs()) {
      if (skipDir(child) || !view.isSingleEntryRoot(dir.resolve(child))) {
        continue;
      }
      if (!VERSION_LIKE.matcher(child).matches()) {
        return false;
      }
      any = true;
    }
    return any;
  }

  /**
   * Registers a runtime-scoped or explicit function with its versions (§2.4): rank-3 routes, and for
   * runtime-scoped ones the mixed sub-routes of its folder (explicit ones got theirs from the
   * zero-config walk, under their real path). Replays what an earlier scan kept for {@code dir} when
   * everything it looked at is unchanged (see {@link Registration}); else works it out and records it.
   */
  private void registerFunction(RuntimeKind rt, Path dir, String name, boolean explicitInTree) {
    Registration kept = replay ? registrations.get(dir) : null;
    TreeView.Reads now = kept != null && kept.runtime() == rt && kept.name().equals(name)
        && kept.explicitInTree() == explicitInTree && kept.excludedBelow().equals(excludedBelow(dir))
        ? view.current(kept.reads()) : null;
    if (now != null) {
      Registration still = now == kept.reads() ? kept : new Registration(rt, name, explicitInTree,
          kept.excludedBelow(), now, kept.effects());
      registrations.keep(dir, still);
      replay(dir, still);
      return;
    }
    int problemsBefore = problemCount;
    view.startRecording();
    effects = new ArrayList<>();
    boolean completed = false;
    try {
      registerFunctionNow(rt, dir, name, explicitInTree);
      completed = true;
    } finally {
      TreeView.Reads reads = view.stopRecording();
      List<Effect> done = effects;
      effects = null;
      // Only a whole and clean registration is kept: problems are reported by the scan that finds them.
      if (completed && replay && problemCount == problemsBefore && !done.isEmpty() && reads.onlyPlainConfigs()) {
        registrations.keep(dir, new Registration(rt, name, explicitInTree, excludedBelow(dir), reads, List.copyOf(done)));
      }
    }
  }

  private void replay(Path dir, Registration r) {
    if (groups.get(r.runtime()).containsKey(r.name())) {
      definedTwice(view.rel(dir), r.runtime(), r.name());
      return;
    }
    for (Effect e : r.effects()) {
      e.applyTo(this);
    }
  }

  private void definedTwice(String rel, RuntimeKind rt, String name) {
    problem(rel + ": function " + rt.id() + "/" + name + " is defined twice; ignoring " + rel);
  }

  private Set<Path> excludedBelow(Path dir) {
    if (excluded.isEmpty()) {
      return Set.of();
    }
    Set<Path> out = new HashSet<>();
    for (Path p : excluded) {
      if (p.startsWith(dir)) {
        out.add(p);
      }
    }
    return out;
  }

  /** {@link #registerFunction} worked out from the tree. */
  private void registerFunctionNow(RuntimeKind rt, Path dir, String name, boolean explicitInTree) {
    FnConfig cfg = view.config(dir);
    boolean hasDefault = view.isSingleEntryRoot(dir);
    List<String> versions = new ArrayList<>();
    for (String child : view.list(dir).dirs()) {
      if (!skipDir(child) && SafeNames.isVersion(child) && view.isSingleEntryRoot(dir.resolve(child))) {
        versions.add(child);
      }
    }
    if (!hasDefault && versions.isEmpty()) {
      return;
    }
    String rel = view.rel(dir);
    if (groups.get(rt).containsKey(name)) {
      definedTwice(rel, rt, name);
      return;
    }
    GroupParts group = new GroupParts();
    List<String> canon = new ArrayList<>();
    for (String seg : name.split("/")) {
      String n = FileRoutes.normalizeStatic(seg);
      if (n != null) {
        canon.add(n);
      }
    }
    Path entry = null;
    if (hasDefault) {
      entry = resolveEntry(dir, cfg, rt);
      if (entry != null) {
        FunctionPolicy policy = Policies.forFunction(config.limits(), cfg, config.forceUrl());
        String key = FunctionSpec.keyOf(rt, name, null);
        String fp = Fingerprints.forFunction(view, dir, versions, List.of());
        group.defaultSpec = spec(key, rt, name, null, FunctionSpec.Kind.FUNCTION, dir, entry, policy,
            List.of(cfg), fp, dir);
        List<String> routes = policy.routes();
        if (routes.isEmpty() && !canon.isEmpty()) {
          String base = RoutePaths.normalize("/" + String.join("/", canon));
          routes = base == null ? List.of() : List.of(base, base + "/*");
        }
        for (String route : routes) {
          register(new RouteEntry(route, key, policy.methods(), 3, policy.allowHosts(), policy.forceUrl()));
        }
      }
    }
    for (String v : versions) {
      Path vdir = dir.resolve(v);
      FnConfig vcfg = view.config(vdir);
      Path ventry = resolveEntry(vdir, vcfg, rt);
      if (ventry == null) {
        continue;
      }
      FunctionPolicy policy = Policies.forVersion(config.limits(), cfg, vcfg, config.forceUrl());
      String key = FunctionSpec.keyOf(rt, name, v);
      // the version's policy merges the function's fn.config.json
      String fp = Fingerprints.forFunction(view, vdir, List.of(), List.of(dir.resolve(FnConfigParser.FILE_NAME)));
      group.versions.put(v, spec(key, rt, name, v, FunctionSpec.Kind.FUNCTION, vdir, ventry, policy,
          List.of(vcfg, cfg), fp, vdir));
      for (String route : policy.routes()) {
        register(new RouteEntry(route, key, policy.methods(), 3, policy.allowHosts(), config.forceUrl()));
      }
    }
    if (group.defaultSpec == null && group.versions.isEmpty()) {
      return;
    }
    groups.get(rt).put(name, group);
    if (effects != null) {
      effects.add(new Group(rt, name, group.defaultSpec, Map.copyOf(group.versions)));
    }
    if (!explicitInTree) {
      mixedWalk(dir, canon, 0, true, entry);
    }
  }

  /** Mixed sub-routes of a runtime-scoped function folder: explicit route files only (§2.4). */
  private void mixedWalk(Path dir, List<String> routeSegments, int depth, boolean functionRoot, Path entry) {
    if (depth > MAX_DEPTH) {
      return;
    }
    registerFiles(dir, routeSegments, true, functionRoot, entry, false);
    for (String child : view.list(dir).dirs()) {
      Path cd = dir.resolve(child);
      if (skipDir(child) || excluded.contains(cd)) {
        continue;
      }
      String seg = FileRoutes.normalizeToken(child);
      mixedWalk(cd, seg == null ? routeSegments : append(routeSegments, seg), depth + 1, false, null);
    }
  }

  /**
   * Entry of a function folder: a valid {@code entrypoint} of this runtime, else the runtime's
   * candidates in order. Null (with a problem) when there is none.
   */
  private Path resolveEntry(Path dir, FnConfig cfg, RuntimeKind rt) {
    String rel = view.rel(dir);
    if (cfg.entrypoint() != null) {
      Path p = SafeNames.resolveInside(dir, cfg.entrypoint()).orElse(null);
      if (p == null || !FileKinds.isFile(p)) {
        problem(rel + "/fn.config.json: entrypoint '" + cfg.entrypoint() + "' is not a file in " + rel);
      } else if (RuntimeKind.forFile(p.getFileName().toString()).orElse(null) != rt) {
        problem(rel + "/fn.config.json: entrypoint '" + cfg.entrypoint() + "' is not a " + rt.id() + " file");
      } else {
        return p;
      }
    }
    List<String> files = view.list(dir).files();
    for (String c : rt.entryCandidates()) {
      if (files.contains(c)) {
        return dir.resolve(c);
      }
    }
    problem(rel + ": no " + rt.id() + " entry file (expected one of " + String.join(", ", rt.entryCandidates()) + ")");
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // specs

  private void register(RouteEntry e) {
    table.register(e, unit);
    if (effects != null) {
      effects.add(new Route(e));
    }
  }

  private void problem(String text) {
    problems.add(text);
    problemCount++;
  }

  private String fileTarget(RuntimeKind rt, Path file, List<String> methods) {
    if (effects != null) {
      effects.add(new Target(rt, file, List.copyOf(methods)));
    }
    String name = view.rel(file);
    String key = FunctionSpec.keyOf(rt, name, null);
    fileTargets.computeIfAbsent(key, k -> new FileTarget(rt, name, file, new LinkedHashSet<>())).methods().addAll(methods);
    return key;
  }

  private void buildFileSpecs() {
    for (var e : fileTargets.entrySet()) {
      FileTarget t = e.getValue();
      Path dir = t.file().getParent();
      List<FnConfig> overlays = view.overlays(dir);
      FunctionPolicy policy = Policies.forFile(config.limits(), overlays, view.config(dir),
          Policies.canonicalOrder(t.methods()));
      String fp = folderFingerprints.computeIfAbsent(dir, this::fileFolderFingerprint);
      FunctionSpec spec = spec(e.getKey(), t.runtime(), t.name(), null, FunctionSpec.Kind.FILE, dir, t.file(),
          policy, overlays, fp, dir, view.chain(dir));
      GroupParts g = new GroupParts();
      g.defaultSpec = spec;
      groups.get(t.runtime()).putIfAbsent(t.name(), g);
    }
  }

  /** Files in the folder, its private sub-folders, and the overlay configs above it. */
  private String fileFolderFingerprint(Path dir) {
    List<Path> extra = new ArrayList<>();
    Path p = dir;
    while (!p.equals(root) && p.startsWith(root)) {
      p = p.getParent();
      extra.add(p.resolve(FnConfigParser.FILE_NAME));
    }
    return Fingerprints.forFileFolder(view, dir, extra);
  }

  private FunctionSpec spec(String key, RuntimeKind rt, String name, String version, FunctionSpec.Kind kind,
      Path functionDir, Path entry, FunctionPolicy policy, List<FnConfig> layers, String fingerprint, Path envDir) {
    return spec(key, rt, name, version, kind, functionDir, entry, policy, layers, fingerprint, envDir, layers);
  }

  private FunctionSpec spec(String key, RuntimeKind rt, String name, String version, FunctionSpec.Kind kind,
      Path functionDir, Path entry, FunctionPolicy policy, List<FnConfig> layers, String fingerprint, Path envDir,
      List<FnConfig> errorLayers) {
    Map<String, FunctionEnvFile.EnvEntry> env = envs.computeIfAbsent(envDir, this::readEnv);
    Map<String, String> values = new LinkedHashMap<>();
    Set<String> secrets = new LinkedHashSet<>();
    env.forEach((k, v) -> {
      values.put(k, v.value());
      if (v.secret()) {
        secrets.add(k);
      }
    });
    List<String> errs = new ArrayList<>();
    for (FnConfig c : errorLayers) {
      if (c.errorText() != null && !errs.contains(c.errorText())) {
        errs.add(c.errorText());
      }
    }
    FunctionSpec spec = new FunctionSpec(key, rt, name, version, kind, functionDir, entry, view.rel(functionDir),
        policy, Policies.meta(layers, hints.read(entry, view.info(entry))), fingerprint, values, secrets,
        errs.isEmpty() ? null : String.join("; ", errs));
    functions.put(key, spec);
    if (effects != null) {
      effects.add(new Spec(spec));
    }
    return spec;
  }

  private Map<String, FunctionEnvFile.EnvEntry> readEnv(Path dir) {
    TreeView.FileInfo listed = view.list(dir).info().get(FunctionEnvFile.FILE_NAME);
    if (listed == null) {
      return Map.of();
    }
    Path f = dir.resolve(FunctionEnvFile.FILE_NAME);
    // Read again only when changed; a file with errors is read again next scan (it may be half-saved).
    EnvFile env = envFiles.get(f, listed, EnvFile::read, read -> read.error() == null);
    if (env.error() != null) {
      problem(view.rel(f) + ": " + env.error());
    }
    return env.entries();
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  private List<String> hostsFor(Path dir) {
    List<String> h = Policies.first(view.overlays(dir), FnConfig::allowHosts);
    return h == null ? List.of() : h;
  }

  private void excludeAssets(Path dir, FnConfig cfg) {
    if (cfg.assetsDirectory() != null) {
      SafeNames.resolveInside(dir, cfg.assetsDirectory()).ifPresent(assets -> {
        assetPaths.add(assets);
        if (FileKinds.isDirectory(assets)) {
          excluded.add(assets);
        }
      });
    }
  }

  /** Dot folders, private {@code _} folders (D8) and ignored names are never walked. */
  private boolean skipDir(String name) {
    return name.isEmpty() || name.startsWith(".") || name.startsWith("_")
        || ignored.contains(name.toLowerCase(Locale.ROOT));
  }

  /** The runtime whose folder name is {@code name} exactly, or null. */
  static RuntimeKind runtimeFolder(String name) {
    for (RuntimeKind k : RuntimeKind.values()) {
      if (k.id().equals(name)) {
        return k;
      }
    }
    return null;
  }

  private static List<String> append(List<String> list, String item) {
    List<String> out = new ArrayList<>(list.size() + 1);
    out.addAll(list);
    out.add(item);
    return out;
  }
}
