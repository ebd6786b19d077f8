package dev.fastfn.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What differs between databases. Callers never see SQL; the JDBC repositories use only portable
 * statements (standard DML, {@code ON CONFLICT ... DO UPDATE}, {@code LIMIT}) plus the few hooks here.
 * SQLite's implementation is {@link SqliteDialect}; a PostgreSQL one would lock claim candidates with
 * {@code FOR UPDATE SKIP LOCKED} and keep the same conditional-update claim.
 */
public interface SqlDialect {
  /** Short name, also the migration folder: {@code db/<name>/NNN_*.sql}. */
  String name();

  /** Session settings applied once to each new connection (pragmas, time zone...). */
  void configure(Connection connection) throws SQLException;

  /** Appended to the claim-candidate SELECT so concurrent nodes skip each other's rows; "" if not needed. */
  String lockCandidatesSuffix();

  /** True if the failure is transient contention worth one retry (SQLITE_BUSY, serialization failure). */
  boolean isTransient(SQLException e);
}
