-- Participation over time: a small roll-up of activities by member and
-- month that the funnel, the flows and the health figures read, so the
-- page never groups millions of activities; and the community's lifecycle
-- stages as the manager records them.
--
-- Months are calendar months in the community's time zone, written as
-- yyyymm (202611). participation.RollUp keeps both roll-up tables in step
-- with the members whose activities change; RollUpAll rebuilds them after
-- a change of kinds' modes or of the time zone. Nothing else writes them.

-- One row per member per month they were active in: how many activities
-- in each mode (by their kind's mode at roll-up time), the deepest mode,
-- and the facts the health figures need. member_id has no foreign key on
-- purpose: when a member is deleted, RollUp still finds their old rows to
-- take them out of the monthly figures.
CREATE TABLE participation_member_months (
    member_id         BIGINT NOT NULL,
    month             INTEGER NOT NULL,
    deepest           SMALLINT NOT NULL CHECK (deepest BETWEEN 1 AND 4),
    modes             SMALLINT NOT NULL,            -- bit 0 convey ... bit 3 co-create
    convey            INTEGER NOT NULL DEFAULT 0,   -- activities per mode
    contribute        INTEGER NOT NULL DEFAULT 0,
    collaborate       INTEGER NOT NULL DEFAULT 0,
    co_create         INTEGER NOT NULL DEFAULT 0,
    first_day         SMALLINT NOT NULL,            -- day of the month, 1-31
    last_day          SMALLINT NOT NULL,
    newcomer          SMALLINT NOT NULL DEFAULT 0,  -- 1: the member's first active month
    returned_30       SMALLINT NOT NULL DEFAULT 0,  -- newcomer active again 1-30 days after their first day
    returned_90       SMALLINT NOT NULL DEFAULT 0,  -- ... 1-90 days after
    first_contribution_days INTEGER,                -- set in the month of their first contribution
    career_stage      TEXT NOT NULL DEFAULT '',     -- the member's fields at roll-up time
    country           TEXT NOT NULL DEFAULT '',
    affiliation       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (member_id, month)
);
-- Flows read two months' members in member order by this index alone.
CREATE INDEX participation_member_months_month ON participation_member_months (month, member_id, deepest);

-- One row per month with anyone active: the figures of that month, made
-- from its member rows whenever one of them changes.
CREATE TABLE participation_months (
    month               INTEGER NOT NULL PRIMARY KEY,
    active              INTEGER NOT NULL,
    convey_members      INTEGER NOT NULL,  -- members whose deepest mode was convey
    contribute_members  INTEGER NOT NULL,
    collaborate_members INTEGER NOT NULL,
    co_create_members   INTEGER NOT NULL,
    convey_acts         INTEGER NOT NULL,  -- activities in each mode
    contribute_acts     INTEGER NOT NULL,
    collaborate_acts    INTEGER NOT NULL,
    co_create_acts      INTEGER NOT NULL,
    new_members         INTEGER NOT NULL,
    returned_30         INTEGER NOT NULL,
    returned_90         INTEGER NOT NULL,
    top1_acts           INTEGER NOT NULL,  -- activities of the most active 1 %
    top10_acts          INTEGER NOT NULL,  -- ... of the most active 10 % (1 % and the next 9 %)
    half_contributors   INTEGER NOT NULL,  -- fewest members making half the contributions
    first_contributions INTEGER NOT NULL,
    first_contribution_median REAL,        -- days, NULL when nobody first contributed
    -- every active member's id and deepest mode, packed (participation/flows_pack.go):
    -- the flows between two months read two rows, not two months of member rows
    member_modes        BLOB,
    updated_at          BIGINT NOT NULL
);

-- Active members of a month by career stage, country and affiliation, and
-- by deepest mode.
CREATE TABLE participation_month_groups (
    month      INTEGER NOT NULL,
    dimension  TEXT NOT NULL CHECK (dimension IN ('career_stage', 'country', 'affiliation')),
    value      TEXT NOT NULL,
    deepest    SMALLINT NOT NULL,
    members    INTEGER NOT NULL,
    activities INTEGER NOT NULL,
    PRIMARY KEY (month, dimension, value, deepest)
);

-- What the roll-up was last built with: the time zone its months are in.
CREATE TABLE participation_rollup_state (
    id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    time_zone   TEXT NOT NULL,
    rebuilt_at  BIGINT NOT NULL
);

-- The community's lifecycle stage as the manager records it: a model
-- (communities of practice, FeverBee ...), a stage of it, the date it
-- began and notes. The newest entry on or before today is the current
-- stage; the others are its history.
CREATE TABLE lifecycle_stages (
    id         INTEGER PRIMARY KEY,
    model      TEXT NOT NULL,
    stage      TEXT NOT NULL,
    since      TEXT NOT NULL,     -- YYYY-MM-DD
    notes      TEXT NOT NULL DEFAULT '',
    version    BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX lifecycle_stages_since ON lifecycle_stages (since, id);

CREATE TABLE lifecycle_stage_versions (
    lifecycle_stage_id BIGINT NOT NULL REFERENCES lifecycle_stages(id) ON DELETE CASCADE,
    version            BIGINT NOT NULL,
    fields             TEXT NOT NULL,
    replaced_at        BIGINT NOT NULL,
    PRIMARY KEY (lifecycle_stage_id, version)
);
