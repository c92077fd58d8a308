-- The content and programming audit.

-- The member side of an audit counts the members who are not archived by
-- time zone, career stage and participation preferences in one GROUP BY;
-- this index holds those columns, so the count reads the index alone (at
-- 100,000 members: 14 ms on SQLite, against 120 ms reading the table).
-- It is not a partial index (WHERE archived_at IS NULL): SQLite then took
-- it for the members list too, scanning it all and sorting, rather than
-- walking members_sort_name and stopping after a page.
CREATE INDEX members_audit_mix ON members (timezone, career_stage, pref_modality, pref_timing, archived_at);

-- Saved audits: a snapshot of what one audit found for a period, so a
-- manager can compare one quarter with the last. findings holds the gaps
-- as the audit reported them (JSON, the API's names); they never change
-- once saved. The manager's notes and decisions go beside them in
-- content_audit_notes, one row per finding.
CREATE TABLE content_audits (
    id          INTEGER PRIMARY KEY,
    period_from TEXT NOT NULL,                 -- YYYY-MM-DD
    period_to   TEXT NOT NULL,                 -- YYYY-MM-DD
    period_name TEXT NOT NULL,                 -- "Q3 2026"
    notes       TEXT NOT NULL DEFAULT '',      -- the manager's notes on the whole audit, Markdown
    findings    TEXT NOT NULL,                 -- JSON array of gaps
    gap_count   INTEGER NOT NULL,
    item_count  INTEGER NOT NULL,
    created_by  BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL,
    CHECK (period_from <= period_to)
);
CREATE INDEX content_audits_period ON content_audits (period_to, id);

-- A decision and a note on one finding of a saved audit, keyed by the
-- finding's key (a gap's Key: the rule and what it is about).
CREATE TABLE content_audit_notes (
    audit_id    BIGINT NOT NULL REFERENCES content_audits(id) ON DELETE CASCADE,
    finding_key TEXT NOT NULL,
    decision    TEXT NOT NULL DEFAULT '' CHECK (decision IN ('', 'act', 'accept', 'stop', 'revisit')),
    note        TEXT NOT NULL DEFAULT '',      -- Markdown
    updated_by  BIGINT REFERENCES users(id) ON DELETE SET NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (audit_id, finding_key)
);
