-- Imports: every run of an import, what it refused and why, what it
-- changed (so it can be undone), the column mappings saved per source, and
-- where each member field's value came from.

-- One row per import run. status: uploaded (a file waits for its mapping),
-- queued, running, checked (a dry run finished: nothing was kept), done,
-- failed (the file was refused: nothing was kept), undone.
CREATE TABLE import_runs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,                  -- csv, vcard, mailchimp ...
    file_name   TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT '',       -- the saved mapping this file uses
    mapping     TEXT NOT NULL DEFAULT '',       -- JSON: column header -> field
    status      TEXT NOT NULL,
    dry_run     INTEGER NOT NULL DEFAULT 0,     -- the last execution was a dry run
    created_by  BIGINT REFERENCES users(id) ON DELETE SET NULL,
    actor       TEXT NOT NULL,                  -- who, by name at the time
    created_at  BIGINT NOT NULL,
    started_at  BIGINT,
    finished_at BIGINT,
    rows_read   BIGINT NOT NULL DEFAULT 0,
    created     BIGINT NOT NULL DEFAULT 0,
    updated     BIGINT NOT NULL DEFAULT 0,
    unchanged   BIGINT NOT NULL DEFAULT 0,
    merged      BIGINT NOT NULL DEFAULT 0,
    refused     BIGINT NOT NULL DEFAULT 0,
    conflicts   BIGINT NOT NULL DEFAULT 0,
    review      BIGINT NOT NULL DEFAULT 0,      -- new members who may be someone already here
    error       TEXT NOT NULL DEFAULT '',       -- why the whole file was refused
    job_id      BIGINT,
    undone_at   BIGINT,
    undone_by   BIGINT REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX import_runs_created ON import_runs (created_at, id);

-- A file uploaded through the UI, kept until its run is done: the job that
-- runs the import reads it from here, on whichever instance claims it.
CREATE TABLE import_files (
    run_id BIGINT PRIMARY KEY REFERENCES import_runs(id) ON DELETE CASCADE,
    data   BLOB NOT NULL
);

-- What a run reported row by row: refused rows (kind refused), fields a
-- manager edited by hand that the file would have changed (conflict),
-- rows folded into an earlier row of the same file (merged), and new
-- members who may be someone already here (review: other_id names them;
-- a manager merges the two or marks them not the same person).
CREATE TABLE import_issues (
    run_id    BIGINT NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
    seq       BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    line      BIGINT NOT NULL,
    kind      TEXT NOT NULL,
    member_id BIGINT,                           -- plain number: the member may be gone
    other_id  BIGINT,
    field     TEXT NOT NULL DEFAULT '',
    message   TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- What a run changed, for undo: each member it created (version_after is
-- the version it left, so an undo can tell whether anyone changed the
-- member since) and each member it updated, with the record as it was
-- before (JSON).
CREATE TABLE import_changes (
    run_id        BIGINT NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
    member_id     BIGINT NOT NULL,
    action        TEXT NOT NULL,                -- created, updated
    version_after BIGINT NOT NULL,
    before        TEXT,
    PRIMARY KEY (run_id, member_id)
);
CREATE INDEX import_changes_member ON import_changes (member_id, run_id);

-- Column mappings saved per source ("Registrations sheet"), so the next
-- file from the same place maps itself.
CREATE TABLE import_mappings (
    kind       TEXT NOT NULL,
    source     TEXT NOT NULL,
    mapping    TEXT NOT NULL,                   -- JSON: column header -> field
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (kind, source)
);

-- Where a member field's value came from, when it changed after the
-- member was created: source manual (a person, through a form or the API)
-- or import (run_id names the run). A field with no row here holds the
-- value the member was created with: by the import run that created them
-- (import_changes) or by hand. A re-import never overwrites a manual value.
CREATE TABLE member_field_sources (
    member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    field     TEXT NOT NULL,
    source    TEXT NOT NULL,
    run_id    BIGINT,
    at        BIGINT NOT NULL,
    PRIMARY KEY (member_id, field)
);
