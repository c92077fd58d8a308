-- Sessions in campaigns. A session may belong to one pillar's campaign
-- (the community call about the playbook): a nullable column rather than
-- a link table, since a session serves at most one campaign; deleting the
-- pillar keeps the session and forgets the link.
ALTER TABLE programme_sessions ADD COLUMN pillar_id BIGINT REFERENCES content_items(id) ON DELETE SET NULL;
CREATE INDEX programme_sessions_pillar ON programme_sessions (pillar_id, starts_at);

-- A campaign template entry of kind 'session' plans a session: of the
-- programme programme_id when set, else of the community's programme of
-- kind programme_kind most in use when the template is applied.
-- programme_id has no foreign key on purpose: a template is a plan, and
-- applying it refuses, naming the entry, when its programme is gone,
-- rather than silently planning something else. start_time ('HH:MM') and
-- time_zone left '' take the programme's usual time; duration_minutes 0
-- takes the programme's usual length.
ALTER TABLE content_template_entries ADD COLUMN programme_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE content_template_entries ADD COLUMN programme_id BIGINT;
ALTER TABLE content_template_entries ADD COLUMN start_time TEXT NOT NULL DEFAULT '';
ALTER TABLE content_template_entries ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
ALTER TABLE content_template_entries ADD COLUMN duration_minutes INTEGER NOT NULL DEFAULT 0;

-- The default "Pillar launch" template gains a community call a week on.
-- When the community has no community call programme, applying the
-- template plans the items and says the call was left out.
INSERT INTO content_template_entries (template_id, position, kind, channel, channel_label, title_pattern, offset_days, programme_kind)
SELECT t.id, 1 + (SELECT max(position) FROM content_template_entries e WHERE e.template_id = t.id),
       'session', '', '', 'Community call about {pillar}', 7, 'community_call'
FROM content_templates t WHERE t.name = 'Pillar launch'
  AND EXISTS (SELECT 1 FROM content_template_entries e WHERE e.template_id = t.id);
UPDATE content_templates SET description = 'Carry a new playbook or report across every channel in its first month: a blog post on launch day, social posts that day and the next, a community call about it a week on, the newsletter two weeks on, a video walk-through and a follow-up post after a month.'
WHERE name = 'Pillar launch' AND description = 'Carry a new playbook or report across every channel in its first month: a blog post on launch day, social posts that day and the next, the newsletter two weeks on, a video walk-through and a follow-up post after a month.';
