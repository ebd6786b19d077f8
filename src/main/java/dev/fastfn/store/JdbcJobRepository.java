package dev.fastfn.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link JobRepository} over portable SQL; database differences come from the {@link SqlDialect}. */
final class JdbcJobRepository implements JobRepository {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcJobRepository.class);
  private static final String COLUMNS = "id, status, runtime, name, version, method, request, max_attempts, attempt, "
      + "retry_delay_ms, run_at_ms, created_at_ms, updated_at_ms, started_at_ms, finished_at_ms, owner, "
      + "lease_until_ms, recoveries, result_status, last_error, row_version";

  private final Db db;

  JdbcJobRepository(Db db) {
    this.db = db;
  }

  @Override
  public void insert(JobRecord j) {
    if (j.status() != JobStatus.QUEUED) {
      throw new IllegalArgumentException("new jobs are queued");
    }
    db.tx(c -> {
      try (PreparedStatement p = c.prepareStatement("INSERT INTO jobs (id, status, runtime, name, version, method, "
          + "request, max_attempts, attempt, retry_delay_ms, run_at_ms, created_at_ms, updated_at_ms, recoveries, "
          + "row_version) VALUES (?,?,?,?,?,?,?,?,0,?,?,?,?,0,0)")) {
        p.setString(1, j.id());
        p.setString(2, j.status().id());
        p.setString(3, j.runtime());
        p.setString(4, j.name());
        Columns.bind(p, 5, j.version());
        p.setString(6, j.method());
        p.setString(7, j.request());
        p.setInt(8, j.maxAttempts());
        p.setLong(9, j.retryDelayMs());
        Columns.bind(p, 10, j.runAt());
        Columns.bind(p, 11, j.createdAt());
        Columns.bind(p, 12, j.updatedAt());
        p.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Optional<JobRecord> find(String id) {
    return db.tx(c -> Optional.ofNullable(select(c, id)));
  }

  @Override
  public List<JobRecord> list(JobQuery q) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM jobs WHERE 1=1");
    List<String> args = new ArrayList<>();
    if (q.status() != null) {
      sql.append(" AND status = ?");
      args.add(q.status().id());
    }
    if (q.runtime() != null) {
      sql.append(" AND runtime = ?");
      args.add(q.runtime());
    }
    if (q.name() != null) {
      sql.append(" AND name = ?");
      args.add(q.name());
    }
    sql.append(" ORDER BY created_at_ms DESC, id DESC LIMIT ").append(q.limit());
    return db.tx(c -> {
      try (PreparedStatement p = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < args.size(); i++) {
          p.setString(i + 1, args.get(i));
        }
        return readAll(p);
      }
    });
  }

  @Override
  public List<AttemptRecord> attempts(String id) {
    return db.tx(c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT attempt, started_at_ms, finished_at_ms, outcome, status, "
          + "error FROM job_attempts WHERE job_id = ? ORDER BY started_at_ms, attempt")) {
        p.setString(1, id);
        List<AttemptRecord> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            out.add(new AttemptRecord(rs.getInt("attempt"), Columns.instant(rs, "started_at_ms"),
                Columns.instant(rs, "finished_at_ms"), rs.getString("outcome"), Columns.integer(rs, "status"),
                rs.getString("error")));
          }
        }
        return out;
      }
    });
  }

  @Override
  public Optional<String> result(String id) {
    return db.tx(c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT result FROM jobs WHERE id = ?")) {
        p.setString(1, id);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<JobRecord> claimDue(String owner, Instant now, Duration lease, int max) {
    if (max <= 0) {
      return List.of();
    }
    return db.tx(c -> {
      record Candidate(String id, long version) {}
      List<Candidate> candidates = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT id, row_version FROM jobs WHERE status = 'queued' "
          + "AND run_at_ms <= ? ORDER BY run_at_ms, created_at_ms, id LIMIT " + max
          + db.dialect().lockCandidatesSuffix())) {
        p.setLong(1, now.toEpochMilli());
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            candidates.add(new Candidate(rs.getString(1), rs.getLong(2)));
          }
        }
      }
      List<JobRecord> claimed = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET status = 'running', owner = ?, "
          + "lease_until_ms = ?, heartbeat_ms = ?, attempt = attempt + 1, started_at_ms = ?, updated_at_ms = ?, "
          + "row_version = row_version + 1 WHERE id = ? AND status = 'queued' AND row_version = ?")) {
        for (Candidate cand : candidates) {
          p.setString(1, owner);
          p.setLong(2, now.plus(lease).toEpochMilli());
          p.setLong(3, now.toEpochMilli());
          p.setLong(4, now.toEpochMilli());
          p.setLong(5, now.toEpochMilli());
          p.setString(6, cand.id());
          p.setLong(7, cand.version());
          int n = p.executeUpdate();
          if (n == 0) {
            LOG.trace("job={} claim lost to another runner", cand.id());
            continue;
          }
          if (n > 1) {
            throw new IllegalStateException("claim of job " + cand.id() + " updated " + n + " rows");
          }
          claimed.add(select(c, cand.id()));
        }
      }
      return claimed;
    });
  }

  @Override
  public int heartbeat(String owner, Collection<String> ids, Instant now, Duration lease) {
    if (ids.isEmpty()) {
      return 0;
    }
    return db.tx(c -> {
      int n = 0;
      try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET heartbeat_ms = ?, lease_until_ms = ? "
          + "WHERE id = ? AND owner = ? AND status = 'running'")) {
        for (String id : ids) {
          p.setLong(1, now.toEpochMilli());
          p.setLong(2, now.plus(lease).toEpochMilli());
          p.setString(3, id);
          p.setString(4, owner);
          n += p.executeUpdate();
        }
      }
      return n;
    });
  }

  @Override
  public boolean finish(String id, String owner, Finish f) {
    return db.tx(c -> {
      JobRecord current = select(c, id);
      if (current == null || current.status() != JobStatus.RUNNING || !owner.equals(current.owner())) {
        return false;
      }
      boolean retry = f.next() == JobStatus.QUEUED;
      try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET status = ?, run_at_ms = ?, updated_at_ms = ?, "
          + "finished_at_ms = ?, owner = NULL, lease_until_ms = NULL, heartbeat_ms = NULL, result_status = ?, "
          + "last_error = ?, result = ?, row_version = row_version + 1 "
          + "WHERE id = ? AND owner = ? AND status = 'running' AND row_version = ?")) {
        p.setString(1, f.next().id());
        Columns.bind(p, 2, retry ? f.retryAt() : current.runAt());
        Columns.bind(p, 3, f.now());
        Columns.bind(p, 4, retry ? null : f.now());
        Columns.bind(p, 5, f.resultStatus());
        // A success keeps the error history in job_attempts but clears last_error.
        Columns.bind(p, 6, f.error());
        Columns.bind(p, 7, f.result());
        p.setString(8, id);
        p.setString(9, owner);
        p.setLong(10, current.rowVersion());
        if (p.executeUpdate() != 1) {
          return false;
        }
      }
      insertAttempt(c, id, current.attempt(), current.startedAt(), f.now(),
          f.error() == null ? "done" : "failed", f.resultStatus(), f.error());
      return true;
    });
  }

  @Override
  public CancelResult cancel(String id, Instant now) {
    return db.tx(c -> {
      JobRecord current = select(c, id);
      if (current == null) {
        return new CancelResult.NotFound();
      }
      if (current.status() != JobStatus.QUEUED) {
        return new CancelResult.NotQueued(current.status());
      }
      try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET status = 'canceled', updated_at_ms = ?, "
          + "finished_at_ms = ?, row_version = row_version + 1 WHERE id = ? AND status = 'queued' AND row_version = ?")) {
        p.setLong(1, now.toEpochMilli());
        p.setLong(2, now.toEpochMilli());
        p.setString(3, id);
        p.setLong(4, current.rowVersion());
        if (p.executeUpdate() != 1) {
          JobRecord raced = select(c, id);
          return new CancelResult.NotQueued(raced == null ? JobStatus.CANCELED : raced.status());
        }
      }
      return new CancelResult.Canceled(select(c, id));
    });
  }

  @Override
  public List<JobRecord> recoverExpired(Instant now, int maxRecoveries) {
    return db.tx(c -> {
      List<JobRecord> expired;
      try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE status = 'running' "
          + "AND lease_until_ms < ? ORDER BY lease_until_ms" + db.dialect().lockCandidatesSuffix())) {
        p.setLong(1, now.toEpochMilli());
        expired = readAll(p);
      }
      List<JobRecord> changed = new ArrayList<>();
      for (JobRecord j : expired) {
        boolean abandon = j.recoveries() >= maxRecoveries;
        String error = abandon
            ? "abandoned: the server stopped while attempt " + j.attempt() + " ran, " + (j.recoveries() + 1)
                + " times in a row"
            : "attempt " + j.attempt() + " interrupted: runner " + j.owner() + " stopped (lease expired)";
        try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET status = ?, attempt = ?, recoveries = ?, "
            + "run_at_ms = ?, updated_at_ms = ?, finished_at_ms = ?, owner = NULL, lease_until_ms = NULL, "
            + "heartbeat_ms = NULL, last_error = ?, row_version = row_version + 1 "
            + "WHERE id = ? AND status = 'running' AND row_version = ?")) {
          p.setString(1, abandon ? JobStatus.FAILED.id() : JobStatus.QUEUED.id());
          // The interrupted attempt did not get to an outcome; give it back unless the job is abandoned.
          p.setInt(2, abandon ? j.attempt() : Math.max(0, j.attempt() - 1));
          p.setInt(3, j.recoveries() + 1);
          p.setLong(4, now.toEpochMilli());
          p.setLong(5, now.toEpochMilli());
          Columns.bind(p, 6, abandon ? now : null);
          p.setString(7, error);
          p.setString(8, j.id());
          p.setLong(9, j.rowVersion());
          if (p.executeUpdate() != 1) {
            continue;
          }
        }
        insertAttempt(c, j.id(), j.attempt(), j.startedAt() == null ? now : j.startedAt(), now, "interrupted", null,
            error);
        changed.add(select(c, j.id()));
      }
      return changed;
    });
  }

  @Override
  public int deleteFinishedBefore(Instant cutoff) {
    return db.tx(c -> {
      String finished = "status IN ('done', 'failed', 'canceled') AND finished_at_ms < ?";
      try (PreparedStatement a = c.prepareStatement(
          "DELETE FROM job_attempts WHERE job_id IN (SELECT id FROM jobs WHERE " + finished + ")");
          PreparedStatement j = c.prepareStatement("DELETE FROM jobs WHERE " + finished)) {
        a.setLong(1, cutoff.toEpochMilli());
        a.executeUpdate();
        j.setLong(1, cutoff.toEpochMilli());
        return j.executeUpdate();
      }
    });
  }

  @Override
  public Optional<Instant> nextRunAt() {
    return db.tx(c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT MIN(run_at_ms) FROM jobs WHERE status = 'queued'");
          ResultSet rs = p.executeQuery()) {
        if (rs.next()) {
          long v = rs.getLong(1);
          return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(v));
        }
        return Optional.<Instant>empty();
      }
    });
  }

  @Override
  public Map<JobStatus, Integer> countByStatus() {
    return db.tx(c -> {
      Map<JobStatus, Integer> out = new EnumMap<>(JobStatus.class);
      for (JobStatus s : JobStatus.values()) {
        out.put(s, 0);
      }
      try (PreparedStatement p = c.prepareStatement("SELECT status, COUNT(*) FROM jobs GROUP BY status");
          ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          JobStatus.parse(rs.getString(1)).ifPresent(s -> {
            try {
              out.put(s, rs.getInt(2));
            } catch (SQLException e) {
              throw new StoreException("count jobs: " + e.getMessage(), e);
            }
          });
        }
      }
      return out;
    });
  }

  private static void insertAttempt(Connection c, String id, int attempt, Instant started, Instant finished,
      String outcome, Integer status, String error) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO job_attempts (job_id, attempt, started_at_ms, "
        + "finished_at_ms, outcome, status, error) VALUES (?,?,?,?,?,?,?)")) {
      p.setString(1, id);
      p.setInt(2, attempt);
      Columns.bind(p, 3, started == null ? finished : started);
      Columns.bind(p, 4, finished);
      p.setString(5, outcome);
      Columns.bind(p, 6, status);
      Columns.bind(p, 7, error);
      p.executeUpdate();
    }
  }

  private static JobRecord select(Connection c, String id) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")) {
      p.setString(1, id);
      List<JobRecord> rows = readAll(p);
      return rows.isEmpty() ? null : rows.get(0);
    }
  }

  private static List<JobRecord> readAll(PreparedStatement p) throws SQLException {
    List<JobRecord> out = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        out.add(read(rs));
      }
    }
    return out;
  }

  private static JobRecord read(ResultSet rs) throws SQLException {
    String status = rs.getString("status");
    return new JobRecord(
        rs.getString("id"),
        JobStatus.parse(status).orElseThrow(() -> new SQLException("unknown job status in store: " + status)),
        rs.getString("runtime"),
        rs.getString("name"),
        rs.getString("version"),
        rs.getString("method"),
        rs.getString("request"),
        rs.getInt("max_attempts"),
        rs.getInt("attempt"),
        rs.getLong("retry_delay_ms"),
        Columns.instant(rs, "run_at_ms"),
        Columns.instant(rs, "created_at_ms"),
        Columns.instant(rs, "updated_at_ms"),
        Columns.instant(rs, "started_at_ms"),
        Columns.instant(rs, "finished_at_ms"),
        rs.getString("owner"),
        Columns.instant(rs, "lease_until_ms"),
        rs.getInt("recoveries"),
        Columns.integer(rs, "result_status"),
        rs.getString("last_error"),
        rs.getLong("row_version"));
  }
}
