-- Background jobs: work that runs outside a request (imports, reports,
-- newsletters, periodic clean-ups), persisted so it survives a restart and
-- is shared by every instance on this database. See internal/jobs.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL DEFAULT '{}',      -- JSON, read by the kind's handler
    status       TEXT NOT NULL DEFAULT 'queued'
                 CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,      -- claims so far, the running one included
    max_attempts INTEGER NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
    run_at       BIGINT NOT NULL,                 -- not before; pushed back after a failure
    locked_by    TEXT,                            -- instance running it
    locked_until BIGINT,                          -- its lease: renewed while it runs
    last_error   TEXT NOT NULL DEFAULT '',
    dedupe_key   TEXT,                            -- one job per (kind, key): periodic runs
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    finished_at  BIGINT
);
-- Claiming reads queued jobs in due order, and running jobs by lease.
CREATE INDEX jobs_due ON jobs (status, run_at, id);
CREATE INDEX jobs_lease ON jobs (status, locked_until);
CREATE UNIQUE INDEX jobs_dedupe ON jobs (kind, dedupe_key);
