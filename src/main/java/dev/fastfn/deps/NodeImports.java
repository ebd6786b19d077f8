package dev.fastfn.deps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Node import inference. {@code native} scans comment-stripped sources for {@code import ... from},
 * {@code import "x"}, {@code export ... from}, {@code require("x")} and {@code import("x")}; builtins
 * come from the installed Node ({@code require('module').builtinModules}, asked once). {@code detective}
 * and {@code require-analyzer} run those tools through node when they are installed. Thread-safe.
 */
final class NodeImports {
  static final String NATIVE = "native";
  static final String DETECTIVE = "detective";
  static final String REQUIRE_ANALYZER = "require-analyzer";
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(20);

  /** Matched against lexed code, where every quoted literal became {@code "<NUL><index>"}. */
  private static final String LIT = "\"\u0000(\\d+)\"";
  private static final List<Pattern> SPECIFIERS = List.of(
      Pattern.compile("\\bimport\\s+(?:type\\s+)?[\\w*{}\\s,$]+?\\s+from\\s*" + LIT),
      Pattern.compile("\\bimport\\s*" + LIT),
      Pattern.compile("\\bexport\\s+(?:type\\s+)?(?:\\*(?:\\s+as\\s+[\\w$]+)?|\\{[^}]*\\})\\s*from\\s*" + LIT),
      Pattern.compile("\\brequire\\s*\\(\\s*" + LIT + "\\s*\\)"),
      Pattern.compile("\\bimport\\s*\\(\\s*" + LIT + "\\s*\\)"));
  private static final Pattern NAME = Pattern.compile("^(?:@[A-Za-z0-9_.\\-]+/)?[A-Za-z0-9_.\\-]+$");
  private static final List<String> IGNORED_PREFIXES =
      List.of(".", "/", "http:", "https:", "file:", "data:", "@/", "~/", "#");

  private static final String DETECTIVE_SCRIPT = """
      const fs = require('fs'), path = require('path');
      let detective;
      try { detective = require('detective'); } catch (e) {
        try { detective = require(path.join(process.env.FASTFN_GLOBAL_NODE_ROOT || '', 'detective')); }
        catch (e2) { process.exit(3); }
      }
      const out = [];
      for (const f of process.argv.slice(1)) { out.push(...detective(fs.readFileSync(f, 'utf8'))); }
      process.stdout.write(JSON.stringify(out));
      """;
  private static final String ANALYZER_SCRIPT = """
      const path = require('path');
      let ra;
      try { ra = require('require-analyzer'); } catch (e) {
        try { ra = require(path.join(process.env.FASTFN_GLOBAL_NODE_ROOT || '', 'require-analyzer')); }
        catch (e2) { process.exit(3); }
      }
      ra.analyze({ target: process.argv[1], reduce: true }, (err, pkgs) => {
        if (err) { console.error(String(err && err.message || err)); process.exit(1); }
        process.stdout.write(JSON.stringify(pkgs || {}));
      });
      """;

  private final String nodeBin;
  private final String npmBin;
  private final ToolRunner tools;
  private final AtomicReference<Set<String>> builtins = new AtomicReference<>();
  private final AtomicReference<String> globalRoot = new AtomicReference<>();

  NodeImports(String nodeBin, String npmBin, ToolRunner tools) {
    this.nodeBin = nodeBin;
    this.npmBin = npmBin;
    this.tools = tools;
  }

  /**
   * @param packNames shared packs of the function: imports of those names are the packs' business
   */
  Inference infer(Path fnDir, List<Path> sources, String backend, Collection<String> packNames) {
    long start = System.nanoTime();
    List<String> specifiers = new ArrayList<>();
    switch (backend) {
      case NATIVE -> sources.forEach(p -> specifiers.addAll(scanFile(p)));
      case DETECTIVE, REQUIRE_ANALYZER -> {
        String err = runTool(backend, fnDir, sources, specifiers);
        if (err != null) {
          return Inference.failed(backend, err);
        }
      }
      default -> {
        return Inference.failed(backend, "node dependency inference backend unsupported: " + backend
            + ". Supported values: native, detective, require-analyzer.");
      }
    }
    Set<String> builtinNames = builtins(fnDir);
    if (builtinNames == null) {
      return Inference.failed(backend, "node dependency inference failed: could not list builtin modules with "
          + nodeBin);
    }
    TreeSet<String> imports = new TreeSet<>();
    TreeSet<String> resolved = new TreeSet<>();
    TreeSet<String> unresolved = new TreeSet<>();
    for (String spec : specifiers) {
      Mapped m = map(spec, builtinNames, packNames);
      switch (m) {
        case Mapped.Ignored i -> { }
        case Mapped.Package p -> {
          imports.add(spec);
          resolved.add(p.name());
        }
        case Mapped.Unresolved u -> {
          imports.add(spec);
          unresolved.add(spec);
        }
      }
    }
    return new Inference(backend, (System.nanoTime() - start) / 1_000_000L, List.copyOf(imports),
        List.copyOf(resolved), List.copyOf(unresolved), null);
  }

  /** What a specifier means for installation. */
  sealed interface Mapped {
    record Ignored() implements Mapped {}

    record Package(String name) implements Mapped {}

    record Unresolved() implements Mapped {}
  }

  /** runtimes.md §5.3 step 1, specifier -> package. */
  static Mapped map(String spec, Set<String> builtinNames, Collection<String> packNames) {
    String s = spec.strip();
    for (String prefix : IGNORED_PREFIXES) {
      if (s.startsWith(prefix)) {
        return new Mapped.Ignored();
      }
    }
    if (s.startsWith("node:")) {
      return new Mapped.Ignored();
    }
    if (s.isEmpty()) {
      return new Mapped.Unresolved();
    }
    String name;
    if (s.startsWith("@")) {
      String[] parts = s.split("/", -1);
      if (parts.length < 2 || parts[0].length() < 2 || parts[1].isEmpty()) {
        return new Mapped.Unresolved();
      }
      name = parts[0] + "/" + parts[1];
    } else {
      name = s.split("/", 2)[0];
    }
    if (builtinNames.contains(s) || builtinNames.contains(name)) {
      return new Mapped.Ignored();
    }
    if (!NAME.matcher(name).matches()) {
      return new Mapped.Unresolved();
    }
    if (packNames.contains(name)) {
      return new Mapped.Ignored();
    }
    return new Mapped.Package(name);
  }

  static List<String> scanFile(Path file) {
    try {
      return scanSource(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      return List.of(); // unreadable or not UTF-8: nothing inferred from it
    }
  }

  static List<String> scanSource(String source) {
    List<String> literals = new ArrayList<>();
    String code = lex(source, literals);
    List<String> out = new ArrayList<>();
    for (Pattern p : SPECIFIERS) {
      Matcher m = p.matcher(code);
      while (m.find()) {
        out.add(literals.get(Integer.parseInt(m.group(1))));
      }
    }
    return out;
  }

  /**
   * Drops // and /* comments and replaces each quoted string with {@code "<NUL><index>"} (its text
   * goes to {@code literals}), so the patterns see neither commented-out code nor code-like text
   * inside strings. Template literals become empty templates. Regex literals are not recognised;
   * a quote inside one can only hide a later specifier, never invent one.
   */
  static String lex(String src, List<String> literals) {
    StringBuilder out = new StringBuilder(src.length());
    int n = src.length();
    int i = 0;
    while (i < n) {
      char c = src.charAt(i);
      char next = i + 1 < n ? src.charAt(i + 1) : '\0';
      if (c == '/' && next == '/') {
        while (i < n && src.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && next == '*') {
        int end = src.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        out.append(' ');
      } else if (c == '"' || c == '\'' || c == '`') {
        StringBuilder lit = new StringBuilder();
        int j = i + 1;
        while (j < n && src.charAt(j) != c) {
          char d = src.charAt(j);
          if (d == '\\' && j + 1 < n) {
            lit.append(src.charAt(j + 1));
            j += 2;
            continue;
          }
          if (d == '\n' && c != '`') {
            break; // unterminated: stop at the line end
          }
          lit.append(d);
          j++;
        }
        i = Math.min(j + 1, n);
        if (c == '`') {
          out.append("``");
        } else {
          out.append("\"\u0000").append(literals.size()).append('"');
          literals.add(lit.toString());
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private String runTool(String backend, Path fnDir, List<Path> sources, List<String> specifiers) {
    List<String> cmd = new ArrayList<>(List.of(nodeBin, "-e",
        backend.equals(DETECTIVE) ? DETECTIVE_SCRIPT : ANALYZER_SCRIPT));
    if (backend.equals(DETECTIVE)) {
      sources.forEach(p -> cmd.add(p.toString()));
    } else {
      cmd.add(fnDir.toString());
    }
    var r = tools.run(cmd, fnDir, TOOL_TIMEOUT, java.util.Map.of("FASTFN_GLOBAL_NODE_ROOT", globalRoot(fnDir)));
    String install = backend.equals(DETECTIVE) ? "npm install -g detective" : "npm install -g require-analyzer";
    if (r.startError() != null || r.exitCode() == 3) {
      return "node dependency inference backend '" + backend + "' is unavailable. Install it with '" + install
          + "' or switch FN_NODE_INFER_BACKEND=native.";
    }
    if (!r.ok()) {
      return "node dependency inference via " + backend + " failed: " + r.tail(4);
    }
    try {
      JsonNode n = DepsJson.MAPPER.readTree(r.stdout());
      if (n.isArray()) {
        n.forEach(e -> specifiers.add(e.asString()));
      } else if (n.isObject()) {
        specifiers.addAll(n.propertyNames());
      } else {
        throw new IllegalArgumentException("not a list");
      }
    } catch (RuntimeException e) {
      return "node dependency inference via " + backend + " returned invalid JSON";
    }
    return null;
  }

  private Set<String> builtins(Path cwd) {
    Set<String> b = builtins.get();
    if (b != null) {
      return b;
    }
    var r = tools.run(List.of(nodeBin, "-e", "process.stdout.write(JSON.stringify(require('module').builtinModules))"),
        cwd, TOOL_TIMEOUT);
    if (!r.ok()) {
      return null;
    }
    Set<String> names = new java.util.HashSet<>();
    try {
      DepsJson.MAPPER.readTree(r.stdout()).forEach(e -> names.add(e.asString()));
    } catch (RuntimeException e) {
      return null;
    }
    builtins.compareAndSet(null, Set.copyOf(names));
    return builtins.get();
  }

  private String globalRoot(Path cwd) {
    String g = globalRoot.get();
    if (g == null) {
      var r = tools.run(List.of(npmBin, "root", "-g"), cwd, Duration.ofSeconds(5));
      g = r.ok() ? r.stdout().strip() : "";
      globalRoot.compareAndSet(null, g);
    }
    return g;
  }
}
