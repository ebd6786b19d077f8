package dev.fastfn.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Store} on one JDBC connection. {@link #openSqlite} opens (or creates) the database file,
 * applies pending migrations and returns a ready store.
 */
public final class JdbcStore implements Store {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
  /** File name inside the data directory (FN_DATA_DIR). */
  public static final String SQLITE_FILE = "fastfn.db";

  private final Db db;
  private final JdbcJobRepository jobs;
  private final JdbcScheduleStateRepository schedules;
  private final JdbcKeyValueStore keyValues;

  private JdbcStore(Db db, Clock clock) {
    this.db = db;
    this.jobs = new JdbcJobRepository(db);
    this.schedules = new JdbcScheduleStateRepository(db);
    this.keyValues = new JdbcKeyValueStore(db, clock);
  }

  /** Opens {@code <dataDir>/fastfn.db}, creating the folder and the schema as needed. */
  public static JdbcStore openSqlite(Path dataDir, Clock clock) {
    Path file = dataDir.resolve(SQLITE_FILE);
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StoreException("cannot create data directory " + dataDir + " (FN_DATA_DIR): " + e.getMessage(), e);
    }
    Db db;
    try {
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      db = new Db(c, new SqliteDialect(), file.toString());
    } catch (SQLException e) {
      throw new StoreException("cannot open store " + file + ": " + e.getMessage(), e);
    }
    try {
      int ran = Migrations.apply(db, clock.millis());
      LOG.info("store=sqlite file={} migrations_applied={}", file, ran);
      return new JdbcStore(db, clock);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  @Override
  public JobRepository jobs() {
    return jobs;
  }

  @Override
  public ScheduleStateRepository schedules() {
    return schedules;
  }

  @Override
  public KeyValueStore keyValues() {
    return keyValues;
  }

  @Override
  public void close() {
    db.close();
  }
}
