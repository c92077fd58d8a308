-- The community's shared goals: what all members share and value, in line
-- with its purpose. Every programme, session and content item should serve
-- at least one; each capability links to goals through its own table,
-- <thing>_goals (<thing>_id, goal_id, how), so the database keeps every link
-- pointing at a real goal. Goals are retired rather than deleted, and a goal
-- something still serves cannot be deleted (ON DELETE RESTRICT there).
CREATE TABLE goals (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',   -- Markdown
    why           TEXT NOT NULL DEFAULT '',   -- why it matters, Markdown
    owner_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
    retired_on    TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD, '' while active
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX goals_title ON goals (lower(title));

-- How success shows: one or more indicators, each with a target and the
-- figure now, entered by hand (on a date, so "now" says when).
CREATE TABLE goal_indicators (
    id          INTEGER PRIMARY KEY,
    goal_id     BIGINT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    unit        TEXT NOT NULL DEFAULT '',
    target_value  REAL,
    current_value REAL,
    measured_on TEXT NOT NULL DEFAULT '',     -- YYYY-MM-DD of current_value, '' when never measured
    UNIQUE (goal_id, position)
);

CREATE TABLE goal_versions (
    goal_id     BIGINT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    version     BIGINT NOT NULL,
    fields      TEXT NOT NULL,
    replaced_at BIGINT NOT NULL,
    PRIMARY KEY (goal_id, version)
);
