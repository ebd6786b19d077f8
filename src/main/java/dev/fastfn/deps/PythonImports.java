package dev.fastfn.deps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Python import inference. {@code native} parses every source file's AST with the worker's own
 * interpreter (so the stdlib list matches the Python that will run the code), drops local modules
 * and maps import names to distribution names through a small alias table for the well-known
 * mismatches. {@code pipreqs} delegates to that tool when it is installed. Thread-safe.
 */
final class PythonImports {
  static final String NATIVE = "native";
  static final String PIPREQS = "pipreqs";
  private static final Duration SCAN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PIPREQS_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern PACKAGE_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.\\-]*$");

  /** Import name -> distribution name where they differ (the reference has none: §9.4.5). */
  static final Map<String, String> ALIASES = Map.ofEntries(
      Map.entry("yaml", "PyYAML"),
      Map.entry("PIL", "Pillow"),
      Map.entry("cv2", "opencv-python"),
      Map.entry("sklearn", "scikit-learn"),
      Map.entry("bs4", "beautifulsoup4"),
      Map.entry("jwt", "PyJWT"),
      Map.entry("dateutil", "python-dateutil"),
      Map.entry("dotenv", "python-dotenv"),
      Map.entry("Crypto", "pycryptodome"),
      Map.entry("serial", "pyserial"),
      Map.entry("skimage", "scikit-image"),
      Map.entry("docx", "python-docx"),
      Map.entry("fitz", "PyMuPDF"),
      Map.entry("OpenSSL", "pyOpenSSL"),
      Map.entry("MySQLdb", "mysqlclient"),
      Map.entry("attr", "attrs"),
      Map.entry("multipart", "python-multipart"));

  static final String SCRIPT = loadScript();

  private final String pythonBin;
  private final ToolRunner tools;

  private final ImportScanServer server;

  PythonImports(String pythonBin, ToolRunner tools) {
    this.pythonBin = pythonBin;
    this.tools = tools;
    this.server = new ImportScanServer(pythonBin, SCRIPT, tools.env(), SCAN_TIMEOUT);
  }

  /** Stops the long-lived scanner process. */
  void close() {
    server.close();
  }

  /** Unknown backends fail with the reference's message before anything else happens. */
  Inference infer(Path fnDir, List<Path> sources, String backend) {
    long start = System.nanoTime();
    return switch (backend) {
      case NATIVE -> nativeScan(fnDir, sources, start);
      case PIPREQS -> pipreqs(fnDir, sources, start);
      default -> Inference.failed(backend, "python dependency inference backend unsupported: " + backend
          + ". Supported values: native, pipreqs.");
    };
  }

  private Inference nativeScan(Path fnDir, List<Path> sources, long start) {
    ScanResult scan = scanImports(fnDir, sources);
    if (scan.error != null) {
      return Inference.failed(NATIVE, scan.error);
    }
    TreeSet<String> resolved = new TreeSet<>();
    TreeSet<String> unresolved = new TreeSet<>();
    for (String imp : scan.imports) {
      String pkg = packageFor(imp);
      if (pkg == null) {
        unresolved.add(imp);
      } else {
        resolved.add(pkg);
      }
    }
    return new Inference(NATIVE, elapsedMs(start), scan.imports, List.copyOf(resolved), List.copyOf(unresolved), null);
  }

  private Inference pipreqs(Path fnDir, List<Path> sources, long start) {
    ScanResult scan = scanImports(fnDir, sources);
    if (scan.error != null) {
      return Inference.failed(PIPREQS, scan.error);
    }
    var r = tools.run(List.of(pythonBin, "-m", "pipreqs", fnDir.toString(), "--print", "--mode", "no-pin",
        "--ignore", ".deps,__pycache__,node_modules"), fnDir, PIPREQS_TIMEOUT);
    String all = r.stderr() + "\n" + r.stdout();
    if (r.startError() != null || !r.ok() && all.contains("No module named pipreqs")) {
      return Inference.failed(PIPREQS, "python dependency inference backend 'pipreqs' is unavailable. Install it with"
          + " 'pip install pipreqs' or switch FN_PY_INFER_BACKEND=native.");
    }
    if (!r.ok()) {
      return Inference.failed(PIPREQS, "python dependency inference via pipreqs failed: " + r.tail(4));
    }
    TreeSet<String> resolved = new TreeSet<>();
    for (String line : r.stdout().split("\\R")) {
      String n = Requirements.nameOf(line);
      if (n != null && !line.startsWith("INFO") && !line.startsWith("WARNING")) {
        resolved.add(line.strip().split("[=<>!~ ]")[0]);
      }
    }
    // pipreqs names no unresolved imports; if it resolved nothing, every import counts as unresolved
    List<String> unresolved = resolved.isEmpty() ? scan.imports : List.of();
    return new Inference(PIPREQS, elapsedMs(start), scan.imports, List.copyOf(resolved), unresolved, null);
  }

  /** The distribution name for a top-level import, or null when it cannot be guessed safely. */
  static String packageFor(String imp) {
    String alias = ALIASES.get(imp);
    if (alias != null) {
      return alias;
    }
    if (!PACKAGE_NAME.matcher(imp).matches() || !imp.equals(imp.toLowerCase(Locale.ROOT))) {
      return null; // e.g. MyInternalSDK: an upper-case import rarely equals its distribution name
    }
    return imp;
  }

  private record ScanResult(List<String> imports, String error) {}

  private ScanResult scanImports(Path fnDir, List<Path> sources) {
    if (sources.isEmpty()) {
      return new ScanResult(List.of(), null);
    }
    if (!anyMentionsImport(sources)) {
      return new ScanResult(List.of(), null); // what the AST scan would find, without the round trip
    }
    List<String> imports = new ArrayList<>();
    ImportScanServer.Answer answer = server.scan(sources);
    if (answer != null) {
      imports.addAll(answer.imports());
    } else {
      List<String> cmd = new ArrayList<>(List.of(pythonBin, "-I", "-c", SCRIPT));
      sources.forEach(p -> cmd.add(p.toString()));
      var r = tools.run(cmd, fnDir, SCAN_TIMEOUT);
      if (!r.ok()) {
        return new ScanResult(List.of(), "python dependency inference failed: could not scan imports with "
            + pythonBin + ": " + r.tail(4));
      }
      try {
        JsonNode n = DepsJson.MAPPER.readTree(r.stdout());
        n.path("imports").forEach(e -> imports.add(e.asString()));
      } catch (RuntimeException e) {
        return new ScanResult(List.of(), "python dependency inference failed: unreadable scanner output");
      }
    }
    List<String> stems = sources.stream().map(p -> stem(p.getFileName().toString())).toList();
    imports.removeIf(name -> stems.contains(name) || isLocalModule(fnDir, name));
    return new ScanResult(imports, null);
  }

  /**
   * False only when no source contains the word {@code import}: then no file has an import statement
   * (the common case of a new or trivial handler). An unreadable file counts as mentioning it, so the
   * scanner reports on it as before.
   */
  static boolean anyMentionsImport(List<Path> sources) {
    for (Path p : sources) {
      try {
        if (new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1).contains("import")) {
          return true;
        }
      } catch (java.io.IOException e) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLocalModule(Path fnDir, String name) {
    return Files.exists(fnDir.resolve(name + ".py")) || Files.isDirectory(fnDir.resolve(name));
  }

  private static String stem(String file) {
    int dot = file.lastIndexOf('.');
    return dot < 0 ? file : file.substring(0, dot);
  }

  private static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000L;
  }

  private static String loadScript() {
    try (InputStream in = PythonImports.class.getResourceAsStream("py_imports.py")) {
      if (in == null) {
        throw new IllegalStateException("py_imports.py missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read py_imports.py", e);
    }
  }
}
