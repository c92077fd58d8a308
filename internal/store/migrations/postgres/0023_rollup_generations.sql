-- The participation roll-up in generations, so that rebuilding it whole (a
-- change of kinds' modes or of the time zone) runs as many short
-- transactions instead of one that holds the database for minutes.
--
-- Every roll-up row carries the generation it belongs to. Readers see only
-- the live generation (participation_rollup_state.live_generation); a
-- rebuild writes the next generation beside it, range of members by range,
-- each range its own transaction, then makes it live in one short
-- transaction and deletes the old one in more short ones. Incremental
-- roll-ups during a rebuild write both generations for the members the
-- rebuild has already passed (building_cursor), so none is lost.
--
-- The roll-up is derived data: the tables are made anew here and rebuilt
-- in the background on the next start (pages say so until it is done).
DROP TABLE participation_month_groups;
DROP TABLE participation_months;
DROP TABLE participation_member_months;
DROP TABLE participation_rollup_state;

-- One row per member per month they were active in (see 0022).
CREATE TABLE participation_member_months (
    generation        BIGINT NOT NULL,
    member_id         BIGINT NOT NULL,
    month             INTEGER NOT NULL,
    deepest           SMALLINT NOT NULL CHECK (deepest BETWEEN 1 AND 4),
    modes             SMALLINT NOT NULL,
    convey            INTEGER NOT NULL DEFAULT 0,
    contribute        INTEGER NOT NULL DEFAULT 0,
    collaborate       INTEGER NOT NULL DEFAULT 0,
    co_create         INTEGER NOT NULL DEFAULT 0,
    first_day         SMALLINT NOT NULL,
    last_day          SMALLINT NOT NULL,
    newcomer          SMALLINT NOT NULL DEFAULT 0,
    returned_30       SMALLINT NOT NULL DEFAULT 0,
    returned_90       SMALLINT NOT NULL DEFAULT 0,
    first_contribution_days INTEGER,
    career_stage      TEXT NOT NULL DEFAULT '',
    country           TEXT NOT NULL DEFAULT '',
    affiliation       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (generation, member_id, month)
);
-- A month's figures read its member rows by this index alone.
CREATE INDEX participation_member_months_month ON participation_member_months (generation, month, member_id, deepest);

CREATE TABLE participation_months (
    generation          BIGINT NOT NULL,
    month               INTEGER NOT NULL,
    active              INTEGER NOT NULL,
    convey_members      INTEGER NOT NULL,
    contribute_members  INTEGER NOT NULL,
    collaborate_members INTEGER NOT NULL,
    co_create_members   INTEGER NOT NULL,
    convey_acts         INTEGER NOT NULL,
    contribute_acts     INTEGER NOT NULL,
    collaborate_acts    INTEGER NOT NULL,
    co_create_acts      INTEGER NOT NULL,
    new_members         INTEGER NOT NULL,
    returned_30         INTEGER NOT NULL,
    returned_90         INTEGER NOT NULL,
    top1_acts           INTEGER NOT NULL,
    top10_acts          INTEGER NOT NULL,
    half_contributors   INTEGER NOT NULL,
    first_contributions INTEGER NOT NULL,
    first_contribution_median DOUBLE PRECISION,
    member_modes        BYTEA,
    updated_at          BIGINT NOT NULL,
    PRIMARY KEY (generation, month)
);

CREATE TABLE participation_month_groups (
    generation BIGINT NOT NULL,
    month      INTEGER NOT NULL,
    dimension  TEXT NOT NULL CHECK (dimension IN ('career_stage', 'country', 'affiliation')),
    value      TEXT NOT NULL,
    deepest    SMALLINT NOT NULL,
    members    INTEGER NOT NULL,
    activities INTEGER NOT NULL,
    PRIMARY KEY (generation, month, dimension, value, deepest)
);

-- Which generation readers see and which, if any, a rebuild is writing.
-- live_generation 0: never built (the pages say the figures are being
-- built). building_generation 0: no rebuild under way; otherwise members
-- with ids below building_cursor are already in it, and building_months
-- says its member rows are all written and its months are being made.
CREATE TABLE participation_rollup_state (
    id                  INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    live_generation     BIGINT NOT NULL DEFAULT 0,
    time_zone           TEXT NOT NULL DEFAULT '',   -- the live generation's months are in this zone
    rebuilt_at          BIGINT NOT NULL DEFAULT 0,
    building_generation BIGINT NOT NULL DEFAULT 0,
    building_zone       TEXT NOT NULL DEFAULT '',
    building_cursor     BIGINT NOT NULL DEFAULT 0,
    building_months     SMALLINT NOT NULL DEFAULT 0,
    building_since      BIGINT NOT NULL DEFAULT 0
);
-- Generation 1 starts live and empty, so a new community's first activities
-- roll up as they come; its empty time zone asks for a rebuild on start.
INSERT INTO participation_rollup_state (id, live_generation) VALUES (1, 1);

-- Members whose roll-up is owed: a merge, a deletion, an edit of the
-- fields the figures group by, attendance changed, an import. The change
-- marks them in its own transaction, so a crash cannot lose one; the
-- participation.rollup job rolls them up and takes them off. marks counts
-- the changes: a member marked again while being rolled up stays marked.
CREATE TABLE participation_rollup_pending (
    member_id BIGINT NOT NULL PRIMARY KEY,
    marks     BIGINT NOT NULL DEFAULT 1
);

-- The months of a generation being built that incremental roll-ups
-- changed while the rebuild wrote its members: the rebuild makes those
-- months from their rows rather than from what it counted as it went.
CREATE TABLE participation_rollup_touched (
    generation BIGINT NOT NULL,
    month      INTEGER NOT NULL,
    PRIMARY KEY (generation, month)
);
