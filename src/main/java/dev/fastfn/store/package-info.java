/**
 * Durable state: the job queue, schedule state and a small key/value table, behind interfaces that
 * callers use without knowing the database ({@link dev.fastfn.store.Store}).
 *
 * <p>The embedded default is SQLite ({@link dev.fastfn.store.JdbcStore#openSqlite}); a PostgreSQL
 * implementation adds a {@link dev.fastfn.store.SqlDialect} and its own migration folder, nothing
 * else. Imports nothing from other fastfn packages.
 */
package dev.fastfn.store;
