package dev.fastfn.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SQLite: WAL so readers never block the writer, NORMAL sync (durable across process crashes, which is
 * what a killed server needs; a power loss may lose the last commits), a busy timeout for the rare
 * second process, and no row locking because there is only one writer connection.
 */
final class SqliteDialect implements SqlDialect {
  static final int BUSY_TIMEOUT_MS = 5000;

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public void configure(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute("PRAGMA foreign_keys=ON");
    }
  }

  @Override
  public String lockCandidatesSuffix() {
    return "";
  }

  @Override
  public boolean isTransient(SQLException e) {
    // SQLITE_BUSY = 5, SQLITE_LOCKED = 6
    return e.getErrorCode() == 5 || e.getErrorCode() == 6;
  }
}
