package dev.fastfn.console;

import dev.fastfn.discovery.AtomicFiles;

import dev.fastfn.gateway.HttpJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link SecretStore} in one JSON file ({@code <data dir>/console-secrets.json}, mode 0600), rewritten
 * atomically on every change. Readers use an immutable in-memory snapshot; writers serialize on a lock
 * and publish the new snapshot only after the file is on disk. Stand-in until the store package keeps
 * secrets in SQLite.
 */
public final class JsonFileSecretStore implements SecretStore {
  private static final Logger LOG = LoggerFactory.getLogger(JsonFileSecretStore.class);
  static final String FILE_NAME = "console-secrets.json";

  private record Stored(String value, long created, Long updated) {}

  private final Path file;
  private final Clock clock;
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile Map<String, Stored> snapshot;

  private JsonFileSecretStore(Path file, Clock clock, Map<String, Stored> initial) {
    this.file = file;
    this.clock = clock;
    this.snapshot = Map.copyOf(initial);
  }

  /** Opens (creating the directory if needed) the store in {@code dataDir}. */
  public static JsonFileSecretStore open(Path dataDir, Clock clock) {
    Path file = dataDir.resolve(FILE_NAME);
    return new JsonFileSecretStore(file, clock, load(file));
  }

  @Override
  public List<Info> list() {
    List<Info> out = new ArrayList<>();
    new TreeMap<>(snapshot).forEach((k, s) -> out.add(new Info(k, s.created(), s.updated())));
    return out;
  }

  @Override
  public Map<String, String> values() {
    Map<String, String> out = new TreeMap<>();
    snapshot.forEach((k, s) -> out.put(k, s.value()));
    return out;
  }

  @Override
  public void put(String key, String value) {
    change(m -> {
      Stored old = m.get(key);
      long now = clock.millis() / 1000;
      m.put(key, old == null ? new Stored(value, now, null) : new Stored(value, old.created(), now));
    });
  }

  @Override
  public void delete(String key) {
    change(m -> m.remove(key));
  }

  private void change(java.util.function.Consumer<Map<String, Stored>> edit) {
    writeLock.lock();
    try {
      Map<String, Stored> next = new TreeMap<>(snapshot);
      edit.accept(next);
      save(next);
      snapshot = Map.copyOf(next);
    } finally {
      writeLock.unlock();
    }
  }

  private void save(Map<String, Stored> secrets) {
    ObjectNode root = HttpJson.object();
    secrets.forEach((k, s) -> {
      ObjectNode o = root.putObject(k);
      o.put("value", s.value());
      o.put("created", s.created());
      if (s.updated() != null) {
        o.put("updated", s.updated());
      }
    });
    try {
      Path dir = file.getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
          Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
      }
      AtomicFiles.writePrivate(file, (HttpJson.MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static Map<String, Stored> load(Path file) {
    Map<String, Stored> out = new TreeMap<>();
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    try {
      JsonNode root = HttpJson.MAPPER.readTree(Files.readAllBytes(file));
      if (root == null || !root.isObject()) {
        LOG.warn("{} is not a JSON object; starting with no console secrets", file);
        return out;
      }
      for (Map.Entry<String, JsonNode> e : root.properties()) {
        JsonNode v = e.getValue();
        if (v.isObject() && v.path("value").isString()) {
          JsonNode upd = v.get("updated");
          out.put(e.getKey(), new Stored(v.get("value").stringValue(), v.path("created").asLong(0),
              upd != null && upd.isNumber() ? upd.asLong() : null));
        }
      }
    } catch (IOException | JacksonException e) {
      LOG.warn("cannot read {} ({}); starting with no console secrets", file, e.getMessage());
    }
    return out;
  }
}
