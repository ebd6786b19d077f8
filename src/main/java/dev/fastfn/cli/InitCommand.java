package dev.fastfn.cli;

import dev.fastfn.discovery.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fastfn init <name> [-t python|node] [--dir D]}: scaffolds {@code D/<name>/} with a working
 * handler, {@code fn.config.json} and a README. Refuses to write into a non-empty folder, so it never
 * overwrites anything (exit 1). Each file is written to a temp file and renamed.
 */
@Command(name = "init", description = "Create a function folder with a handler, fn.config.json and a README.")
final class InitCommand implements Callable<Integer> {
  /** Names as the console accepts them: segments of letters, digits, '-', '_', '.', joined by '/'. */
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final CliContext ctx;

  @Parameters(index = "0", paramLabel = "NAME", description = "Function name (also its folder and route)")
  String name;

  @Option(names = {"-t", "--template"}, paramLabel = "RUNTIME", defaultValue = "node",
      description = "python or node (default: ${DEFAULT-VALUE})")
  String template;

  @Option(names = "--dir", paramLabel = "DIR", description = "Parent folder (default: current directory)")
  Path dir;

  InitCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    String runtime = template.trim().toLowerCase(Locale.ROOT);
    if (!InitTemplates.RUNTIMES.contains(runtime)) {
      throw new CliFailure("Unknown template: " + template.trim() + ". Supported templates: "
          + String.join(", ", InitTemplates.RUNTIMES));
    }
    String fnName = validName(name);
    Path parent = dir == null ? ctx.cwd() : ctx.cwd().resolve(dir);
    Path target = parent.resolve(fnName).normalize();
    if (Files.exists(target) && !isEmptyDirectory(target)) {
      throw new CliFailure(target + " already exists; refusing to overwrite it (choose another name or remove it)");
    }
    Map<String, String> files = InitTemplates.files(runtime, fnName);
    try {
      Files.createDirectories(target);
      for (var f : files.entrySet()) {
        AtomicFiles.write(target.resolve(f.getKey()), f.getValue().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new CliFailure("cannot create " + target + ": " + e.getMessage());
    }
    ctx.out().println("Created function '" + fnName + "' in " + target + " (runtime: " + runtime + ")");
    ctx.out().println("Files created:");
    files.keySet().forEach(f -> ctx.out().println(" - " + f));
    ctx.out().println();
    ctx.out().println("Run 'fastfn dev " + displayRoot(parent) + "' to serve it at /" + fnName
        + " (Swagger UI at /_fn/docs).");
    return 0;
  }

  private String displayRoot(Path parent) {
    Path rel = ctx.cwd().relativize(parent);
    return rel.toString().isEmpty() ? "." : rel.toString();
  }

  static String validName(String raw) {
    String n = raw == null ? "" : raw.trim();
    while (n.endsWith("/")) {
      n = n.substring(0, n.length() - 1);
    }
    List<String> segments = List.of(n.split("/", -1));
    if (n.isEmpty() || segments.stream().anyMatch(s -> !SEGMENT.matcher(s).matches() || s.equals("..")
        || s.startsWith("."))) {
      throw new CliFailure("invalid function name '" + raw + "': use letters, digits, '-', '_' and '.', "
          + "optionally namespaced with '/', not starting with '_' or '.'");
    }
    return n;
  }

  private static boolean isEmptyDirectory(Path p) {
    if (!Files.isDirectory(p)) {
      return false;
    }
    try (Stream<Path> s = Files.list(p)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
