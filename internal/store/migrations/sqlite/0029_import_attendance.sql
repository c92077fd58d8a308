-- Attendance imports (Zoom, Eventbrite, Meetup): the session a run's file
-- is the attendance of, and every entry a run wrote on its list, so an
-- undo takes the run's attendance back, and its activities with it.

-- The session (and, for a series, the date) an uploaded file is the
-- attendance of, chosen with the upload and read when its job runs.
CREATE TABLE import_sessions (
    run_id     BIGINT PRIMARY KEY REFERENCES import_runs(id) ON DELETE CASCADE,
    session_id BIGINT NOT NULL REFERENCES programme_sessions(id) ON DELETE CASCADE,
    occurrence TEXT NOT NULL DEFAULT ''          -- the date's name, '' for a single session
);

-- One row per list entry a run added or changed: what it was before
-- (existed 0: the run added it) and what the run left, so an undo puts
-- the entry back and refuses when someone changed it since.
CREATE TABLE import_attendance (
    run_id           BIGINT NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
    session_id       BIGINT NOT NULL REFERENCES programme_sessions(id) ON DELETE CASCADE,
    occurrence_start BIGINT NOT NULL,
    member_id        BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    existed          INTEGER NOT NULL DEFAULT 0,
    role_before      TEXT NOT NULL DEFAULT '',
    attended_before  TEXT NOT NULL DEFAULT '',
    note_before      TEXT NOT NULL DEFAULT '',
    registered_before BIGINT NOT NULL DEFAULT 0,
    updated_before   BIGINT NOT NULL DEFAULT 0,
    role_after       TEXT NOT NULL,
    attended_after   TEXT NOT NULL,
    note_after       TEXT NOT NULL,
    PRIMARY KEY (run_id, session_id, occurrence_start, member_id)
);
-- An undo asks whether a later run wrote the same entries.
CREATE INDEX import_attendance_entry ON import_attendance (session_id, occurrence_start, member_id, run_id);
