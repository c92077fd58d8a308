-- Erasure in two steps. The erasure's own transaction deletes the person
-- and everything that is theirs, and records here, one row per table, the
-- text columns that may still hold one of their email addresses; the job
-- privacy.finish_erasures then replaces the addresses with "[erased]" a
-- couple of hundred rows at a time, so no write waits seconds behind an
-- erasure, and deletes each row here once its table is clean. The
-- addresses are kept here (and nowhere else of theirs) only until then.
CREATE TABLE erasure_scrubs (
    id         INTEGER PRIMARY KEY,
    member_id  BIGINT NOT NULL,                 -- plain number: the member is gone
    table_name TEXT NOT NULL,
    columns    TEXT NOT NULL,                   -- JSON: the text columns to scrub
    emails     TEXT NOT NULL,                   -- JSON: the addresses to replace
    action     TEXT NOT NULL DEFAULT 'scrub' CHECK (action IN ('scrub', 'delete')),
    created_at BIGINT NOT NULL
);

-- Import runs count what they did to activities and attendance too.
ALTER TABLE import_runs ADD COLUMN activities_created BIGINT NOT NULL DEFAULT 0;
ALTER TABLE import_runs ADD COLUMN activities_existing BIGINT NOT NULL DEFAULT 0;
ALTER TABLE import_runs ADD COLUMN attendance_added BIGINT NOT NULL DEFAULT 0;
ALTER TABLE import_runs ADD COLUMN attendance_changed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE import_runs ADD COLUMN attendance_unchanged BIGINT NOT NULL DEFAULT 0;

-- The search indexes forget a deleted or changed member's words at once
-- (FTS5's secure-delete), rather than marking them deleted until segments
-- are merged: an erasure no longer rebuilds them inside its transaction.
-- One merge now drops what earlier deletions left behind.
INSERT INTO members_fts (members_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO members_substr (members_substr, rank) VALUES ('secure-delete', 1);
INSERT INTO members_fts (members_fts) VALUES ('optimize');
INSERT INTO members_substr (members_substr) VALUES ('optimize');
