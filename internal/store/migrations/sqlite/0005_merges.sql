-- Duplicates by name, undoable merges and "not the same person".

-- name_key is the name folded like sort_name with its words sorted
-- ("lindqvist marguerite"), written in Go on every insert and update, so a
-- create finds "Marguerite LINDQVIST" and "Lindqvist, Marguerite" through an
-- index instead of reading every member. Rows written before this migration
-- are filled in at start-up (members.Service.BackfillNameKeys): the folding
-- lives in Go, not SQL.
ALTER TABLE members ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
CREATE INDEX members_name_key ON members (name_key, id);
-- "A close name at the same affiliation" reads the names of one
-- affiliation from this index alone.
CREATE INDEX members_affiliation_name ON members (affiliation_key, name_key, id);

-- One row per merge, so it can be undone exactly. before_rows holds every
-- row of both members (their record and everything hanging off them, in
-- every capability) as it was just before the merge; after_rows the kept
-- member's rows just after it. Undo checks the kept member still has
-- after_rows and puts before_rows back. Ids are plain numbers, not foreign
-- keys: the dropped member is gone, and the record must outlive both.
CREATE TABLE member_merges (
    id          INTEGER PRIMARY KEY,
    kept_id     BIGINT NOT NULL,
    dropped_id  BIGINT NOT NULL,
    kept_name   TEXT NOT NULL,
    dropped_name TEXT NOT NULL,
    merged_at   BIGINT NOT NULL,
    merged_by   BIGINT REFERENCES users(id) ON DELETE SET NULL,
    actor       TEXT NOT NULL,                     -- name at the time
    before_rows TEXT NOT NULL,                     -- JSON: table -> rows
    after_rows  TEXT NOT NULL,                     -- JSON: table -> rows
    undone_at   BIGINT,
    undone_by   BIGINT REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX member_merges_kept ON member_merges (kept_id, merged_at);
CREATE INDEX member_merges_dropped ON member_merges (dropped_id, merged_at);

-- "Not the same person": two members someone looked at and decided are
-- different people. The duplicate check skips these pairs. member_low is
-- always the smaller id, so a pair has one row whichever side was asked.
CREATE TABLE member_distinct_pairs (
    member_low  BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    member_high BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    decided_by  BIGINT REFERENCES users(id) ON DELETE SET NULL,
    actor       TEXT NOT NULL,
    decided_at  BIGINT NOT NULL,
    PRIMARY KEY (member_low, member_high),
    CHECK (member_low < member_high)
);
CREATE INDEX member_distinct_pairs_high ON member_distinct_pairs (member_high, member_low);
