-- Jobs: one row per job; the request payload and the last result are opaque JSON text owned by the
-- jobs package. Times are epoch milliseconds. row_version makes every state change a conditional
-- update (claims, finishes and cancels check it or the status they expect).
CREATE TABLE jobs (
  id             TEXT PRIMARY KEY,
  status         TEXT NOT NULL,
  runtime        TEXT NOT NULL,
  name           TEXT NOT NULL,
  version        TEXT,
  method         TEXT NOT NULL,
  request        TEXT NOT NULL,
  max_attempts   INTEGER NOT NULL,
  attempt        INTEGER NOT NULL DEFAULT 0,
  retry_delay_ms BIGINT NOT NULL,
  run_at_ms      BIGINT NOT NULL,
  created_at_ms  BIGINT NOT NULL,
  updated_at_ms  BIGINT NOT NULL,
  started_at_ms  BIGINT,
  finished_at_ms BIGINT,
  owner          TEXT,
  lease_until_ms BIGINT,
  heartbeat_ms   BIGINT,
  recoveries     INTEGER NOT NULL DEFAULT 0,
  result_status  INTEGER,
  last_error     TEXT,
  result         TEXT,
  row_version    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX jobs_due ON jobs (status, run_at_ms);
CREATE INDEX jobs_created ON jobs (created_at_ms);
CREATE INDEX jobs_finished ON jobs (status, finished_at_ms);

-- Every finished attempt of a job (done, failed or interrupted by a dead server), oldest first.
CREATE TABLE job_attempts (
  job_id         TEXT NOT NULL,
  attempt        INTEGER NOT NULL,
  started_at_ms  BIGINT NOT NULL,
  finished_at_ms BIGINT NOT NULL,
  outcome        TEXT NOT NULL,
  status         INTEGER,
  error          TEXT
);
CREATE INDEX job_attempts_job ON job_attempts (job_id, started_at_ms);

-- Scheduler and keep_warm state per function key (kind = 'schedule' | 'keep_warm').
CREATE TABLE schedule_state (
  kind           TEXT NOT NULL,
  fn_key         TEXT NOT NULL,
  next_ms        BIGINT,
  last_ms        BIGINT,
  last_status    INTEGER,
  last_error     TEXT,
  running        INTEGER NOT NULL DEFAULT 0,
  retry_due_ms   BIGINT,
  retry_attempt  INTEGER,
  spec_hash      TEXT,
  updated_at_ms  BIGINT NOT NULL,
  PRIMARY KEY (kind, fn_key)
);

-- Small named values for other packages (console ui-state, secrets).
CREATE TABLE kv (
  namespace      TEXT NOT NULL,
  k              TEXT NOT NULL,
  v              TEXT NOT NULL,
  updated_at_ms  BIGINT NOT NULL,
  PRIMARY KEY (namespace, k)
);
