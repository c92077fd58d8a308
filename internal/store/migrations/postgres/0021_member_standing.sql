-- Participation: where each member stands, derived from their activities
-- by participation.Derive and kept here so lists and the member's JSON read
-- it cheaply. A member without a row has never been active (or was not
-- derived yet): mode none, stage none. Rows are rewritten, never edited:
-- for the members new activities touch, for everyone when the rules
-- (kinds, window, half-life) change, and each day as the window slides.
-- Days are the community's calendar dates (YYYY-MM-DD). A member's
-- pathway is not kept: one member's is derived when asked for (their page,
-- their JSON), from the activities index, in well under a millisecond of
-- reading; keeping everyone's doubled what re-deriving everyone writes.
CREATE TABLE member_standing (
    member_id    BIGINT NOT NULL PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    mode         TEXT NOT NULL,             -- deepest mode in the window, or none
    mode_since   TEXT NOT NULL DEFAULT '',  -- the day mode began
    prev_mode    TEXT NOT NULL,             -- deepest mode in the window before
    deepest_mode TEXT NOT NULL,             -- deepest mode ever
    stage        TEXT NOT NULL,
    engagement   DOUBLE PRECISION NOT NULL, -- as of computed_at (shown; sorting and reading use the key)
    -- log2(engagement) + computed_at / half-life (in seconds): the same
    -- for every moment, since engagement halves each half-life, so rows
    -- derived at different times still sort by engagement now.
    engagement_key DOUBLE PRECISION NOT NULL,
    activities   INTEGER NOT NULL,
    first_at     BIGINT NOT NULL,           -- unix seconds
    last_at      BIGINT NOT NULL,
    computed_at  BIGINT NOT NULL            -- when the row last changed
);
-- The lists a manager acts on, each read by engagement.
CREATE INDEX member_standing_mode ON member_standing (mode, engagement_key);
CREATE INDEX member_standing_stage ON member_standing (stage, engagement_key);

-- One row: how far re-deriving everyone has got. rules_seq counts changes
-- to the rules; derived_seq is the rules_seq the last full re-derivation
-- read, so a job knows whether it is still needed; done/total are its
-- progress while running.
CREATE TABLE participation_standing_state (
    id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    rules_seq   BIGINT NOT NULL DEFAULT 1,
    derived_seq BIGINT NOT NULL DEFAULT 0,
    as_of       TEXT NOT NULL DEFAULT '',
    running     INTEGER NOT NULL DEFAULT 0,
    done        BIGINT NOT NULL DEFAULT 0,
    total       BIGINT NOT NULL DEFAULT 0,
    started_at  BIGINT NOT NULL DEFAULT 0,
    finished_at BIGINT NOT NULL DEFAULT 0,
    took_ms     BIGINT NOT NULL DEFAULT 0
);
INSERT INTO participation_standing_state (id) VALUES (1);

-- Re-deriving everyone reads every activity's member, time and kind in
-- member order. With kind outside the index each row cost a lookup in the
-- table, in no useful order: 25 times the CPU of reading the index alone
-- (measured on 5,000,000 activities). The member index now carries kind,
-- under the same name and with the same order, so it is still one index
-- for ingestion to keep up.
DROP INDEX activities_member;
CREATE INDEX activities_member ON activities (member_id, occurred_at, id) INCLUDE (kind);
