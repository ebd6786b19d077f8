package dev.fastfn.deps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.config.FastfnConfig;
import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.discovery.InvokeMeta;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Test fixtures: function folders, specs, hand-written wheels, and real python/node probes. */
final class DepsFixture {
  private DepsFixture() {}

  static FunctionSpec function(Path root, RuntimeKind rt, String name, String entry, List<String> packs) {
    Path dir = root.resolve(rt.id()).resolve(name);
    FunctionPolicy policy = new FunctionPolicy(30000, 20, 1_048_576, List.of("GET"), List.of(), List.of(), false,
        false, null, null, null, null, packs, "handler", "native");
    return new FunctionSpec(FunctionSpec.keyOf(rt, name, null), rt, name, null, FunctionSpec.Kind.FUNCTION, dir,
        dir.resolve(entry), rt.id() + "/" + name, policy, InvokeMeta.EMPTY, "fp", Map.of(), Set.of(), null);
  }

  /** A file route: the entry file sits directly in {@code dir}, next to other routes' files. */
  static FunctionSpec fileRoute(Path dir, RuntimeKind rt, String fileName) {
    FunctionPolicy policy = new FunctionPolicy(30000, 20, 1_048_576, List.of("GET"), List.of(), List.of(), false,
        false, null, null, null, null, List.of(), "handler", "native");
    return new FunctionSpec(FunctionSpec.keyOf(rt, fileName, null), rt, fileName, null, FunctionSpec.Kind.FILE, dir,
        dir.resolve(fileName), ".", policy, InvokeMeta.EMPTY, "fp-" + fileName, Map.of(), Set.of(), null);
  }

  static FunctionSpec python(Path root, String name, List<String> packs) {
    return function(root, RuntimeKind.PYTHON, name, "handler.py", packs);
  }

  static FunctionSpec node(Path root, String name, List<String> packs) {
    return function(root, RuntimeKind.NODE, name, "handler.js", packs);
  }

  static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  static FastfnConfig config(Path root, String... kv) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      env.put(kv[i], kv[i + 1]);
    }
    return FastfnConfig.fromEnv(env, root);
  }

  /** This JVM's env without any pip settings, plus an offline pip pointed at {@code wheels}. */
  static Map<String, String> toolEnv(Path wheels) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.keySet().removeIf(k -> k.startsWith("PIP_") || k.startsWith("PYTHON"));
    env.put("PIP_FIND_LINKS", wheels.toString());
    env.put("PIP_NO_INDEX", "1");
    return env;
  }

  /** Writes a pure-Python wheel: the files plus {@code *.dist-info/{METADATA,WHEEL,RECORD}}. */
  static Path wheel(Path dir, String name, String version, Map<String, String> files) throws IOException {
    Files.createDirectories(dir);
    String dist = name.replaceAll("[-_.]+", "_");
    String info = dist + "-" + version + ".dist-info";
    Map<String, String> entries = new LinkedHashMap<>(files);
    entries.put(info + "/METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n");
    entries.put(info + "/WHEEL", "Wheel-Version: 1.0\nGenerator: fastfn-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
    StringBuilder record = new StringBuilder();
    entries.keySet().forEach(k -> record.append(k).append(",,\n"));
    record.append(info).append("/RECORD,,\n");
    entries.put(info + "/RECORD", record.toString());
    Path whl = dir.resolve(dist + "-" + version + "-py3-none-any.whl");
    try (OutputStream out = Files.newOutputStream(whl); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return whl;
  }

  static Path simpleWheel(Path dir, String name, String version, String value) throws IOException {
    return wheel(dir, name, version, Map.of(name + "/__init__.py", "VALUE = \"" + value + "\"\n"));
  }

  /** A wrapper around {@code real} that logs each call's arguments to {@code log}, one line per call. */
  static Path countingWrapper(Path binDir, String real, Path log) throws IOException {
    Files.createDirectories(binDir);
    Path w = binDir.resolve(real + "-counting");
    Files.writeString(w, "#!/bin/sh\nprintf '%s\\n' \"$1 $2 $3\" >> '" + log + "'\nexec " + real + " \"$@\"\n");
    Files.setPosixFilePermissions(w, PosixFilePermissions.fromString("rwxr-xr-x"));
    return w;
  }

  static long callsStartingWith(Path log, String prefix) throws IOException {
    if (!Files.exists(log)) {
      return 0;
    }
    return Files.readAllLines(log).stream().filter(l -> l.startsWith(prefix)).count();
  }

  /** Runs python with {@code paths} first on sys.path and returns stdout+stderr, trimmed. */
  static String python(List<Path> paths, String code) throws Exception {
    StringBuilder prelude = new StringBuilder("import sys\n");
    for (int i = paths.size() - 1; i >= 0; i--) {
      prelude.append("sys.path.insert(0, ").append(pyString(paths.get(i).toString())).append(")\n");
    }
    return run(List.of("python3", "-I", "-c", prelude + code), Map.of());
  }

  /** Runs node with {@code nodePaths} as NODE_PATH, from a folder where nothing else resolves. */
  static String node(List<Path> nodePaths, String code) throws Exception {
    List<String> ps = new ArrayList<>();
    nodePaths.forEach(p -> ps.add(p.toString()));
    return run(List.of("node", "-e", code), Map.of("NODE_PATH", String.join(":", ps)));
  }

  private static String run(List<String> cmd, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(Path.of("/").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("PYTHON") || k.equals("NODE_PATH"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out.strip();
  }

  private static String pyString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  static final Duration LONG = Duration.ofSeconds(120);
}
