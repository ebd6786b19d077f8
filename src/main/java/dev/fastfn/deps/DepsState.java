package dev.fastfn.deps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The content of {@code <dir>/.fastfn-deps-state.json} (runtimes.md §5.4), which the console returns
 * verbatim as {@code metadata.dependency_resolution}. Field names and values are public API.
 * {@code installSignature} is our content hash of what was installed (the reference has it for
 * Python only; we write it for both runtimes so a restart can reuse a Node install too).
 *
 * @param lastError null unless {@code lastInstallStatus} is "error" or something was disabled
 * @param updatedAt "YYYY-MM-DDTHH:MM:SSZ" (UTC)
 */
record DepsState(
    String runtime,
    String mode,
    String manifestPath,
    boolean manifestGenerated,
    String inferBackend,
    long inferenceDurationMs,
    List<String> inferredImports,
    List<String> resolvedPackages,
    List<String> unresolvedImports,
    String lastInstallStatus,
    String lastError,
    String lockfilePath,
    String installSignature,
    String updatedAt) {

  static final String FILE_NAME = ".fastfn-deps-state.json";
  static final String OK = "ok";
  static final String ERROR = "error";
  static final String SKIPPED = "skipped";
  private static final java.time.format.DateTimeFormatter UTC_SECONDS =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(java.time.ZoneOffset.UTC);

  DepsState {
    inferredImports = List.copyOf(inferredImports);
    resolvedPackages = List.copyOf(resolvedPackages);
    unresolvedImports = List.copyOf(unresolvedImports);
    if (!List.of(OK, ERROR, SKIPPED).contains(lastInstallStatus)) {
      throw new IllegalArgumentException("bad last_install_status " + lastInstallStatus);
    }
    if (!mode.equals("manifest") && !mode.equals("inferred")) {
      throw new IllegalArgumentException("bad mode " + mode);
    }
  }

  static String timestamp(java.time.Clock clock) {
    return UTC_SECONDS.format(clock.instant());
  }

  boolean isOk() {
    return OK.equals(lastInstallStatus);
  }

  ObjectNode toJson() {
    ObjectNode o = DepsJson.NODES.objectNode();
    o.put("runtime", runtime);
    o.put("mode", mode);
    o.put("manifest_path", manifestPath);
    o.put("manifest_generated", manifestGenerated);
    o.put("infer_backend", inferBackend);
    o.put("inference_duration_ms", inferenceDurationMs);
    array(o.putArray("inferred_imports"), inferredImports);
    array(o.putArray("resolved_packages"), resolvedPackages);
    array(o.putArray("unresolved_imports"), unresolvedImports);
    o.put("last_install_status", lastInstallStatus);
    o.put("last_error", lastError);
    o.put("lockfile_path", lockfilePath);
    o.put("install_signature", installSignature);
    o.put("updated_at", updatedAt);
    return o;
  }

  private static void array(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }

  /** True when both describe the same outcome; the timestamp and the inference duration are ignored. */
  boolean sameAs(DepsState other) {
    if (other == null) {
      return false;
    }
    ObjectNode a = toJson();
    ObjectNode b = other.toJson();
    for (String volatileKey : List.of("updated_at", "inference_duration_ms")) {
      a.remove(volatileKey);
      b.remove(volatileKey);
    }
    return a.equals(b);
  }

  /** The state file of {@code dir}, parsed leniently; empty when absent or unreadable. */
  static Optional<DepsState> read(Path dir) {
    return readRaw(dir).flatMap(DepsState::fromJson);
  }

  /** The raw JSON object of the state file, exactly as stored; empty when absent or not an object. */
  static Optional<ObjectNode> readRaw(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode n = DepsJson.MAPPER.readTree(Files.readString(file));
      return n instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // half-written by another tool or edited by hand: treated as no state
    }
  }

  private static Optional<DepsState> fromJson(ObjectNode o) {
    try {
      return Optional.of(new DepsState(
          text(o, "runtime", ""),
          text(o, "mode", "manifest"),
          text(o, "manifest_path", ""),
          o.path("manifest_generated").asBoolean(false),
          text(o, "infer_backend", "native"),
          o.path("inference_duration_ms").asLong(0),
          list(o, "inferred_imports"),
          list(o, "resolved_packages"),
          list(o, "unresolved_imports"),
          text(o, "last_install_status", SKIPPED),
          text(o, "last_error", null),
          text(o, "lockfile_path", null),
          text(o, "install_signature", null),
          text(o, "updated_at", "")));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String text(ObjectNode o, String key, String def) {
    JsonNode n = o.get(key);
    return n == null || n.isNull() ? def : n.asString();
  }

  private static List<String> list(ObjectNode o, String key) {
    List<String> out = new ArrayList<>();
    JsonNode n = o.get(key);
    if (n != null && n.isArray()) {
      n.forEach(e -> out.add(e.asString()));
    }
    return out;
  }

  /** Writes the state atomically unless the file already says the same thing (keeps watchers quiet). */
  static void save(Path dir, DepsState previous, DepsState next) throws IOException {
    if (next.sameAs(previous)) {
      return;
    }
    // Derived and rebuilt when unreadable (see readRaw): no fsync on the cold-start path.
    dev.fastfn.discovery.AtomicFiles.writeDerived(dir.resolve(FILE_NAME),
        DepsJson.pretty(next.toJson()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
