-- Programming: the community's programmes (community calls, workshops,
-- trainings ...) and their sessions, each linked to the shared goals it
-- serves. Lists of choices (modalities, timings, participation modes,
-- accessibility, career stages) are kept as comma-joined names, in the
-- order the vocabulary lists them, as members' audience_stages are.
CREATE TABLE programmes (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL,
    custom_kind         TEXT NOT NULL DEFAULT '',  -- the label, when kind is 'custom'
    title               TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',  -- Markdown
    audience_segment_id BIGINT REFERENCES segments(id) ON DELETE SET NULL,
    audience_stages     TEXT NOT NULL DEFAULT '',
    format              TEXT NOT NULL,             -- online, in_person, hybrid
    modalities          TEXT NOT NULL DEFAULT '',
    timings             TEXT NOT NULL DEFAULT '',
    minutes_per_session INTEGER NOT NULL DEFAULT 0, -- 0: not said
    hours_per_month     INTEGER NOT NULL DEFAULT 0, -- 0: not said
    skill_level         TEXT NOT NULL DEFAULT 'all',
    modes               TEXT NOT NULL DEFAULT '',
    accessibility       TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL DEFAULT 'planned',
    outcomes            TEXT NOT NULL DEFAULT '',  -- Markdown
    notes               TEXT NOT NULL DEFAULT '',  -- Markdown
    created_by          BIGINT REFERENCES users(id) ON DELETE SET NULL,
    version             BIGINT NOT NULL DEFAULT 1,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX programmes_kind ON programmes (kind, status, id);
CREATE INDEX programmes_status ON programmes (status, id);

-- Who hosts or facilitates a programme: a member (member-led programming)
-- or a team user, never both on one row.
CREATE TABLE programme_hosts (
    id           INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    member_id    BIGINT REFERENCES members(id) ON DELETE CASCADE,
    user_id      BIGINT REFERENCES users(id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('host', 'facilitator')),
    CHECK ((member_id IS NULL) <> (user_id IS NULL))
);
CREATE INDEX programme_hosts_programme ON programme_hosts (programme_id, position);
CREATE INDEX programme_hosts_member ON programme_hosts (member_id);
CREATE INDEX programme_hosts_user ON programme_hosts (user_id);

CREATE TABLE programme_goals (
    programme_id BIGINT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    goal_id      BIGINT NOT NULL REFERENCES goals(id) ON DELETE RESTRICT,
    how          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (programme_id, goal_id)
);
CREATE INDEX programme_goals_goal ON programme_goals (goal_id);

CREATE TABLE programme_versions (
    programme_id BIGINT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    version      BIGINT NOT NULL,
    fields       TEXT NOT NULL,
    replaced_at  BIGINT NOT NULL,
    PRIMARY KEY (programme_id, version)
);

-- A session is one meeting, or the master of a recurring series when
-- rrule is set. starts_at/ends_at are instants (Unix seconds); time_zone is
-- the IANA zone it is planned in, in which a series repeats so 16:00 stays
-- 16:00 across daylight saving. sequence grows on every change of time or
-- status (iCalendar SEQUENCE).
CREATE TABLE programme_sessions (
    id           INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    title        TEXT NOT NULL DEFAULT '',
    starts_at    BIGINT NOT NULL,
    ends_at      BIGINT NOT NULL,
    time_zone    TEXT NOT NULL,
    location     TEXT NOT NULL DEFAULT '',
    join_url     TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'scheduled',
    rrule        TEXT NOT NULL DEFAULT '',
    sequence     INTEGER NOT NULL DEFAULT 0,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX programme_sessions_programme ON programme_sessions (programme_id, starts_at);
CREATE INDEX programme_sessions_start ON programme_sessions (starts_at, id);

-- Changes to single occurrences of a series, keyed by the occurrence's
-- original start: skipped (EXDATE), moved (RECURRENCE-ID with a new
-- start and end) or cancelled (RECURRENCE-ID, STATUS:CANCELLED).
CREATE TABLE session_exceptions (
    session_id     BIGINT NOT NULL REFERENCES programme_sessions(id) ON DELETE CASCADE,
    original_start BIGINT NOT NULL,
    action         TEXT NOT NULL CHECK (action IN ('skip', 'move', 'cancel')),
    starts_at      BIGINT NOT NULL DEFAULT 0,  -- the new times when moved
    ends_at        BIGINT NOT NULL DEFAULT 0,
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (session_id, original_start)
);

CREATE TABLE session_goals (
    session_id BIGINT NOT NULL REFERENCES programme_sessions(id) ON DELETE CASCADE,
    goal_id    BIGINT NOT NULL REFERENCES goals(id) ON DELETE RESTRICT,
    how        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (session_id, goal_id)
);
CREATE INDEX session_goals_goal ON session_goals (goal_id);

CREATE TABLE session_versions (
    session_id  BIGINT NOT NULL REFERENCES programme_sessions(id) ON DELETE CASCADE,
    version     BIGINT NOT NULL,
    fields      TEXT NOT NULL,
    replaced_at BIGINT NOT NULL,
    PRIMARY KEY (session_id, version)
);
