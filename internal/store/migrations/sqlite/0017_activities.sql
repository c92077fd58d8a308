-- Participation: activity kinds and activities, the raw facts of what
-- members did (attended a call, answered a question, reviewed a pull
-- request ...). Modes, stages and engagement are derived from them later.

-- The kinds a community recognises, each mapped to a participation mode
-- (convey, contribute, collaborate, co_create) with a weight. Managers
-- change the mapping and add kinds; builtin ones ship with Trellis
-- (participation.DefaultKinds writes them at start-up, with their why).
-- Kinds are never deleted, so an activity's kind always names one.
CREATE TABLE activity_kinds (
    key        TEXT NOT NULL PRIMARY KEY,       -- "attended_call"
    label      TEXT NOT NULL,
    mode       TEXT NOT NULL CHECK (mode IN ('convey', 'contribute', 'collaborate', 'co_create')),
    weight     INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
    why        TEXT NOT NULL DEFAULT '',
    builtin    INTEGER NOT NULL DEFAULT 0,
    position   INTEGER NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL DEFAULT 0
);

-- The default mapping, each kind with why it sits in its mode.
INSERT INTO activity_kinds (key, label, mode, weight, why, builtin, position) VALUES
    ('attended_call', 'Attended a call or event', 'convey', 1, 'Being there and taking in what is shared is how most people first meet a community: information flows out to them, and they take it in.', 1, 1),
    ('posted_forum', 'Posted in the forum', 'contribute', 2, 'A new post gives something of the member''s own to everyone: a question, an idea, a resource.', 1, 2),
    ('replied_forum', 'Replied in the forum', 'contribute', 2, 'A reply adds the member''s own knowledge or experience to someone else''s thread.', 1, 3),
    ('asked_question', 'Asked a question', 'contribute', 2, 'Asking in the open is a contribution: others learn from the question and its answer, and it lowers the barrier for the next person to ask.', 1, 4),
    ('answered_question', 'Answered a question', 'contribute', 3, 'An answer shares the member''s expertise with another member directly; it takes more than asking.', 1, 5),
    ('opened_pull_request', 'Opened a pull request', 'contribute', 3, 'Submitting a fix or a feature is work of one''s own offered to the project; it turns into collaboration when others review it with them.', 1, 6),
    ('reviewed_pull_request', 'Reviewed a pull request', 'collaborate', 3, 'Reviewing is working with another member on their output toward a shared result, not adding one''s own.', 1, 7),
    ('gave_talk', 'Gave a talk', 'contribute', 4, 'A talk gives the member''s own work and knowledge to the community, and takes preparation.', 1, 8),
    ('wrote_blog_post', 'Wrote for the blog', 'contribute', 3, 'A post for the community''s blog is the member''s own content offered to everyone.', 1, 9),
    ('joined_working_group', 'Took part in a working group', 'collaborate', 3, 'A working group is members working with each other toward a shared output.', 1, 10),
    ('co_authored', 'Co-authored a guide or paper', 'collaborate', 4, 'Writing together is the clearest shared output: several members'' work in one piece.', 1, 11),
    ('mentored', 'Mentored a member', 'collaborate', 4, 'Mentoring is sustained work alongside another member toward their growth, over weeks or months.', 1, 12),
    ('hosted_session', 'Hosted or co-organised a session', 'co_create', 5, 'Hosting shapes the community''s own programming together with its hosts: the member decides what others are offered.', 1, 13),
    ('led_working_group', 'Led a working group', 'co_create', 5, 'Leading a group shapes how the community itself works and what it produces.', 1, 14),
    ('served_governance', 'Served on a steering or advisory group', 'co_create', 5, 'Governance is members shaping the community itself: its goals, its rules, its direction.', 1, 15);

-- One row per thing a member did. occurred_at is Unix seconds (UTC).
-- source says where it came from (manual, import, api, programming or a
-- platform such as github); external_id is that source's own id for it,
-- so the same (source, external_id) sent twice is one activity. Activities
-- without an external id (most manual ones) are never deduplicated.
CREATE TABLE activities (
    id          INTEGER PRIMARY KEY,
    member_id   BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    source      TEXT NOT NULL,
    occurred_at BIGINT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    url         TEXT NOT NULL DEFAULT '',
    external_id TEXT,
    created_by  BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX activities_external ON activities (source, external_id);
-- A member's activities newest first, and (later) each member's modes.
CREATE INDEX activities_member ON activities (member_id, occurred_at, id);
-- The whole community's activities newest first, by time window.
CREATE INDEX activities_occurred ON activities (occurred_at, id);
