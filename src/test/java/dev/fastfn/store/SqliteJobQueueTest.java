package dev.fastfn.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The contract on SQLite, plus SQLite-specific facts (file location, WAL, migrations). */
class SqliteJobQueueTest extends JobQueueContract {
  @Override
  protected Store open(Path dir, Clock clock) {
    return JdbcStore.openSqlite(dir.resolve("state"), clock);
  }

  @Test
  void the_database_file_is_in_wal_mode_with_every_migration_recorded() throws Exception {
    Path file = dir.resolve("state").resolve("fastfn.db");
    assertThat(Files.exists(file)).isTrue();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("wal");
      }
      try (ResultSet rs = s.executeQuery("SELECT version, name FROM schema_migrations ORDER BY version")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
        assertThat(rs.getString(2)).isEqualTo("001_init.sql");
        assertThat(rs.next()).isFalse();
      }
    }
  }

  @Test
  void reopening_does_not_apply_migrations_twice() {
    store.close();
    store = open(dir, clock);
    assertThat(Migrations.list("sqlite")).extracting(Migrations.Migration::version).containsExactly(1);
    assertThat(store.jobs().countByStatus()).containsEntry(JobStatus.QUEUED, 0);
  }
}
