package dev.fastfn.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link KeyValueStore} over portable SQL. */
final class JdbcKeyValueStore implements KeyValueStore {
  private final Db db;
  private final Clock clock;

  JdbcKeyValueStore(Db db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public Optional<String> get(String namespace, String key) {
    return db.tx(c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT v FROM kv WHERE namespace = ? AND k = ?")) {
        p.setString(1, namespace);
        p.setString(2, key);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  @Override
  public void put(String namespace, String key, String value) {
    db.tx(c -> {
      try (PreparedStatement p = c.prepareStatement("INSERT INTO kv (namespace, k, v, updated_at_ms) VALUES (?,?,?,?) "
          + "ON CONFLICT (namespace, k) DO UPDATE SET v = excluded.v, updated_at_ms = excluded.updated_at_ms")) {
        p.setString(1, namespace);
        p.setString(2, key);
        p.setString(3, value);
        p.setLong(4, clock.millis());
        p.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public boolean delete(String namespace, String key) {
    return db.tx(c -> {
      try (PreparedStatement p = c.prepareStatement("DELETE FROM kv WHERE namespace = ? AND k = ?")) {
        p.setString(1, namespace);
        p.setString(2, key);
        return p.executeUpdate() > 0;
      }
    });
  }

  @Override
  public Map<String, String> all(String namespace) {
    return db.tx(c -> {
      Map<String, String> out = new TreeMap<>();
      try (PreparedStatement p = c.prepareStatement("SELECT k, v FROM kv WHERE namespace = ?")) {
        p.setString(1, namespace);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), rs.getString(2));
          }
        }
      }
      return out;
    });
  }
}
