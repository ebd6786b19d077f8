package dev.fastfn.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code db/<dialect>/NNN_name.sql} resources in order, each once, each in its own
 * transaction, recording them in {@code schema_migrations}. Files are never edited after release;
 * a change is a new file. Statements are separated by a semicolon at the end of a line.
 */
final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final Pattern FILE = Pattern.compile("(\\d{3})_[a-z0-9_]+\\.sql");

  private Migrations() {}

  /** A migration file: its number and resource name. */
  record Migration(int version, String resource) {}

  /** Applies the pending migrations; returns how many ran. */
  static int apply(Db db, long nowMillis) {
    List<Migration> all = list(db.dialect().name());
    return db.tx(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
            + "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)");
      }
      int current = 0;
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_migrations")) {
        if (rs.next()) {
          current = rs.getInt(1);
        }
      }
      int ran = 0;
      for (Migration m : all) {
        if (m.version() <= current) {
          continue;
        }
        run(c, m, nowMillis);
        ran++;
      }
      return ran;
    });
  }

  private static void run(Connection c, Migration m, long nowMillis) throws SQLException {
    String sql = read(m.resource());
    try (Statement s = c.createStatement()) {
      for (String stmt : sql.split(";\\s*(\\r?\\n|$)")) {
        if (!stmt.isBlank()) {
          s.execute(stmt);
        }
      }
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_migrations(version, name, applied_at_ms) VALUES (?,?,?)")) {
      p.setInt(1, m.version());
      p.setString(2, m.resource().substring(m.resource().lastIndexOf('/') + 1));
      p.setLong(3, nowMillis);
      p.executeUpdate();
    }
    LOG.info("store migration applied: {}", m.resource());
  }

  /** Every migration of a dialect, sorted; duplicate numbers are a packaging bug. */
  static List<Migration> list(String dialect) {
    String dir = "db/" + dialect;
    URL url = Migrations.class.getClassLoader().getResource(dir);
    if (url == null) {
      throw new IllegalStateException("no migrations on the classpath at " + dir);
    }
    List<Migration> out = new ArrayList<>();
    try {
      URI uri = url.toURI();
      if (uri.getScheme().equals("jar")) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        collect(fs.getPath(dir), dir, out);
      } else {
        collect(Path.of(uri), dir, out);
      }
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("cannot list migrations in " + dir + ": " + e.getMessage(), e);
    }
    out.sort((a, b) -> Integer.compare(a.version(), b.version()));
    for (int i = 1; i < out.size(); i++) {
      if (out.get(i).version() == out.get(i - 1).version()) {
        throw new IllegalStateException("two migrations numbered " + out.get(i).version() + " in " + dir);
      }
    }
    return out;
  }

  private static void collect(Path folder, String dir, List<Migration> out) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        Matcher m = FILE.matcher(name);
        if (m.matches()) {
          out.add(new Migration(Integer.parseInt(m.group(1)), dir + "/" + name));
        }
      }
    }
  }

  private static String read(String resource) {
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("migration resource missing: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
    }
  }
}
