package dev.fastfn.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JDBC connection and the lock that serializes its use. Every unit of work runs inside
 * {@link #tx} and is committed before it returns, so a caller that got an answer knows its write is
 * on disk (an accepted job is committed before the 201).
 *
 * <p>Threading: SQLite allows one writer; a single connection guarded by a {@link ReentrantLock}
 * (never {@code synchronized}: JDBC calls block and virtual threads must not pin) is both the
 * simplest and the fastest arrangement. The sqlite driver pins the carrier thread during each native
 * call, so units of work must stay short: no network or process I/O inside a transaction.
 */
final class Db implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Db.class);

  private final Connection connection;
  private final SqlDialect dialect;
  private final ReentrantLock lock = new ReentrantLock();
  private final String description;

  Db(Connection connection, SqlDialect dialect, String description) throws SQLException {
    this.connection = connection;
    this.dialect = dialect;
    this.description = description;
    dialect.configure(connection);
    connection.setAutoCommit(false);
  }

  SqlDialect dialect() {
    return dialect;
  }

  /** A unit of work on the connection; runs inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} in a transaction, commits, and returns its value; rolls back on any failure. */
  <T> T tx(Work<T> work) {
    lock.lock();
    try {
      try {
        return attempt(work);
      } catch (SQLException e) {
        if (!dialect.isTransient(e)) {
          throw new StoreException("store " + description + ": " + e.getMessage(), e);
        }
        LOG.warn("store={} transient failure ({}); retrying once", description, e.getMessage());
        try {
          return attempt(work);
        } catch (SQLException again) {
          throw new StoreException("store " + description + ": " + again.getMessage(), again);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private <T> T attempt(Work<T> work) throws SQLException {
    try {
      T value = work.run(connection);
      connection.commit();
      return value;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.warn("store={} close failed: {}", description, e.getMessage());
    } finally {
      lock.unlock();
    }
  }
}
