package dev.fastfn.discovery;

import dev.fastfn.config.FastfnConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes function trees for tests and builds configs for them. */
public final class TestTrees {
  public static final String PY = "def handler(event):\n    return {}\n";
  public static final String JS = "exports.handler = async () => ({});\n";

  private TestTrees() {}

  /**
   * Entries are "relative/path" (default handler content by extension) or "relative/path=content"
   * (split at the first '=').
   */
  public static Map<String, String> files(String... entries) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String e : entries) {
      int eq = e.indexOf('=');
      String path = eq < 0 ? e : e.substring(0, eq);
      String content = eq < 0 ? defaultContent(path) : e.substring(eq + 1);
      out.put(path, content);
    }
    return out;
  }

  public static void write(Path root, Map<String, String> files) {
    files.forEach((rel, content) -> write(root, rel, content));
  }

  public static void write(Path root, String rel, String content) {
    try {
      Path p = root.resolve(rel);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Config for {@code root} with FN_RUNTIMES=python,node unless {@code env} overrides it. */
  public static FastfnConfig config(Path root, Map<String, String> env) {
    Map<String, String> all = new HashMap<>();
    all.put("FN_RUNTIMES", "python,node");
    all.putAll(env);
    try {
      return FastfnConfig.fromEnv(all, root.toRealPath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Catalog scan(Path root, Map<String, String> env) {
    return new Scanner(config(root, env)).scan();
  }

  private static String defaultContent(String path) {
    if (path.endsWith(".py") || path.endsWith(".PY")) {
      return PY;
    }
    if (path.endsWith(".js") || path.endsWith(".ts")) {
      return JS;
    }
    return "";
  }
}
