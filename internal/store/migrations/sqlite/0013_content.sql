-- Content: what the community publishes (posts, newsletters, reports,
-- videos, social posts ...), planned on a calendar and moved through a
-- board by status. A pillar is one foundational item (a playbook, a report)
-- with its campaign: the items derived from it point at it through
-- pillar_id. dated_on is published_on when set, else planned_on: the date
-- the calendar, the list and the goals' pages sort and filter by.
CREATE TABLE content_items (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL,
    title               TEXT NOT NULL,
    summary             TEXT NOT NULL DEFAULT '',
    url                 TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL DEFAULT 'idea',
    planned_on          TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD or ''
    published_on        TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD or ''
    dated_on            TEXT NOT NULL DEFAULT '',   -- published_on, else planned_on
    review_by           TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD or ''
    audience_segment_id BIGINT REFERENCES segments(id) ON DELETE SET NULL,
    audience_stages     TEXT NOT NULL DEFAULT '',
    modality            TEXT NOT NULL DEFAULT '',
    timing              TEXT NOT NULL DEFAULT '',
    mode                TEXT NOT NULL DEFAULT '',
    is_pillar           INTEGER NOT NULL DEFAULT 0,
    launch_on           TEXT NOT NULL DEFAULT '',   -- a pillar's launch date, YYYY-MM-DD or ''
    pillar_id           BIGINT REFERENCES content_items(id) ON DELETE SET NULL,
    created_by          BIGINT REFERENCES users(id) ON DELETE SET NULL,
    version             BIGINT NOT NULL DEFAULT 1,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX content_items_dated ON content_items (dated_on, id);
CREATE INDEX content_items_status ON content_items (status, dated_on);
CREATE INDEX content_items_pillar ON content_items (pillar_id, dated_on);

-- Where an item goes out; a custom channel carries its label.
CREATE TABLE content_channels (
    content_id BIGINT NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    channel    TEXT NOT NULL,
    label      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (content_id, position)
);
CREATE INDEX content_channels_channel ON content_channels (channel, content_id);

-- Authors: members (so member-led content shows) and team users.
CREATE TABLE content_members (
    content_id BIGINT NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
    member_id  BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (content_id, member_id)
);
CREATE INDEX content_members_member ON content_members (member_id);

CREATE TABLE content_users (
    content_id BIGINT NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (content_id, user_id)
);

CREATE TABLE content_goals (
    content_id BIGINT NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
    goal_id    BIGINT NOT NULL REFERENCES goals(id) ON DELETE RESTRICT,
    how        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (content_id, goal_id)
);
CREATE INDEX content_goals_goal ON content_goals (goal_id);

-- Figures read off a platform (views, clicks, downloads, attendees ...),
-- each on the date it was read. Every reading is kept: the latest per name
-- is the figure now, the earlier ones its history.
CREATE TABLE content_metrics (
    id         INTEGER PRIMARY KEY,
    content_id BIGINT NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,                -- views, clicks, downloads, attendees or custom
    label      TEXT NOT NULL DEFAULT '',     -- a custom figure's name
    value      REAL NOT NULL,
    read_on    TEXT NOT NULL,                -- YYYY-MM-DD
    entered_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    entered_at BIGINT NOT NULL
);
CREATE INDEX content_metrics_item ON content_metrics (content_id, read_on, id);

CREATE TABLE content_versions (
    content_id  BIGINT NOT NULL REFERENCES content_items(id) ON DELETE CASCADE,
    version     BIGINT NOT NULL,
    fields      TEXT NOT NULL,
    replaced_at BIGINT NOT NULL,
    PRIMARY KEY (content_id, version)
);

-- Campaign templates: the derived items a pillar's campaign plans, each
-- with its kind, channel, title pattern and offset from the launch date.
CREATE TABLE content_templates (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX content_templates_name ON content_templates (lower(name));

CREATE TABLE content_template_entries (
    template_id   BIGINT NOT NULL REFERENCES content_templates(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    channel       TEXT NOT NULL,
    channel_label TEXT NOT NULL DEFAULT '',
    title_pattern TEXT NOT NULL,
    offset_days   INTEGER NOT NULL,
    PRIMARY KEY (template_id, position)
);

-- Two templates to start from; managers edit them at /content/templates.
INSERT INTO content_templates (name, description, created_at, updated_at) VALUES
    ('Pillar launch', 'Carry a new playbook or report across every channel in its first month: a blog post on launch day, social posts that day and the next, the newsletter two weeks on, a video walk-through and a follow-up post after a month.', 0, 0),
    ('Report release', 'A lighter campaign for a report: announce it, share it, and bring it back in the newsletter.', 0, 0);
INSERT INTO content_template_entries (template_id, position, kind, channel, channel_label, title_pattern, offset_days)
SELECT t.id, e.position, e.kind, e.channel, '', e.title_pattern, e.offset_days
FROM content_templates t JOIN (
              SELECT 'Pillar launch' AS template, 0 AS position, 'blog_post' AS kind, 'website' AS channel, 'Introducing {pillar}' AS title_pattern, 0 AS offset_days
    UNION ALL SELECT 'Pillar launch', 1, 'social_post', 'mastodon', '{pillar} is out', 0
    UNION ALL SELECT 'Pillar launch', 2, 'social_post', 'bluesky', '{pillar} is out', 1
    UNION ALL SELECT 'Pillar launch', 3, 'social_post', 'linkedin', 'Why we wrote {pillar}', 2
    UNION ALL SELECT 'Pillar launch', 4, 'newsletter_issue', 'newsletter', 'In the newsletter: {pillar}', 14
    UNION ALL SELECT 'Pillar launch', 5, 'video', 'youtube', 'A walk through {pillar}', 21
    UNION ALL SELECT 'Pillar launch', 6, 'blog_post', 'website', '{pillar}: what we heard in the first month', 30
    UNION ALL SELECT 'Report release', 0, 'news_article', 'website', '{pillar} published', 0
    UNION ALL SELECT 'Report release', 1, 'social_post', 'linkedin', 'Read {pillar}', 1
    UNION ALL SELECT 'Report release', 2, 'newsletter_issue', 'newsletter', 'In the newsletter: {pillar}', 14
) e ON e.template = t.name;
