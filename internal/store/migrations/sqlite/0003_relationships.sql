-- The relationship dashboard: key members, their stakeholder groups and
-- cadence, every interaction with them, and follow-ups.
CREATE TABLE stakeholder_groups (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    builtin  INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0
);
INSERT INTO stakeholder_groups (name, builtin, position) VALUES
    ('Leadership', 1, 1), ('Funders', 1, 2), ('Champions', 1, 3),
    ('Partners', 1, 4), ('Advisory board', 1, 5);

CREATE TABLE key_members (
    member_id    BIGINT PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    cadence_days INTEGER NOT NULL CHECK (cadence_days BETWEEN 1 AND 366),
    note         TEXT NOT NULL DEFAULT '',
    since_at     BIGINT NOT NULL
);

CREATE TABLE key_member_groups (
    member_id BIGINT NOT NULL REFERENCES key_members(member_id) ON DELETE CASCADE,
    group_id  BIGINT NOT NULL REFERENCES stakeholder_groups(id) ON DELETE CASCADE,
    PRIMARY KEY (member_id, group_id)
);
CREATE INDEX key_member_groups_group ON key_member_groups (group_id, member_id);

CREATE TABLE interactions (
    id          INTEGER PRIMARY KEY,
    occurred_on TEXT NOT NULL,                     -- YYYY-MM-DD
    channel     TEXT NOT NULL,
    summary     TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',          -- Markdown
    outcome     TEXT NOT NULL DEFAULT '',
    created_by  BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX interactions_occurred ON interactions (occurred_on, id);

-- occurred_on is copied here so "last contact per member" reads one
-- covering index instead of joining every interaction.
CREATE TABLE interaction_members (
    interaction_id BIGINT NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    member_id      BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    occurred_on    TEXT NOT NULL,
    PRIMARY KEY (interaction_id, member_id)
);
CREATE INDEX interaction_members_member ON interaction_members (member_id, occurred_on, interaction_id);

CREATE TABLE interaction_users (
    interaction_id BIGINT NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    user_id        BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (interaction_id, user_id)
);
-- "Interactions I took part in", and removing a user, read by user.
CREATE INDEX interaction_users_user ON interaction_users (user_id, interaction_id);

CREATE TABLE followups (
    id              INTEGER PRIMARY KEY,
    interaction_id  BIGINT REFERENCES interactions(id) ON DELETE SET NULL,
    member_id       BIGINT REFERENCES members(id) ON DELETE CASCADE,
    what            TEXT NOT NULL,
    due_on          TEXT NOT NULL,                 -- YYYY-MM-DD; snoozing moves it
    original_due_on TEXT NOT NULL,
    snooze_count    INTEGER NOT NULL DEFAULT 0,
    owner_id        BIGINT REFERENCES users(id) ON DELETE SET NULL,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    done_at         BIGINT,
    created_by      BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX followups_open ON followups (status, due_on, id);
CREATE INDEX followups_done ON followups (status, done_at, id);
CREATE INDEX followups_owner ON followups (owner_id, status, due_on);
CREATE INDEX followups_member ON followups (member_id);
CREATE INDEX followups_interaction ON followups (interaction_id);
