package dev.fastfn.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@link ScheduleStateRepository} over portable SQL. */
final class JdbcScheduleStateRepository implements ScheduleStateRepository {
  private final Db db;

  JdbcScheduleStateRepository(Db db) {
    this.db = db;
  }

  @Override
  public Map<String, ScheduleState> all(String kind) {
    return db.tx(c -> {
      Map<String, ScheduleState> out = new TreeMap<>();
      try (PreparedStatement p = c.prepareStatement("SELECT fn_key, next_ms, last_ms, last_status, last_error, running, "
          + "retry_due_ms, retry_attempt, spec_hash FROM schedule_state WHERE kind = ?")) {
        p.setString(1, kind);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString("fn_key"), new ScheduleState(
                Columns.instant(rs, "next_ms"),
                Columns.instant(rs, "last_ms"),
                Columns.integer(rs, "last_status"),
                rs.getString("last_error"),
                rs.getInt("running") != 0,
                Columns.instant(rs, "retry_due_ms"),
                Columns.integer(rs, "retry_attempt"),
                rs.getString("spec_hash")));
          }
        }
      }
      return out;
    });
  }

  @Override
  public void put(String kind, String fnKey, ScheduleState s, Instant now) {
    db.tx(c -> {
      try (PreparedStatement p = c.prepareStatement("INSERT INTO schedule_state (kind, fn_key, next_ms, last_ms, "
          + "last_status, last_error, running, retry_due_ms, retry_attempt, spec_hash, updated_at_ms) "
          + "VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (kind, fn_key) DO UPDATE SET next_ms = excluded.next_ms, "
          + "last_ms = excluded.last_ms, last_status = excluded.last_status, last_error = excluded.last_error, "
          + "running = excluded.running, retry_due_ms = excluded.retry_due_ms, "
          + "retry_attempt = excluded.retry_attempt, spec_hash = excluded.spec_hash, "
          + "updated_at_ms = excluded.updated_at_ms")) {
        p.setString(1, kind);
        p.setString(2, fnKey);
        Columns.bind(p, 3, s.next());
        Columns.bind(p, 4, s.last());
        Columns.bind(p, 5, s.lastStatus());
        Columns.bind(p, 6, s.lastError());
        p.setInt(7, s.running() ? 1 : 0);
        Columns.bind(p, 8, s.retryDue());
        Columns.bind(p, 9, s.retryAttempt());
        Columns.bind(p, 10, s.specHash());
        p.setLong(11, now.toEpochMilli());
        p.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public int retainOnly(String kind, Set<String> keep) {
    return db.tx(c -> {
      List<String> drop = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT fn_key FROM schedule_state WHERE kind = ?")) {
        p.setString(1, kind);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            if (!keep.contains(rs.getString(1))) {
              drop.add(rs.getString(1));
            }
          }
        }
      }
      try (PreparedStatement p = c.prepareStatement("DELETE FROM schedule_state WHERE kind = ? AND fn_key = ?")) {
        for (String k : drop) {
          p.setString(1, kind);
          p.setString(2, k);
          p.executeUpdate();
        }
      }
      return drop.size();
    });
  }
}
