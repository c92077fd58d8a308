-- Registrations and attendance: who signed up for, and who came to, one
-- occurrence of a session. An occurrence is named by the instant its
-- session or series gives it (occurrence_start, Unix seconds): a single
-- session's start, or a series occurrence's original start, which stays
-- its name when the occurrence is moved, so moving it keeps its people.
-- attended is 'yes', 'no' or 'unknown' (registered, not yet recorded).
CREATE TABLE session_attendance (
    session_id       BIGINT NOT NULL REFERENCES programme_sessions(id) ON DELETE CASCADE,
    occurrence_start BIGINT NOT NULL,
    member_id        BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    role             TEXT NOT NULL DEFAULT 'attendee' CHECK (role IN ('attendee', 'speaker', 'host')),
    attended         TEXT NOT NULL DEFAULT 'unknown' CHECK (attended IN ('yes', 'no', 'unknown')),
    note             TEXT NOT NULL DEFAULT '',
    registered_at    BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (session_id, occurrence_start, member_id)
);
-- A member's timeline reads their attendance by this index alone.
CREATE INDEX session_attendance_member ON session_attendance (member_id, occurrence_start, session_id);
