package dev.fastfn.store;

/**
 * The durable state of a fastfn server. One instance per data directory; thread-safe. Open with
 * {@link JdbcStore#openSqlite}; close once at shutdown (after the job runner and scheduler stopped).
 */
public interface Store extends AutoCloseable {
  JobRepository jobs();

  ScheduleStateRepository schedules();

  KeyValueStore keyValues();

  @Override
  void close();
}
